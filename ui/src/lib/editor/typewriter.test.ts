import { describe, expect, it } from "vitest";
import { EditorState } from "@codemirror/state";
import { recentres, typewriter } from "./typewriter";

const state = EditorState.create({ doc: "one\ntwo\nthree" });

describe("recentres", () => {
  it("follows typing, deleting, keyboard moves and undo", () => {
    expect(recentres(state.update({ changes: { from: 0, insert: "x" }, userEvent: "input.type" }))).toBe(true);
    expect(recentres(state.update({ changes: { from: 0, to: 1 }, userEvent: "delete.backward" }))).toBe(true);
    expect(recentres(state.update({ selection: { anchor: 5 }, userEvent: "select" }))).toBe(true);
    expect(recentres(state.update({ changes: { from: 0, insert: "x" }, userEvent: "undo" }))).toBe(true);
  });

  it("leaves mouse selections and program changes alone", () => {
    expect(recentres(state.update({ selection: { anchor: 5 }, userEvent: "select.pointer" }))).toBe(false);
    expect(recentres(state.update({ changes: { from: 0, insert: "x" } }))).toBe(false);
    expect(recentres(state.update({ userEvent: "input.type" }))).toBe(false);
  });
});

describe("typewriter", () => {
  it("adds a centring scroll to the cursor's new place", () => {
    const on = EditorState.create({ doc: "one\ntwo", extensions: typewriter() });
    const tr = on.update({ changes: { from: 7, insert: "\nthree" }, selection: { anchor: 13 }, userEvent: "input" });
    expect(tr.effects).toHaveLength(1);
    const target = (tr.effects[0].value as { range: { head: number }; y: string });
    expect(target.range.head).toBe(13);
    expect(target.y).toBe("center");
  });
});
