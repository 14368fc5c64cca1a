import { describe, expect, it } from "vitest";
import { Text } from "@codemirror/state";
import { paragraphAround } from "./paragraphFocus";

const doc = Text.of(["## Head", "", "First line", "still first", "", "  ", "Second"]);

describe("paragraphAround", () => {
  it("spans the non-blank lines around the cursor", () => {
    expect(paragraphAround(doc, doc.line(4).from + 2)).toEqual({ first: 3, last: 4 });
    expect(paragraphAround(doc, doc.line(3).from)).toEqual({ first: 3, last: 4 });
    expect(paragraphAround(doc, 0)).toEqual({ first: 1, last: 1 });
    expect(paragraphAround(doc, doc.length)).toEqual({ first: 7, last: 7 });
  });

  it("treats a blank or whitespace-only line as a paragraph of its own", () => {
    expect(paragraphAround(doc, doc.line(2).from)).toEqual({ first: 2, last: 2 });
    expect(paragraphAround(doc, doc.line(6).from + 1)).toEqual({ first: 6, last: 6 });
  });

  it("copes with an empty text", () => {
    expect(paragraphAround(Text.of([""]), 0)).toEqual({ first: 1, last: 1 });
  });
});
