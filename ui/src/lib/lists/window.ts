// A long list held a window at a time. The backend pages the list (keyset paging: a page
// starts after or before a row's sort key); this keeps one contiguous run of rows around what
// is on screen, knows where that run sits in the whole list, reads on as the person scrolls,
// jumps (first page, last page, an offset) when they go far, and drops rows far from view so
// the memory held stays bounded whatever the list's size. Plain TypeScript: the list panes
// render it, tests drive it with a fake backend.

import type { Page, Seek } from "../ipc";

export type { Page, Seek };

export type FetchPage<T, K> = (seek: Seek<K>, limit: number) => Promise<Page<T, K>>;

export interface WindowOptions<T, K> {
  fetch: FetchPage<T, K>;
  /** A row's sort key: what a page boundary names. */
  keyOf: (row: T) => K;
  /** A row's identity (an article's id). */
  idOf: (row: T) => number;
  /** Rows per read. */
  page?: number;
  /** The most rows kept; rows farther from view are dropped beyond this. */
  keep?: number;
  /** Called after every change of what is held (rows, where they sit, the total). */
  onChange?: () => void;
}

/** What a list pane draws from: rows `start … start + rows.length` of `total`. */
export interface WindowView<T> {
  start: number;
  rows: readonly T[];
  total: number;
  /** False until the first page came back. */
  loaded: boolean;
}

export class RowWindow<T, K> {
  start = 0;
  rows: T[] = [];
  total = 0;
  loaded = false;

  readonly page: number;
  readonly keep: number;
  private readonly opts: WindowOptions<T, K>;
  /** Bumped by `reset`: reads begun before it are thrown away when they come back. */
  private generation = 0;
  /** Bumped when `refresh` replaces the held rows: a read that continued them is stale. */
  private replaced = 0;
  private wanted = { from: 0, to: 0 };
  private running: Promise<void> | null = null;

  constructor(opts: WindowOptions<T, K>) {
    this.opts = opts;
    this.page = opts.page ?? 100;
    this.keep = Math.max(opts.keep ?? 5 * this.page, 2 * this.page);
  }

  get end(): number {
    return this.start + this.rows.length;
  }

  view(): WindowView<T> {
    return { start: this.start, rows: this.rows, total: this.total, loaded: this.loaded };
  }

  /** Row `index` of the whole list, if held. */
  at(index: number): T | undefined {
    return index >= this.start && index < this.end ? this.rows[index - this.start] : undefined;
  }

  /** Where the row with this id sits in the whole list, if held. */
  indexOf(id: number): number | null {
    const i = this.rows.findIndex((r) => this.opts.idOf(r) === id);
    return i < 0 ? null : this.start + i;
  }

  /** Forgets everything (the filters changed) and reads the first page. */
  reset(): Promise<void> {
    this.generation++;
    this.start = 0;
    this.rows = [];
    this.total = 0;
    this.loaded = false;
    this.changed();
    return this.want(0, this.page);
  }

  /**
   * Makes rows `from … to` held (as far as the list goes), reading what is missing. Only the
   * latest wish counts: while a read is under way, a newer one replaces what it reads next.
   * Resolves when the latest wish is held.
   */
  want(from: number, to: number): Promise<void> {
    this.wanted = { from: Math.max(0, Math.floor(from)), to: Math.max(0, Math.ceil(to)) };
    if (!this.running) {
      this.running = this.run().finally(() => (this.running = null));
    }
    return this.running;
  }

  private covered(from: number, to: number): boolean {
    if (!this.loaded) return false;
    const lo = Math.min(from, this.total);
    const hi = Math.min(to, this.total);
    return lo >= this.start && hi <= this.end;
  }

  private async run(): Promise<void> {
    // Each pass reads one page; a pass that changes nothing ends the loop (a list that shrank).
    for (let passes = 0; passes < 1000; passes++) {
      const { from, to } = this.wanted;
      if (this.covered(from, to)) return;
      const progressed = await this.step(from, to);
      if (!progressed) return;
    }
  }

  /** One read towards holding `from … to`; false when there was nothing to read. */
  private async step(from: number, to: number): Promise<boolean> {
    const generation = this.generation;
    const replaced = this.replaced;
    const { keyOf } = this.opts;
    const far = !this.loaded || this.rows.length === 0 || from > this.end + this.page || to < this.start - this.page;
    let seek: Seek<K>;
    let limit = this.page;
    let mode: "replace" | "append" | "prepend";
    if (far) {
      mode = "replace";
      limit = Math.min(500, Math.max(this.page, to - from));
      if (from <= 0) seek = { from: "first" };
      else if (this.loaded && to >= this.total) seek = { from: "last" };
      else seek = { from: "offset", key: from };
    } else if (Math.min(to, this.total) > this.end) {
      mode = "append";
      seek = { from: "after", key: keyOf(this.rows[this.rows.length - 1]) };
    } else if (from < this.start) {
      mode = "prepend";
      seek = { from: "before", key: keyOf(this.rows[0]) };
    } else {
      return false;
    }
    const page = await this.opts.fetch(seek, limit);
    // A reset or a refresh came meanwhile: what this read continues is gone; read again.
    if (generation !== this.generation || replaced !== this.replaced) return true;
    const before = `${this.start}/${this.rows.length}/${this.total}`;
    this.total = page.total;
    this.loaded = true;
    if (mode === "replace") {
      this.rows = page.items;
      this.start = page.start ?? 0;
      if (page.items.length === 0 && page.total > 0) {
        // Past the end (the list shrank): show its last page.
        const last = await this.opts.fetch({ from: "last" }, this.page);
        if (generation !== this.generation) return true;
        this.rows = last.items;
        this.start = last.start ?? 0;
        this.total = last.total;
      }
    } else if (mode === "append") {
      this.rows = [...this.rows, ...page.items];
      // The end of the list came sooner than the total said (rows went meanwhile).
      if (page.next === null) this.total = this.end;
    } else {
      this.rows = [...page.items, ...this.rows];
      this.start = Math.max(0, this.start - page.items.length);
      // Reached the top: whatever the count said, the first row is row 0.
      if (page.previous === null) this.start = 0;
    }
    if (this.end > this.total) this.total = this.end;
    this.trim(from, to);
    this.changed();
    return `${this.start}/${this.rows.length}/${this.total}` !== before;
  }

  /** Drops rows beyond `keep`, from the side farther from `from … to`. */
  private trim(from: number, to: number): void {
    const extra = this.rows.length - this.keep;
    if (extra <= 0) return;
    const room = Math.max(0, this.keep - (to - from));
    // Keep about half the spare room on each side of what is wanted.
    const keepFrom = Math.max(this.start, Math.min(from - Math.floor(room / 2), this.end - this.keep));
    const cut = keepFrom - this.start;
    this.rows = this.rows.slice(cut, cut + this.keep);
    this.start = keepFrom;
  }

  /**
   * A row was created or changed: drops its old place, and if the list shows it (`matches`),
   * puts it where `compare` (the list's order) says, when that place is among the held rows.
   * A row placed before the window moves the window down one. The total is adjusted as far
   * as can be known here; `refresh` makes it exact.
   */
  put(row: T, matches: boolean, compare: (a: T, b: T) => number): void {
    const id = this.opts.idOf(row);
    this.drop(id, false);
    if (matches) {
      const at = this.rows.findIndex((r) => compare(row, r) < 0);
      if (at === 0 && this.start > 0) {
        this.start++;
        this.total++;
      } else if (at < 0 && this.end < this.total) {
        this.total++;
      } else {
        const i = at < 0 ? this.rows.length : at;
        this.rows = [...this.rows.slice(0, i), row, ...this.rows.slice(i)];
        this.total++;
        this.loaded = true;
      }
    }
    this.changed();
  }

  /** The row with this id is gone from the list (deleted, or moved to another queue). */
  remove(id: number): void {
    this.drop(id, true);
  }

  private drop(id: number, announce: boolean): void {
    const i = this.rows.findIndex((r) => this.opts.idOf(r) === id);
    if (i < 0) return;
    this.rows = [...this.rows.slice(0, i), ...this.rows.slice(i + 1)];
    this.total = Math.max(this.end, this.total - 1);
    if (announce) this.changed();
  }

  /**
   * Reads the held rows again from where they start (after changes this window could not
   * place exactly), keeping their number; the total comes back exact.
   */
  async refresh(): Promise<void> {
    const generation = this.generation;
    const replaced = ++this.replaced;
    const count = Math.min(500, Math.max(this.rows.length, this.page));
    const seek: Seek<K> = this.start === 0 ? { from: "first" } : { from: "offset", key: this.start };
    const page = await this.opts.fetch(seek, count);
    if (generation !== this.generation || replaced !== this.replaced) return;
    this.total = page.total;
    this.loaded = true;
    if (page.items.length === 0 && this.start > 0 && page.total > 0) {
      // The list shrank below the window: show its end.
      const last = await this.opts.fetch({ from: "last" }, this.page);
      if (generation !== this.generation || replaced !== this.replaced) return;
      this.rows = last.items;
      this.start = last.start ?? 0;
      this.total = last.total;
    } else {
      this.rows = page.items;
      this.start = page.start ?? this.start;
    }
    this.changed();
  }

  private changed(): void {
    this.opts.onChange?.();
  }
}
