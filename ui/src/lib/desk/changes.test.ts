import { describe, expect, it } from "vitest";
import type { Delivery } from "../ipc";
import { quarantined, summary, wireLine } from "./fixtures";
import { applyDeskChange, emptyDesk, HEADLINES_KEPT, noteHeadlines, schedulerNotice, type DeskData } from "./changes";

function delivery(state: Delivery["state"], last_error = ""): Delivery {
  return { id: 1, publication_id: 1, url: "https://example.test/hook", state, attempts: 5, next_at: "", last_status: null, last_error, by_newsroom: false };
}

const desk: DeskData = {
  ...emptyDesk,
  headlines: noteHeadlines(new Map(), [summary(2, "2026-11-29T10:00:00Z", "Bridge closes")]),
  quarantine: [quarantined(1, "a.xml")],
};

describe("applyDeskChange", () => {
  it("remembers the headline of a created or saved article and leaves the lists to their panes", () => {
    const next = applyDeskChange(desk, { kind: "article_saved", article: summary(3, "2026-11-29T11:00:00Z", "Ferry late") });
    expect(next.headlines.get(3)).toBe("Ferry late");
    expect(next.quarantine).toBe(desk.quarantine);
    expect(desk.headlines.has(3)).toBe(false);
    expect(applyDeskChange(desk, { kind: "article_deleted", id: 2 })).toBe(desk);
    expect(applyDeskChange(desk, { kind: "wire_received", stories: [wireLine(12, 101, "2026-11-29T11:00:00Z", 2)] })).toBe(desk);
  });

  it("keeps a bounded number of headlines, the latest seen", () => {
    const many = Array.from({ length: HEADLINES_KEPT + 20 }, (_, i) => ({ id: i, headline: `H${i}` }));
    const kept = noteHeadlines(new Map(), many);
    expect(kept.size).toBe(HEADLINES_KEPT);
    expect(kept.has(0)).toBe(false);
    expect(kept.get(HEADLINES_KEPT + 19)).toBe(`H${HEADLINES_KEPT + 19}`);
  });

  it("puts a quarantined file first, once", () => {
    const once = applyDeskChange(desk, { kind: "wire_quarantined", file: quarantined(2, "b.xml") });
    expect(once.quarantine.map((f) => f.name)).toEqual(["b.xml", "a.xml"]);
    const again = applyDeskChange(once, { kind: "wire_quarantined", file: quarantined(1, "a.xml") });
    expect(again.quarantine.map((f) => f.name)).toEqual(["a.xml", "b.xml"]);
  });

  it("shows a large drop's progress until every file is in", () => {
    expect(applyDeskChange(desk, { kind: "wire_scanned", found: 20 })).toBe(desk);
    let next = applyDeskChange(desk, { kind: "wire_scanned", found: 30 });
    expect(next.drop).toEqual({ total: 30, done: 0 });
    expect(next.notice).toBe("30 files arriving in the wire inbox…");
    next = applyDeskChange(next, { kind: "wire_batch_done", files: 12 });
    expect(next.drop).toEqual({ total: 30, done: 12 });
    expect(next.notice).toBe("Wire inbox: 12 of 30 files taken in…");
    next = applyDeskChange(next, { kind: "wire_batch_done", files: 25 });
    expect(next.drop).toBeNull();
    expect(next.notice).toBe("Wire inbox: all 30 files taken in.");
  });

  it("ignores finished batches when no large drop is under way", () => {
    expect(applyDeskChange(desk, { kind: "wire_batch_done", files: 3 })).toBe(desk);
  });

  it("tells the person when a webhook gives up, naming the story", () => {
    const failed = applyDeskChange(desk, { kind: "delivery_updated", article_id: 2, delivery: delivery("failed", "HTTP 500") });
    expect(failed.notice).toBe("Webhook gave up sending “Bridge closes”: HTTP 500. Open its Log to send it again.");
    const unknown = applyDeskChange(desk, { kind: "delivery_updated", article_id: 9, delivery: delivery("failed") });
    expect(unknown.notice).toBe("Webhook gave up sending “a story”: no answer. Open its Log to send it again.");
    expect(applyDeskChange(desk, { kind: "delivery_updated", article_id: 2, delivery: delivery("pending") })).toBe(desk);
  });

  it("tells the person what the newsroom refused and why, naming the story, and that their text is kept", () => {
    const after = applyDeskChange(emptyDesk, {
      kind: "newsroom_refused",
      article_id: 4,
      headline: "Bridge closed",
      what: "schedule",
      code: "invalid",
      message: "2026-12-07T20:51 UTC has already passed; pick a time in the future or publish now.",
    });
    expect(after.notice).toBe(
      "The newsroom refused your schedule of “Bridge closed”: 2026-12-07T20:51 UTC has already passed; pick a time in the future or publish now. It now shows as the newsroom has it; any text you wrote is in its History.",
    );
    const unnamed = applyDeskChange(emptyDesk, {
      kind: "newsroom_refused",
      article_id: null,
      headline: null,
      what: "comment",
      code: "forbidden",
      message: "only editors may do that",
    });
    expect(unnamed.notice).toMatch(/^The newsroom refused your comment: only editors may do that\. /);
  });

  it("leaves comment changes to the open editor", () => {
    const change = { kind: "comments_changed", article_id: 2, thread_id: 1, thread: null, open_threads: 0 } as const;
    expect(applyDeskChange(desk, change)).toBe(desk);
  });
});

describe("schedulerNotice", () => {
  it("says what the scheduler did, or nothing", () => {
    expect(schedulerNotice({ published: [], published_late: [], held: [], embargoed: [], blocked: [] })).toBeNull();
    expect(schedulerNotice({ published: [1, 2], published_late: [3], held: [], embargoed: [4], blocked: [5] })).toBe(
      "Scheduler: 2 published on schedule · 1 published late (missed while closed) · 1 due but still embargoed · 1 due but blocked by the checklist",
    );
  });
});
