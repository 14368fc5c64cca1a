import { describe, expect, it } from "vitest";
import { RowWindow, type Page, type Seek } from "./window";

interface Row {
  id: number;
  /** The sort value: highest first, then the highest id. */
  v: number;
}
type Key = Row;

const order = (a: Row, b: Row) => b.v - a.v || b.id - a.id;

/** A backend with keyset paging over an in-memory list, counting its reads. */
class FakeDesk {
  rows: Row[];
  reads: Seek<Key>[] = [];
  constructor(n: number) {
    this.rows = Array.from({ length: n }, (_, i) => ({ id: i + 1, v: i + 1 })).sort(order);
  }
  fetch = async (seek: Seek<Key>, limit: number): Promise<Page<Row, Key>> => {
    this.reads.push(seek);
    const all = [...this.rows].sort(order);
    let from = 0;
    let to = 0;
    let start: number | null = null;
    switch (seek.from) {
      case "first":
        [from, to, start] = [0, limit, 0];
        break;
      case "offset":
        [from, to, start] = [seek.key, seek.key + limit, seek.key];
        break;
      case "last":
        from = Math.max(0, all.length - limit);
        [to, start] = [all.length, from];
        break;
      case "after": {
        const i = all.findIndex((r) => order(r, seek.key) > 0);
        from = i < 0 ? all.length : i;
        to = from + limit;
        break;
      }
      case "before": {
        const i = all.findIndex((r) => order(r, seek.key) >= 0);
        to = i < 0 ? all.length : i;
        from = Math.max(0, to - limit);
        break;
      }
    }
    const items = all.slice(from, to);
    return {
      items,
      total: all.length,
      start,
      next: to < all.length && items.length ? items[items.length - 1] : null,
      previous: from > 0 && items.length ? items[0] : null,
    };
  };
}

function windowOn(desk: FakeDesk, page = 10, keep = 30) {
  let changes = 0;
  const w = new RowWindow<Row, Key>({
    fetch: desk.fetch,
    keyOf: (r) => r,
    idOf: (r) => r.id,
    page,
    keep,
    onChange: () => changes++,
  });
  return { w, changes: () => changes };
}

const ids = (rows: readonly Row[]) => rows.map((r) => r.id);

describe("RowWindow", () => {
  it("reads the first page and knows the list's size", async () => {
    const desk = new FakeDesk(1000);
    const { w, changes } = windowOn(desk);
    await w.reset();
    expect(w.loaded).toBe(true);
    expect([w.start, w.rows.length, w.total]).toEqual([0, 10, 1000]);
    expect(ids(w.rows)).toEqual([1000, 999, 998, 997, 996, 995, 994, 993, 992, 991]);
    expect(changes()).toBeGreaterThan(0);
  });

  it("reads on by key while scrolling down and holds no more than it keeps", async () => {
    const desk = new FakeDesk(1000);
    const { w } = windowOn(desk);
    await w.reset();
    for (let top = 0; top < 400; top += 7) {
      await w.want(top, top + 12);
      expect(w.at(top)?.id).toBe(1000 - top);
      expect(w.at(top + 11)?.id).toBe(1000 - top - 11);
      expect(w.rows.length).toBeLessThanOrEqual(30);
    }
    // Scrolling, not jumping: every read after the first continued from a row's key.
    expect(desk.reads.slice(1).every((s) => s.from === "after")).toBe(true);
  });

  it("reads back by key while scrolling up", async () => {
    const desk = new FakeDesk(500);
    const { w } = windowOn(desk);
    await w.reset();
    await w.want(200, 210); // a jump
    expect(desk.reads.at(-1)).toEqual({ from: "offset", key: 200 });
    for (let top = 200; top >= 150; top -= 5) {
      await w.want(top, top + 10);
      expect(w.at(top)?.id).toBe(500 - top);
    }
    expect(desk.reads.some((s) => s.from === "before")).toBe(true);
    expect(ids(w.rows)).toEqual(ids(desk.rows.slice(w.start, w.end)));
  });

  it("End reads the last page and Home the first, wherever the window was", async () => {
    const desk = new FakeDesk(10_000);
    const { w } = windowOn(desk);
    await w.reset();
    await w.want(w.total - 10, w.total);
    expect(desk.reads.at(-1)).toEqual({ from: "last" });
    expect(w.at(9_999)?.id).toBe(1);
    expect(w.end).toBe(10_000);
    await w.want(0, 10);
    expect(desk.reads.at(-1)).toEqual({ from: "first" });
    expect([w.start, w.at(0)?.id]).toEqual([0, 10_000]);
  });

  it("throws away a read that a reset overtook", async () => {
    const desk = new FakeDesk(100);
    let answerLate = null as (() => void) | null;
    let calls = 0;
    const w = new RowWindow<Row, Key>({
      // The first read (the old filter's) answers only after the second.
      fetch: async (seek, limit) => {
        const page = await desk.fetch(seek, limit);
        if (calls++ === 0) await new Promise<void>((go) => (answerLate = go));
        return page;
      },
      keyOf: (r) => r,
      idOf: (r) => r.id,
      page: 10,
    });
    const old = w.reset();
    while (!answerLate) await new Promise((r) => setTimeout(r, 0));
    desk.rows = desk.rows.filter((r) => r.id % 2 === 0); // the new filter's list
    const fresh = w.reset();
    answerLate!();
    await Promise.all([old, fresh]);
    expect(w.total).toBe(50);
    expect(w.rows.every((r) => r.id % 2 === 0)).toBe(true);
  });

  it("a read that a refresh overtook is read again, never stitched onto the new rows", async () => {
    const desk = new FakeDesk(200);
    let hold: (() => void) | null = null;
    let holding = false;
    const w = new RowWindow<Row, Key>({
      fetch: async (seek, limit) => {
        const page = await desk.fetch(seek, limit);
        if (holding && seek.from === "after") await new Promise<void>((go) => (hold = go));
        return page;
      },
      keyOf: (r) => r,
      idOf: (r) => r.id,
      page: 10,
    });
    await w.reset();
    holding = true;
    const scrolling = w.want(0, 20); // reads after row 10, and waits
    while (!hold) await new Promise((r) => setTimeout(r, 0));
    holding = false;
    // Meanwhile two rows arrive on top and a refresh re-reads the held rows.
    desk.rows.push({ id: 201, v: 201 }, { id: 202, v: 202 });
    await w.refresh();
    (hold as unknown as () => void)();
    await scrolling;
    const held = ids(w.rows);
    expect(new Set(held).size).toBe(held.length);
    expect(held).toEqual(ids([...desk.rows].sort(order).slice(w.start, w.end)));
    expect(w.end).toBeGreaterThanOrEqual(20);
  });

  it("puts a new row in its place, moves a changed one, and drops a removed one", async () => {
    const desk = new FakeDesk(50);
    const { w } = windowOn(desk);
    await w.reset();
    // A new row on top of a window at the top: it shows at once.
    const fresh = { id: 51, v: 51 };
    desk.rows.push(fresh);
    w.put(fresh, true, order);
    expect(ids(w.rows).slice(0, 2)).toEqual([51, 50]);
    expect(w.total).toBe(51);
    // A held row changes and sorts lower, out of the held rows: it leaves them.
    const moved = { id: 48, v: 0.5 };
    desk.rows = desk.rows.map((r) => (r.id === 48 ? moved : r));
    w.put(moved, true, order);
    expect(ids(w.rows)).not.toContain(48);
    // Deleted.
    w.remove(50);
    desk.rows = desk.rows.filter((r) => r.id !== 50);
    expect(ids(w.rows).slice(0, 2)).toEqual([51, 49]);
    // A row that no longer matches the list's filter leaves it.
    w.put({ id: 49, v: 49 }, false, order);
    desk.rows = desk.rows.filter((r) => r.id !== 49);
    expect(ids(w.rows)).not.toContain(49);
    // What the window knows now agrees with the backend after a refresh.
    await w.refresh();
    expect(ids(w.rows)).toEqual(ids([...desk.rows].sort(order).slice(0, w.rows.length)));
    expect(w.total).toBe(49);
  });

  it("a row placed above a window further down moves the window, not its rows", async () => {
    const desk = new FakeDesk(300);
    const { w } = windowOn(desk);
    await w.reset();
    await w.want(150, 160);
    const held = ids(w.rows);
    const start = w.start;
    w.put({ id: 301, v: 301 }, true, order);
    expect(ids(w.rows)).toEqual(held);
    expect(w.start).toBe(start + 1);
    expect(w.total).toBe(301);
  });

  it("an empty list is loaded and empty, and its first row appears when made", async () => {
    const desk = new FakeDesk(0);
    const { w } = windowOn(desk);
    await w.reset();
    expect([w.loaded, w.total, w.rows.length]).toEqual([true, 0, 0]);
    w.put({ id: 1, v: 1 }, true, order);
    expect([w.total, ids(w.rows)]).toEqual([1, [1]]);
  });

  it("a list that shrank under the window shows its end", async () => {
    const desk = new FakeDesk(100);
    const { w } = windowOn(desk);
    await w.reset();
    await w.want(80, 90);
    desk.rows = desk.rows.slice(0, 20);
    await w.refresh();
    expect(w.total).toBe(20);
    expect(w.end).toBe(20);
    expect(ids(w.rows)).toEqual(ids(desk.rows.slice(w.start)));
  });
});
