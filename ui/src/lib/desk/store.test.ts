import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Change, DeskInfo, DueReport, ListCounts } from "../ipc";
import { summary, wireLine } from "./fixtures";
import { COUNTS_SETTLE_MS, DeskStore, type DeskSource } from "./store.svelte";

const noCounts: ListCounts = { my_drafts: 0, drafts: 0, in_review: 0, ready: 0, scheduled: 0, published: 0, spiked: 0, wire: 0, quarantine: 0 };

const info = { author: "ana" } as DeskInfo;

/** A backend that records subscriptions and hands out what the test gives it. */
function fakeSource(overrides: Partial<DeskSource> = {}) {
  const subscribed: ((change: Change) => void)[] = [];
  let report: ((r: DueReport) => void) | null = null;
  let stopped = 0;
  let reads = 0;
  const source: DeskSource = {
    info: async () => info,
    counts: async () => {
      reads++;
      return { ...noCounts, drafts: 1 + reads, my_drafts: 1, wire: 1 };
    },
    listQuarantined: async () => [],
    newsroomStatus: async () => ({
      connected: false,
      signed_in: false,
      online: false,
      server: null,
      account: null,
      role: null,
      pending: 0,
      last_seq: 0,
      last_error: null,
      session_kept_in: null,
      activity: null,
    }),
    heldStories: async () => [],
    onDeskChange: async (apply) => {
      subscribed.push(apply);
      return () => stopped++;
    },
    onSchedulerReport: async (show) => {
      report = show;
      return () => stopped++;
    },
    ...overrides,
  };
  return {
    source,
    subscribed,
    send: (change: Change) => subscribed.forEach((apply) => apply(change)),
    report: (r: DueReport) => report?.(r),
    stopped: () => stopped,
    reads: () => reads,
  };
}

beforeEach(() => vi.useRealTimers());
afterEach(() => vi.useRealTimers());

describe("DeskStore", () => {
  it("loads the desk, subscribes once, and reads the counts again once changes settle", async () => {
    const fake = fakeSource();
    const store = new DeskStore(fake.source);
    const stop = await store.open();
    expect(fake.subscribed).toHaveLength(1);
    expect(store.me).toBe("ana");
    expect(store.counts.drafts).toBe(2);
    expect(store.counts.wire).toBe(1);

    vi.useFakeTimers();
    // A burst of changes: one read of the counts after the last.
    fake.send({ kind: "article_created", article: summary(3, "2026-11-29T11:00:00Z") });
    fake.send({ kind: "wire_received", stories: [wireLine(11, 101, "2026-11-29T11:00:00Z")] });
    fake.send({ kind: "comments_changed", article_id: 1, thread_id: 1, thread: null, open_threads: 0 });
    expect(fake.reads()).toBe(1);
    await vi.advanceTimersByTimeAsync(COUNTS_SETTLE_MS + 1);
    expect(fake.reads()).toBe(2);
    expect(store.counts.drafts).toBe(3);

    stop();
    expect(fake.stopped()).toBe(2);
  });

  it("passes every change on to the views that listen, until they stop", async () => {
    const fake = fakeSource();
    const store = new DeskStore(fake.source);
    await store.open();
    const seen: string[] = [];
    const stop = store.listen((c) => seen.push(c.kind));
    fake.send({ kind: "comments_changed", article_id: 1, thread_id: 1, thread: null, open_threads: 0 });
    stop();
    fake.send({ kind: "article_deleted", id: 1 });
    expect(seen).toEqual(["comments_changed"]);
  });

  it("shows the scheduler's report and a large drop as a notice", async () => {
    const fake = fakeSource();
    const store = new DeskStore(fake.source);
    await store.open();
    fake.report({ published: [1], published_late: [], held: [], embargoed: [], blocked: [] });
    expect(store.notice).toBe("Scheduler: 1 published on schedule");
    fake.send({ kind: "wire_scanned", found: 40 });
    expect(store.drop).toEqual({ total: 40, done: 0 });
    store.dismissNotice();
    expect(store.notice).toBeNull();
  });

  it("keeps the failure when the desk cannot be opened", async () => {
    const store = new DeskStore(
      fakeSource({
        info: async () => {
          throw new Error("database is locked");
        },
      }).source,
    );
    await store.open();
    expect(store.fatal?.code).toBe("internal");
    expect(store.fatal?.message).toContain("database is locked");
  });

  it("keeps an online status that overtook a status read in flight", async () => {
    const connected = {
      connected: true,
      signed_in: true,
      online: false,
      server: "http://newsroom",
      account: "ana",
      role: "writer",
      pending: 0,
      last_seq: 0,
      last_error: null,
      session_kept_in: null,
      activity: null,
    };
    let release: (() => void) | null = null;
    let slow = false;
    const fake = fakeSource({
      newsroomStatus: () =>
        slow ? new Promise((done) => (release = () => done({ ...connected }))) : Promise.resolve({ ...connected }),
    });
    const store = new DeskStore(fake.source);
    await store.open();
    slow = true;
    // The read starts before the follower's first report and returns after it.
    const read = store.refreshNewsroom();
    fake.send({ kind: "newsroom_status", link: "online", pending: 0, last_error: null });
    expect(store.newsroom?.activity?.link).toBe("online");
    release!();
    await read;
    expect(store.newsroom?.activity?.link).toBe("online");
    // A read that nothing overtook is taken as it is.
    const again = store.refreshNewsroom();
    release!();
    await again;
    expect(store.newsroom?.activity).toBeNull();
  });
});
