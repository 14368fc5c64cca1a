import { describe, expect, it } from "vitest";
import type { ArticleSummary } from "../ipc";
import { anyFilter, compareFor, matchesFilter } from "./arrange";

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
  a(3, { headline: "école reopens", section: "local", tags: ["schools"], word_count: 900, status: "killed" }),
  a(4, { headline: "Budget: what it means", section: "business", tags: ["Budget"], urgency: 1 }),
];

const shown = (f: Partial<typeof anyFilter>) =>
  list
    .filter((x) => matchesFilter(x, { ...anyFilter, ...f }))
    .sort(compareFor(f.sort ?? "updated"))
    .map((x) => x.id);

describe("matchesFilter and compareFor (the backend's list, for changes)", () => {
  it("keeps the newest first by default", () => {
    expect(shown({})).toEqual([4, 3, 2, 1]);
  });

  it("lists a queue (killed stories with the published) and one author's", () => {
    expect(shown({ queue: "published" })).toEqual([3]);
    expect(shown({ queue: "draft", author: "ben" })).toEqual([2]);
  });

  it("filters by every typed word across headline, slug, section and tags, ignoring ASCII case", () => {
    expect(shown({ text: "budget" })).toEqual([4, 2]);
    expect(shown({ text: "BUDGET council" })).toEqual([2]);
    expect(shown({ text: "local zoo" })).toEqual([1]);
    expect(shown({ text: "nothing-like-this" })).toEqual([]);
  });

  it("filters by section and by tag in any case", () => {
    expect(shown({ section: "local" })).toEqual([3, 1]);
    expect(shown({ tag: "budget" })).toEqual([4, 2]);
  });

  it("sorts by headline as SQLite's NOCASE does, by length and by urgency", () => {
    // NOCASE folds ASCII only: "école" sorts after every ASCII letter.
    expect(shown({ sort: "headline" })).toEqual([2, 4, 1, 3]);
    expect(shown({ sort: "words" })).toEqual([3, 1, 4, 2]);
    expect(shown({ sort: "urgency" })).toEqual([4, 1, 3, 2]);
  });
});
