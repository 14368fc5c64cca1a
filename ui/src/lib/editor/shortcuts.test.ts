import { describe, expect, it } from "vitest";
import { editorAction } from "./shortcuts";

const key = (key: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "shiftKey" | "altKey", boolean>> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("editorAction", () => {
  it("maps the editor's keys", () => {
    expect(editorAction(key("s", { ctrlKey: true }), false)).toBe("save");
    expect(editorAction(key("p", { ctrlKey: true }), false)).toBe("preview");
    expect(editorAction(key("i", { ctrlKey: true }), false)).toBe("metadata");
    expect(editorAction(key("H", { ctrlKey: true, shiftKey: true }), false)).toBe("history");
    expect(editorAction(key("M", { ctrlKey: true, shiftKey: true }), false)).toBe("comments");
    expect(editorAction(key("F", { ctrlKey: true, shiftKey: true }), false)).toBe("focus");
    expect(editorAction(key("F", { metaKey: true, shiftKey: true }), true)).toBe("focus");
  });

  it("leaves focus mode with Esc, and only in focus mode", () => {
    expect(editorAction(key("Escape"), true)).toBe("leave-focus");
    expect(editorAction(key("Escape"), false)).toBeNull();
  });

  it("ignores keys that are not the editor's", () => {
    expect(editorAction(key("s"), false)).toBeNull();
    expect(editorAction(key("f", { ctrlKey: true }), false)).toBeNull();
    expect(editorAction(key("s", { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(editorAction(key("k", { ctrlKey: true }), false)).toBeNull();
    expect(editorAction(key("m", { ctrlKey: true }), false)).toBeNull();
  });
});
