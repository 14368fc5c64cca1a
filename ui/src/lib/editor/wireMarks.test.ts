import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { Provenance } from "../ipc";
import { MATCH_AFTER_MS, wireMarks } from "./wireMarks";

const AFP = "Talks resumed in Geneva on Monday after a week of delays";

/** What core would answer for `text`: the AFP sentence, wherever it stands. */
function answer(text: string): Provenance {
  const at = text.indexOf(AFP);
  const found = at >= 0;
  return {
    wire_percent: found ? 70 : 0,
    words: 15,
    sources: found
      ? [{ wire_item_id: 7, provider: "AFP", headline: "Talks resume", version: 2, percent: 70, words: 11, killed: false, newer_version: null }]
      : [],
    agencies: found ? [{ provider: "AFP", percent: 70, credited: false }] : [],
    credit: found ? "With reporting from AFP" : null,
    passages: found ? [{ from: at, to: at + AFP.length, wire_item_id: 7 }] : [],
  };
}

describe("wireMarks", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function editor(text: string, ask: (text: string) => Promise<Provenance | null>) {
    const parent = document.createElement("div");
    document.body.append(parent);
    const answers: (Provenance | null)[] = [];
    const view = new EditorView({
      parent,
      state: EditorState.create({ doc: text, extensions: wireMarks(ask, (p) => answers.push(p)) }),
    });
    const marked = () => [...view.dom.querySelectorAll(".cm-wire-passage")].map((e) => [e.textContent, e.getAttribute("title")]);
    return { view, marked, answers };
  }

  it("underlines the passages that match an agency, named on hover, and follows the text", async () => {
    const ask = vi.fn(async (text: string) => answer(text));
    const { view, marked, answers } = editor(`Our own words. ${AFP}.`, ask);
    await vi.advanceTimersByTimeAsync(1);
    expect(marked()).toEqual([[AFP, "From AFP: “Talks resume” (wire item 7, v2)"]]);
    expect(answers.at(-1)?.credit).toBe("With reporting from AFP");

    // Typing in front moves the mark at once; matching waits for a pause.
    view.dispatch({ changes: { from: 0, insert: "Updated: " } });
    expect(marked()).toEqual([[AFP, "From AFP: “Talks resume” (wire item 7, v2)"]]);
    expect(ask).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(MATCH_AFTER_MS + 10);
    expect(ask).toHaveBeenCalledTimes(2);

    // The passage rewritten: no mark, and the panel hears 0%.
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: "All our own now." } });
    await vi.advanceTimersByTimeAsync(MATCH_AFTER_MS + 10);
    expect(marked()).toEqual([]);
    expect(answers.at(-1)?.wire_percent).toBe(0);
    view.destroy();
  });

  it("a draft with nothing to match against shows no marks", async () => {
    const { view, marked, answers } = editor(AFP, async () => null);
    await vi.advanceTimersByTimeAsync(1);
    expect(marked()).toEqual([]);
    expect(answers).toEqual([null]);
    view.destroy();
  });
});
