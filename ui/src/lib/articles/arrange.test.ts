import { describe, expect, it } from "vitest";
import type { ArticleSummary } from "../ipc";
import { anyArrangement, arrange, facets } from "./arrange";

function a(id: number, over: Partial<ArticleSummary>): ArticleSummary {
  return {
    id,
    slug: "",
    headline: `Story ${id}`,
    section: "",
    tags: [],
    urgency: 5,
    status: "draft",
    author: "ana",
    word_count: 100,
    version: 1,
    updated_at: `2026-11-29T0${id}:00:00Z`,
    scheduled_at: null,
    embargo_until: null,
    published_at: null,
    ...over,
  };
}

const list = [
  a(1, { headline: "Zoo opens new wing", section: "local", tags: ["Animals"], word_count: 300, urgency: 3 }),
  a(2, { headline: "Budget vote delayed", section: "politics", tags: ["council", "budget"], author: "ben" }),
  a(3, { headline: "école reopens", section: "local", tags: ["schools"], word_count: 900 }),
  a(4, { headline: "Budget: what it means", section: "business", tags: ["Budget"], urgency: 1 }),
];

describe("arrange", () => {
  it("keeps the newest first by default and leaves the input alone", () => {
    expect(arrange(list, anyArrangement).map((x) => x.id)).toEqual([4, 3, 2, 1]);
    expect(list.map((x) => x.id)).toEqual([1, 2, 3, 4]);
  });

  it("shows only my articles when asked", () => {
    expect(arrange(list, { ...anyArrangement, author: "ben" }).map((x) => x.id)).toEqual([2]);
  });

  it("filters by every typed word across headline, section and tags, ignoring case", () => {
    expect(arrange(list, { ...anyArrangement, text: "budget" }).map((x) => x.id)).toEqual([4, 2]);
    expect(arrange(list, { ...anyArrangement, text: "BUDGET council" }).map((x) => x.id)).toEqual([2]);
    expect(arrange(list, { ...anyArrangement, text: "local zoo" }).map((x) => x.id)).toEqual([1]);
    expect(arrange(list, { ...anyArrangement, text: "nothing-like-this" })).toEqual([]);
  });

  it("filters by section and by tag in any case", () => {
    expect(arrange(list, { ...anyArrangement, section: "local" }).map((x) => x.id)).toEqual([3, 1]);
    expect(arrange(list, { ...anyArrangement, tag: "budget" }).map((x) => x.id)).toEqual([4, 2]);
  });

  it("sorts by headline (accents folded), length and urgency", () => {
    expect(arrange(list, { ...anyArrangement, sort: "headline" }).map((x) => x.id)).toEqual([2, 4, 3, 1]);
    expect(arrange(list, { ...anyArrangement, sort: "words" }).map((x) => x.id)).toEqual([3, 1, 4, 2]);
    expect(arrange(list, { ...anyArrangement, sort: "urgency" }).map((x) => x.id)).toEqual([4, 1, 3, 2]);
  });
});

describe("facets", () => {
  it("lists each section and tag once, sorted, tags in their first spelling", () => {
    expect(facets(list)).toEqual({
      sections: ["business", "local", "politics"],
      tags: ["Animals", "budget", "council", "schools"],
    });
  });
});
