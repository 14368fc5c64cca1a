import { describe, expect, it } from "vitest";
import { undo } from "@codemirror/commands";
import { BodyEditor, changedPart, editorKeymap } from "./body";

function make(text = "") {
  const parent = document.createElement("div");
  document.body.append(parent);
  const changes: string[] = [];
  const editor = new BodyEditor({
    parent,
    text,
    placeholder: "Write",
    label: "Body",
    onChange: (t) => changes.push(t),
  });
  return { editor, changes, parent };
}

describe("BodyEditor", () => {
  it("reports the user's edits with the whole text", () => {
    const { editor, changes } = make("Hello");
    editor.view.dispatch({ changes: { from: 5, insert: " world" }, userEvent: "input.type" });
    expect(changes).toEqual(["Hello world"]);
    expect(editor.text).toBe("Hello world");
    editor.destroy();
  });

  it("does not report loading or restoring as edits, and a restore can be undone", () => {
    const { editor, changes } = make("mine");
    editor.load("stored");
    editor.replace("restored");
    expect(changes).toEqual([]);
    expect(editor.text).toBe("restored");
    undo(editor.view);
    expect(editor.text).toBe("stored");
    expect(changes).toEqual(["stored"]);
    editor.destroy();
  });

  it("exposes the body to tests and assistive tech on the editable element", () => {
    const { editor, parent } = make("x");
    const content = parent.querySelector("[data-testid=body]");
    expect(content?.getAttribute("contenteditable")).toBe("true");
    expect(content?.getAttribute("aria-label")).toBe("Body");
    editor.destroy();
  });

  it("switches focus mode on and off", () => {
    const { editor, parent } = make("a\n\nb");
    editor.setFocusMode(true);
    expect(parent.querySelector(".cm-editor")?.classList.contains("cm-focus-mode")).toBe(true);
    editor.setFocusMode(false);
    expect(parent.querySelector(".cm-editor")?.classList.contains("cm-focus-mode")).toBe(false);
    editor.destroy();
  });

  it("leaves Ctrl+I and Ctrl+/ to the app", () => {
    const keys = editorKeymap().map((b) => b.key);
    expect(keys).not.toContain("Mod-i");
    expect(keys).not.toContain("Mod-/");
    expect(keys).toContain("Mod-z");
    expect(keys).toContain("Enter");
  });

  it("replaces only what differs, so the cursor keeps its place when the change is elsewhere", () => {
    const { editor, changes } = make("First paragraph.\n\nSecond one.");
    editor.view.dispatch({ selection: { anchor: 5 } });
    editor.replace("First paragraph.\n\nSecond one, changed on another desk.");
    expect(editor.text).toBe("First paragraph.\n\nSecond one, changed on another desk.");
    expect(editor.view.state.selection.main.head).toBe(5);
    expect(changes).toEqual([]);
    undo(editor.view);
    expect(editor.text).toBe("First paragraph.\n\nSecond one.");
    editor.destroy();
  });
});

describe("changedPart", () => {
  it("keeps the common start and end, and never splits a surrogate pair", () => {
    expect(changedPart("abcXdef", "abcYYdef")).toEqual({ from: 3, to: 4, insert: "YY" });
    expect(changedPart("same", "same and more")).toEqual({ from: 4, to: 4, insert: " and more" });
    expect(changedPart("gone", "")).toEqual({ from: 0, to: 4, insert: "" });
    // "🙂" and "🙃" share their first UTF-16 unit.
    const part = changedPart("a🙂b", "a🙃b");
    expect(part).toEqual({ from: 1, to: 3, insert: "🙃" });
  });
});
