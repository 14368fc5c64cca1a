// Wire provenance in the body: the passages that still match an agency's text carry a quiet
// margin-coloured underline, and hovering one names the agency and the item. The match runs in
// the backend (core's provenance) a moment after typing stops; the whole answer also goes to
// the details panel ("62% from wire", the credit line).
import type { Extension, Text } from "@codemirror/state";
import { Decoration, type DecorationSet } from "@codemirror/view";
import type { Provenance } from "../ipc";
import { markLayer, whenTypingPauses } from "./paused";

/** Matching costs more than a style check: wait a little longer after typing. */
export const MATCH_AFTER_MS = 1000;

const { set, field } = markLayer();

/** The marks for an answer about `doc`; passages past its end (text moved on) are left out. */
export function passageMarks(doc: Text, p: Provenance): DecorationSet {
  const sources = new Map(p.sources.map((s) => [s.wire_item_id, s]));
  const ranges = p.passages
    .filter((x) => x.from < x.to && x.to <= doc.length)
    .map((x) => {
      const s = sources.get(x.wire_item_id);
      const title = s ? `From ${s.provider}: “${s.headline}” (wire item ${s.wire_item_id}, v${s.version})` : "From the wire";
      return Decoration.mark({
        class: "cm-wire-passage",
        attributes: { title, "data-testid": "wire-passage" },
      }).range(x.from, x.to);
    });
  return Decoration.set(ranges, true);
}

/** Marks wire passages; `ask` answers `null` when there is nothing to match (a new draft). */
export function wireMarks(
  ask: (text: string) => Promise<Provenance | null>,
  onAnswer: (p: Provenance | null) => void,
): Extension {
  const plugin = whenTypingPauses(MATCH_AFTER_MS, ask, (view, doc, answer) => {
    onAnswer(answer);
    view.dispatch({ effects: set.of(answer ? passageMarks(doc, answer) : Decoration.none) });
  });
  // The look is in styles/theme.css (`.cm-wire-passage`): the CSP refuses late style elements.
  return [field, plugin];
}
