// Typewriter scrolling: while it is on, the line with the cursor stays in the middle of the
// window as you type, delete, move or undo, and the page moves instead of the eye.
import { EditorState, type Extension, type Transaction } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

// Pointer selections are left alone: re-centring while the mouse drags a selection would pull
// the text out from under it.
const FOLLOWED = ["input", "delete", "move", "undo", "redo"];

/** Whether this transaction moved the cursor in a way the view should re-centre on. */
export function recentres(tr: Transaction): boolean {
  if (!tr.docChanged && !tr.selection) return false;
  if (tr.isUserEvent("select.pointer")) return false;
  return tr.isUserEvent("select") || FOLLOWED.some((event) => tr.isUserEvent(event));
}

/** Scrolls the view so that `pos` sits in the vertical middle. */
export function centreOn(pos: number) {
  return EditorView.scrollIntoView(pos, { y: "center" });
}

export function typewriter(): Extension {
  return EditorState.transactionExtender.of((tr) =>
    recentres(tr) ? { effects: centreOn(tr.newSelection.main.head) } : null,
  );
}
