import { describe, expect, it } from "vitest";
import type { SearchHit } from "../ipc";
import { wireLine as line } from "../desk/fixtures";
import { compareWire, filterStories, plainParagraphs, rankByHits, urgencyTone, wireFilterFor } from "./queue";

describe("compareWire and wireFilterFor", () => {
  it("orders the queue newest first, as the backend pages it", () => {
    const queue = [line(1, 10, "2026-11-29T09:00:00Z"), line(3, 10, "2026-11-29T11:00:00Z"), line(2, 20, "2026-11-29T11:00:00Z")];
    expect([...queue].sort(compareWire).map((s) => s.id)).toEqual([3, 2, 1]);
  });

  it("asks the backend for the same narrowing", () => {
    const now = new Date("2026-11-29T12:00:00Z");
    expect(wireFilterFor({ provider: "", format: "", urgentOnly: false, withinHours: 0 }, now)).toEqual({
      provider: null,
      format: null,
      max_urgency: null,
      received_since: null,
      limit: null,
    });
    expect(wireFilterFor({ provider: "AAP", format: "nitf", urgentOnly: true, withinHours: 24 }, now)).toEqual({
      provider: "AAP",
      format: "nitf",
      max_urgency: 2,
      received_since: "2026-11-28T12:00:00.000Z",
      limit: null,
    });
  });
});

describe("urgencyTone", () => {
  it("marks flash and bulletin copy", () => {
    expect(urgencyTone(1)).toBe("flash");
    expect(urgencyTone(2)).toBe("urgent");
    expect(urgencyTone(4)).toBe("high");
    expect(urgencyTone(5)).toBe("routine");
    expect(urgencyTone(null)).toBe("routine");
  });
});

describe("plainParagraphs", () => {
  it("splits paragraphs and shows escaped characters as written", () => {
    expect(plainParagraphs("Price: \\$5 \\*net\\*\n\nSecond  para")).toEqual([
      "Price: \\$5 *net*",
      "Second  para",
    ]);
    expect(plainParagraphs("1\\. Item\n\n\n")).toEqual(["1. Item"]);
  });
});

describe("filterStories", () => {
  it("narrows by source, format, urgency and time", () => {
    const now = new Date("2026-11-29T12:00:00Z");
    const a = { ...line(1, 1, "2026-11-29T11:30:00Z"), provider: "AAP", urgency: 1 };
    const b = { ...line(2, 2, "2026-11-28T11:30:00Z"), provider: "AFP", format: "newsml_g2" as const };
    const all = { provider: "", format: "", urgentOnly: false, withinHours: 0 };
    expect(filterStories([a, b], all, now)).toHaveLength(2);
    expect(filterStories([a, b], { ...all, provider: "AFP" }, now).map((s) => s.id)).toEqual([2]);
    expect(filterStories([a, b], { ...all, format: "newsml_g2" }, now).map((s) => s.id)).toEqual([2]);
    expect(filterStories([a, b], { ...all, urgentOnly: true }, now).map((s) => s.id)).toEqual([1]);
    expect(filterStories([a, b], { ...all, withinHours: 24 }, now).map((s) => s.id)).toEqual([1]);
  });
});

describe("rankByHits", () => {
  const stories = [line(30, 3, "2026-11-29T10:00:00Z", 2), line(20, 2, "2026-11-29T09:00:00Z")];
  const hit = (kind: SearchHit["kind"], id: number, story_id: number | null): SearchHit => ({
    kind,
    id,
    story_id,
    headline: "",
    snippet: `snippet ${id}`,
    rank: -1,
    when: "2026-11-29T10:00:00Z",
  });

  it("keeps the whole queue when no search is active", () => {
    expect(rankByHits(stories, null).map((r) => r.story.id)).toEqual([30, 20]);
  });

  it("orders stories by the search, matching an older version to its story, ignoring drafts", () => {
    const ranked = rankByHits(stories, [hit("wire", 20, 2), hit("article", 7, null), hit("wire", 29, 3), hit("wire", 99, 9)]);
    expect(ranked.map((r) => r.story.id)).toEqual([20, 30]);
    expect(ranked[1].snippet).toBe("snippet 29");
  });
});
