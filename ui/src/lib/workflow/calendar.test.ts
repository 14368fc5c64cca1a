import { describe, expect, it } from "vitest";
import type { ArticleSummary } from "../ipc";
import { calendarEntries, localWall, nextDay } from "./calendar";

function story(id: number, status: ArticleSummary["status"], at: string | null): ArticleSummary {
  return {
    id,
    slug: "",
    headline: `Story ${id}`,
    section: "",
    tags: [],
    urgency: 5,
    status,
    author: "ed",
    word_count: 0,
    version: 1,
    updated_at: "2026-07-01T08:00:00Z",
    scheduled_at: status === "scheduled" ? at : null,
    embargo_until: null,
    published_at: status === "published" ? at : null,
  };
}

describe("calendarEntries", () => {
  it("shows scheduled stories (draggable) and published ones (fixed), nothing else", () => {
    const entries = calendarEntries([
      story(1, "scheduled", "2026-07-01T10:00:00Z"),
      story(2, "published", "2026-07-01T09:00:00Z"),
      story(3, "draft", null),
    ]);
    expect(entries.map((e) => [e.id, e.editable])).toEqual([
      ["1", true],
      ["2", false],
    ]);
  });
});

describe("localWall", () => {
  it("writes the wall time the user sees", () => {
    expect(localWall(new Date(2026, 6, 1, 9, 5, 7))).toBe("2026-07-01T09:05:07");
  });
});

describe("nextDay", () => {
  it("lists what is due within a day, soonest first", () => {
    const now = new Date("2026-07-01T08:00:00Z");
    const due = nextDay(
      [
        story(1, "scheduled", "2026-07-02T07:00:00Z"),
        story(2, "scheduled", "2026-07-01T09:00:00Z"),
        story(3, "scheduled", "2026-07-03T09:00:00Z"),
      ],
      now,
    );
    expect(due.map((a) => a.id)).toEqual([2, 1]);
  });
});
