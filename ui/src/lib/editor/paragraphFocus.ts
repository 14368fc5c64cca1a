// In focus mode the paragraph with the cursor stays at full strength and the rest of the text
// steps back (iA Writer's paragraph focus). A paragraph is a run of non-blank lines.
import { RangeSetBuilder, type Extension, type Text } from "@codemirror/state";
import {
  Decoration,
  EditorView,
  ViewPlugin,
  type DecorationSet,
  type ViewUpdate,
} from "@codemirror/view";

const blank = (text: string) => text.trim() === "";

/** Line numbers (1-based, inclusive) of the paragraph around `pos`; a blank line is its own. */
export function paragraphAround(doc: Text, pos: number): { first: number; last: number } {
  const at = doc.lineAt(pos).number;
  if (blank(doc.line(at).text)) return { first: at, last: at };
  let first = at;
  while (first > 1 && !blank(doc.line(first - 1).text)) first--;
  let last = at;
  while (last < doc.lines && !blank(doc.line(last + 1).text)) last++;
  return { first, last };
}

const dimmed = Decoration.line({ class: "cm-dimmed" });

function decorate(view: EditorView): DecorationSet {
  const { doc } = view.state;
  const { first, last } = paragraphAround(doc, view.state.selection.main.head);
  const builder = new RangeSetBuilder<Decoration>();
  let done = 0; // two visible ranges can share a line
  for (const { from, to } of view.visibleRanges) {
    for (let n = Math.max(doc.lineAt(from).number, done + 1), end = doc.lineAt(to).number; n <= end; n++) {
      done = n;
      if (n < first || n > last) {
        const line = doc.line(n);
        builder.add(line.from, line.from, dimmed);
      }
    }
  }
  return builder.finish();
}

export function paragraphFocus(): Extension {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = decorate(view);
      }
      update(update: ViewUpdate) {
        if (update.docChanged || update.selectionSet || update.viewportChanged) {
          this.decorations = decorate(update.view);
        }
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}
