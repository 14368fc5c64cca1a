// House-style marks in the body: a quiet dotted underline under "Kiev" with what the desk
// writes instead on hover. The check runs in the backend, a moment after typing stops and never
// on the typing path; marks move with the text while a check is under way, and a check that
// was overtaken by more typing is dropped.
import type { Extension, Text } from "@codemirror/state";
import { Decoration, EditorView, keymap, type DecorationSet } from "@codemirror/view";
import { markLayer, whenTypingPauses } from "./paused";

/** What the backend flags (core's `StyleFlag`, as far as the marks need it). */
export interface Flag {
  /** "style" (the house style) or "spelling"; drawn differently. */
  kind?: string;
  line: number;
  column: number;
  text: string;
  message: string;
  suggestions: string[];
}

/** How long typing must pause before the text is checked. */
export const CHECK_AFTER_MS = 600;

const { set: setMarks, field: marks } = markLayer();

/** Where a flag stands in the document: its 1-based line and column (in characters). */
export function flagRange(doc: Text, flag: Flag): { from: number; to: number } | null {
  if (flag.line < 1 || flag.line > doc.lines) return null;
  const line = doc.line(flag.line);
  // Columns count characters; CodeMirror counts UTF-16 units.
  let offset = 0;
  let chars = 1;
  for (const ch of line.text) {
    if (chars === flag.column) break;
    offset += ch.length;
    chars++;
  }
  if (chars !== flag.column) return null;
  const from = line.from + offset;
  const to = from + flag.text.length;
  // The text moved on since the check: no mark rather than a wrong one.
  if (to > doc.length || doc.sliceString(from, to) !== flag.text) return null;
  return { from, to };
}

export function decorationsFor(doc: Text, flags: Flag[]): DecorationSet {
  const ranges = flags
    .map((flag) => ({ flag, range: flagRange(doc, flag) }))
    .filter((f): f is { flag: Flag; range: { from: number; to: number } } => f.range !== null)
    .sort((a, b) => a.range.from - b.range.from)
    .map(({ flag, range }) => {
      const fix = flag.suggestions[0] ? ` Write: ${flag.suggestions[0]}.` : "";
      const spelling = flag.kind === "spelling";
      return Decoration.mark({
        class: spelling ? "cm-style-flag cm-spelling-flag" : "cm-style-flag",
        attributes: { title: `${flag.message}${fix}`, "data-testid": "style-flag", "data-kind": flag.kind ?? "style" },
        suggestion: flag.suggestions[0] ?? null,
      }).range(range.from, range.to);
    });
  return Decoration.set(ranges, true);
}

/** The key that takes the house style's word for the flag at (or just before) the cursor. */
export const FIX_KEY = "Mod-.";

/**
 * Puts the suggestion in place of the flagged words at the cursor, or of the nearest flag
 * before it on the same line (the word just typed). False when there is none to take.
 */
export function fixAtCursor(view: EditorView): boolean {
  const head = view.state.selection.main.head;
  const line = view.state.doc.lineAt(head);
  let best: { from: number; to: number; suggestion: string } | null = null;
  view.state.field(marks).between(line.from, head, (from, to, mark) => {
    const suggestion = mark.spec.suggestion as string | null;
    if (suggestion && from <= head && (!best || from > best.from)) best = { from, to, suggestion };
  });
  const fix = best as { from: number; to: number; suggestion: string } | null;
  if (!fix) return false;
  view.dispatch({
    changes: { from: fix.from, to: fix.to, insert: fix.suggestion },
    userEvent: "input.complete",
  });
  return true;
}

/** Marks what `check` flags in the text, checked again once typing pauses. */
export function styleMarks(check: (text: string) => Promise<Flag[]>): Extension {
  const plugin = whenTypingPauses(CHECK_AFTER_MS, check, (view, doc, flags) =>
    view.dispatch({ effects: setMarks.of(decorationsFor(doc, flags)) }),
  );
  // The mark's look is in styles/theme.css (`.cm-style-flag`): a theme added here would be a
  // style element the strict CSP refuses.
  return [marks, plugin, keymap.of([{ key: FIX_KEY, run: fixAtCursor }])];
}
