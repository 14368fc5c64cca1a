import { describe, expect, it } from "vitest";
import { snippetRuns } from "./snippet";

describe("snippetRuns", () => {
  it("splits highlighted words from the rest, as text (never HTML)", () => {
    expect(snippetRuns("the \uE000harbour\uE001 <b>wall</b>")).toEqual([
      { text: "the ", hit: false },
      { text: "harbour", hit: true },
      { text: " <b>wall</b>", hit: false },
    ]);
  });

  it("copes with an unclosed mark and an empty snippet", () => {
    expect(snippetRuns("\uE000open")).toEqual([{ text: "open", hit: true }]);
    expect(snippetRuns("")).toEqual([]);
  });
});
