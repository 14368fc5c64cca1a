import { describe, expect, it } from "vitest";
import type { ArticleSummary } from "../ipc";
import { applyChange } from "./list";

function summary(id: number, updated_at: string, headline = `A${id}`): ArticleSummary {
  return {
    id,
    slug: "",
    headline,
    section: "",
    tags: [],
    urgency: 5,
    status: "draft",
    author: "ana",
    word_count: 0,
    version: 1,
    updated_at,
    scheduled_at: null,
    embargo_until: null,
    published_at: null,
  };
}

describe("applyChange", () => {
  const list = [summary(2, "2026-11-29T10:00:00Z"), summary(1, "2026-11-29T09:00:00Z")];

  it("puts a new article first", () => {
    const next = applyChange(list, {
      kind: "article_created",
      article: summary(3, "2026-11-29T11:00:00Z"),
    });
    expect(next.map((a) => a.id)).toEqual([3, 2, 1]);
  });

  it("replaces a saved article instead of adding it twice", () => {
    const saved = { ...summary(1, "2026-11-29T12:00:00Z", "Renamed"), version: 2 };
    const next = applyChange(list, { kind: "article_saved", article: saved });
    expect(next.map((a) => a.id)).toEqual([1, 2]);
    expect(next[0].headline).toBe("Renamed");
    expect(next).toHaveLength(2);
  });

  it("drops a deleted article and leaves the input alone", () => {
    const next = applyChange(list, { kind: "article_deleted", id: 2 });
    expect(next.map((a) => a.id)).toEqual([1]);
    expect(list).toHaveLength(2);
  });
});
