import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EditorState, Text } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { CHECK_AFTER_MS, fixAtCursor, flagRange, styleMarks, type Flag } from "./styleMarks";

const kiev = (line: number, column: number, text = "Kiev"): Flag => ({
  line,
  column,
  text,
  message: "House style: Kyiv",
  suggestions: ["Kyiv"],
});

describe("flagRange", () => {
  it("finds a flag by its line and character column, also after wide characters", () => {
    const doc = Text.of(["Talks in Kiev.", "🙂 Kiev again"]);
    expect(flagRange(doc, kiev(1, 10))).toEqual({ from: 9, to: 13 });
    // The emoji is one character but two UTF-16 units.
    const second = flagRange(doc, kiev(2, 3));
    expect(second && doc.sliceString(second.from, second.to)).toBe("Kiev");
  });

  it("drops a flag the text no longer matches", () => {
    const doc = Text.of(["Talks in Kyiv."]);
    expect(flagRange(doc, kiev(1, 10))).toBeNull();
    expect(flagRange(doc, kiev(3, 1))).toBeNull();
  });
});

describe("styleMarks", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function editor(text: string, check: (text: string) => Promise<Flag[]>) {
    const parent = document.createElement("div");
    document.body.append(parent);
    const view = new EditorView({ parent, state: EditorState.create({ doc: text, extensions: styleMarks(check) }) });
    const marked = () => [...view.dom.querySelectorAll(".cm-style-flag")].map((e) => [e.textContent, e.getAttribute("title")]);
    return { view, marked };
  }

  it("marks what the check flags, and checks again only once typing pauses", async () => {
    const check = vi.fn(async (text: string) => {
      const at = text.indexOf("Kiev");
      return at < 0 ? [] : [kiev(1, at + 1)];
    });
    const { view, marked } = editor("Talks in Kiev.", check);
    await vi.advanceTimersByTimeAsync(1);
    expect(marked()).toEqual([["Kiev", "House style: Kyiv Write: Kyiv."]]);
    expect(check).toHaveBeenCalledTimes(1);

    // Typing in front moves the mark with its word at once; the check waits for a pause.
    view.dispatch({ changes: { from: 0, insert: "New " } });
    view.dispatch({ changes: { from: 0, insert: "Big " } });
    expect(marked()).toEqual([["Kiev", "House style: Kyiv Write: Kyiv."]]);
    await vi.advanceTimersByTimeAsync(CHECK_AFTER_MS - 10);
    expect(check).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(check).toHaveBeenCalledTimes(2);

    // Fixed: the mark goes.
    const at = view.state.doc.toString().indexOf("Kiev");
    view.dispatch({ changes: { from: at, to: at + 4, insert: "Kyiv" } });
    await vi.advanceTimersByTimeAsync(CHECK_AFTER_MS + 10);
    expect(marked()).toEqual([]);
    view.destroy();
  });

  it("draws a spelling flag with its own class, beside the house style's", async () => {
    const check = async (): Promise<Flag[]> => [
      kiev(1, 10),
      { kind: "spelling", line: 1, column: 16, text: "recieved", message: "Spelling (en_GB): did you mean \"received\"?", suggestions: ["received"] },
    ];
    const { view } = editor("Talks in Kiev, recieved.", check);
    await vi.advanceTimersByTimeAsync(1);
    const kinds = [...view.dom.querySelectorAll("[data-testid=style-flag]")].map((e) => [
      e.textContent,
      e.getAttribute("data-kind"),
      e.classList.contains("cm-spelling-flag"),
    ]);
    expect(kinds).toEqual([
      ["Kiev", "style", false],
      ["recieved", "spelling", true],
    ]);
    view.destroy();
  });

  it("drops an answer that typing overtook", async () => {
    let answer: ((flags: Flag[]) => void) | null = null;
    const check = vi.fn(() => new Promise<Flag[]>((done) => (answer = done)));
    const { view, marked } = editor("Talks in Kiev.", check);
    await vi.advanceTimersByTimeAsync(1);
    view.dispatch({ changes: { from: 0, insert: "X" } });
    answer!([kiev(1, 10)]);
    await vi.advanceTimersByTimeAsync(1);
    expect(marked()).toEqual([]);
    view.destroy();
  });

  it("takes the house style's word for the flag just typed, and nothing without one", async () => {
    const check = async (text: string) => {
      const at = text.indexOf("Kiev");
      return at < 0 ? [] : [kiev(1, at + 1)];
    };
    const { view } = editor("Ferries run to Kiev. More", check);
    await vi.advanceTimersByTimeAsync(1);
    // The cursor just after "Kiev." as when it was typed.
    view.dispatch({ selection: { anchor: "Ferries run to Kiev.".length } });
    expect(fixAtCursor(view)).toBe(true);
    expect(view.state.doc.toString()).toBe("Ferries run to Kyiv. More");
    // Nothing flagged before the cursor on its line: the key does nothing.
    view.dispatch({ selection: { anchor: 3 } });
    expect(fixAtCursor(view)).toBe(false);
    view.destroy();
  });
});
