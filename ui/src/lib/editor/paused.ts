// Work on the body that runs a moment after typing stops, in the backend, never on the typing
// path: the house-style check and the wire-provenance match. An answer overtaken by more
// typing is dropped; a failed one leaves things as they were (marks are hints).
import { StateEffect, StateField, type Text } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from "@codemirror/view";

/** Marks that move with the text as it is edited, replaced whole by the `set` effect. */
export function markLayer() {
  const set = StateEffect.define<DecorationSet>();
  const field = StateField.define<DecorationSet>({
    create: () => Decoration.none,
    update(value, tr) {
      let next = value.map(tr.changes);
      for (const effect of tr.effects) if (effect.is(set)) next = effect.value;
      return next;
    },
    provide: (f) => EditorView.decorations.from(f),
  });
  return { set, field };
}

/** Asks `ask` about the text once typing has paused for `ms`, and hands the answer to `show`. */
export function whenTypingPauses<T>(
  ms: number,
  ask: (text: string) => Promise<T>,
  show: (view: EditorView, doc: Text, answer: T) => void,
) {
  return ViewPlugin.fromClass(
    class {
      private timer: ReturnType<typeof setTimeout> | undefined;
      private asked = 0;

      constructor(private readonly view: EditorView) {
        this.schedule(0);
      }

      update(update: ViewUpdate) {
        if (update.docChanged) this.schedule(ms);
      }

      private schedule(wait: number) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.run(), wait);
      }

      private async run() {
        const turn = ++this.asked;
        const doc = this.view.state.doc;
        let answer: T;
        try {
          answer = await ask(doc.toString());
        } catch {
          return;
        }
        // Overtaken by typing, or the editor went away meanwhile.
        if (turn !== this.asked || this.view.state.doc !== doc) return;
        show(this.view, doc, answer);
      }

      destroy() {
        clearTimeout(this.timer);
        this.asked++;
      }
    },
  );
}
