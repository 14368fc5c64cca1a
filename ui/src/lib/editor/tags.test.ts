import { describe, expect, it } from "vitest";
import { addTags, hasTag, normaliseTag, splitEntry, suggestionsFor } from "./tags";

describe("tags", () => {
  it("normalises one tag", () => {
    expect(normaliseTag("  Local   news ")).toBe("Local news");
    expect(normaliseTag("a,b")).toBe("a b");
  });

  it("adds comma-separated tags once, whatever their case", () => {
    expect(addTags(["Transport"], "transport, Local ,, Coast")).toEqual(["Transport", "Local", "Coast"]);
    expect(addTags([], "   ")).toEqual([]);
    expect(hasTag(["Coast"], " coast ")).toBe(true);
  });

  it("turns what comes before a comma into chips and keeps the rest in the field", () => {
    expect(splitEntry("Transport")).toEqual({ complete: [], rest: "Transport" });
    expect(splitEntry("Transport,")).toEqual({ complete: ["Transport"], rest: "" });
    expect(splitEntry("Transport, Local, Coa")).toEqual({ complete: ["Transport", "Local"], rest: "Coa" });
  });

  it("does not suggest a tag the article already has", () => {
    const uses = [
      { name: "Transport", articles: 9 },
      { name: "Travel", articles: 2 },
    ];
    expect(suggestionsFor(uses, ["transport"])).toEqual([{ name: "Travel", articles: 2 }]);
  });
});
