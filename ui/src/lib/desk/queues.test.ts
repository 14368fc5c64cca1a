import { describe, expect, it } from "vitest";
import { queueCounts, queueStatus } from "./queues";

describe("queues", () => {
  it("lists drafts for both draft queues and each other status in its own", () => {
    expect(queueStatus("drafts")).toBe("draft");
    expect(queueStatus("my_drafts")).toBe("draft");
    expect(queueStatus("scheduled")).toBe("scheduled");
    expect(queueStatus("wire")).toBeNull();
  });

  it("shows the backend's counts, the calendar's being the scheduled stories", () => {
    const counts = queueCounts({
      my_drafts: 1,
      drafts: 2,
      in_review: 0,
      ready: 0,
      scheduled: 3,
      published: 2,
      spiked: 0,
      wire: 7,
      quarantine: 2,
    });
    expect(counts).toMatchObject({ my_drafts: 1, drafts: 2, scheduled: 3, calendar: 3, published: 2, wire: 7, quarantine: 2 });
    expect(queueCounts(null).drafts).toBe(0);
  });
});
