import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, waitFor } from "@testing-library/svelte";
import type { ArticleFilter, ArticleKey, ArticleSummary } from "../lib/ipc";
import { deskState } from "../lib/desk/store.svelte";
import { summary } from "../lib/desk/fixtures";
import { compareFor, matchesFilter } from "../lib/articles/arrange";
import type { Page, Seek } from "../lib/lists/window";
import ArticleList, { type ArticleSource } from "./ArticleList.svelte";

// jsdom has no layout, so nothing to observe; the pane measures its height through one.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

// Nor does it scroll: keep what is set, as a browser would (within the list's height).
Object.defineProperty(HTMLElement.prototype, "scrollTop", {
  configurable: true,
  get(this: HTMLElement & { scrolled?: number }) {
    return this.scrolled ?? 0;
  },
  set(this: HTMLElement & { scrolled?: number }, v: number) {
    this.scrolled = Math.max(0, v);
  },
});

/** A backend over an in-memory desk, paging as the core does (keyset), counting its reads. */
function fakeDesk(n: number) {
  const start = Date.parse("2026-11-29T00:00:00Z");
  const articles: ArticleSummary[] = Array.from({ length: n }, (_, i) =>
    summary(i + 1, new Date(start + i * 60_000).toISOString(), `Story ${i + 1}`),
  );
  const reads: Seek<ArticleKey>[] = [];
  const source: ArticleSource = {
    page: (filter: ArticleFilter) => async (seek: Seek<ArticleKey>, limit: number): Promise<Page<ArticleSummary, ArticleKey>> => {
      reads.push(seek);
      const compare = compareFor(filter.sort);
      const list = articles.filter((a) => matchesFilter(a, filter)).sort(compare);
      const keyRow = (k: ArticleKey) => ({ ...summary(k.id, k.updated_at, k.headline), word_count: k.word_count, urgency: k.urgency });
      let from = 0;
      let to = 0;
      let at: number | null = null;
      if (seek.from === "first") [from, to, at] = [0, limit, 0];
      else if (seek.from === "offset") [from, to, at] = [seek.key, seek.key + limit, seek.key];
      else if (seek.from === "last") {
        from = Math.max(0, list.length - limit);
        [to, at] = [list.length, from];
      } else if (seek.from === "after") {
        const i = list.findIndex((a) => compare(a, keyRow(seek.key)) > 0);
        from = i < 0 ? list.length : i;
        to = from + limit;
      } else {
        const i = list.findIndex((a) => compare(a, keyRow(seek.key)) >= 0);
        to = i < 0 ? list.length : i;
        from = Math.max(0, to - limit);
      }
      const items = list.slice(from, to);
      const key = (a: ArticleSummary) => ({ id: a.id, updated_at: a.updated_at, headline: a.headline, word_count: a.word_count, urgency: a.urgency });
      return {
        items,
        total: list.length,
        start: at,
        next: to < list.length && items.length ? key(items[items.length - 1]) : null,
        previous: from > 0 && items.length ? key(items[0]) : null,
      };
    },
    facets: async () => ({ sections: [], tags: [] }),
  };
  return { articles, reads, source };
}

afterEach(() => cleanup());

const focusedHeadline = () =>
  document.activeElement?.matches("[data-testid=article-item]")
    ? document.activeElement.querySelector(".headline")?.textContent
    : `focus on ${document.activeElement?.tagName}`;

describe("ArticleList", () => {
  it("draws only the rows near the screen of a long list, and moves through all of it from the keyboard", async () => {
    const desk = fakeDesk(5000);
    const onOpen = vi.fn();
    const { getByTestId } = render(ArticleList, { title: "All drafts", view: "drafts", selected: null, onOpen, source: desk.source });
    await waitFor(() => expect(getByTestId("list-shown").textContent).toBe("5000"));
    const items = () => [...document.querySelectorAll<HTMLElement>("[data-testid=article-item]")];
    await waitFor(() => expect(items().length).toBeGreaterThan(0));
    expect(items().length).toBeLessThan(40);
    expect(items()[0].textContent).toContain("Story 5000");

    items()[0].focus();
    await fireEvent.keyDown(items()[0], { key: "ArrowDown" });
    await waitFor(() => expect(focusedHeadline()).toBe("Story 4999"));
    await fireEvent.keyDown(document.activeElement!, { key: "End" });
    await waitFor(() => expect(focusedHeadline()).toBe("Story 1"));
    expect(desk.reads.at(-1)).toEqual({ from: "last" });
    expect(items().length).toBeLessThan(40);
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowUp" });
    await waitFor(() => expect(focusedHeadline()).toBe("Story 2"));
    await fireEvent.keyDown(document.activeElement!, { key: "Home" });
    await waitFor(() => expect(focusedHeadline()).toBe("Story 5000"));
    await fireEvent.keyDown(document.activeElement!, { key: "PageDown" });
    await waitFor(() => expect(focusedHeadline()).not.toBe("Story 5000"));
    expect(onOpen.mock.calls.map(([id]) => id).slice(0, 4)).toEqual([4999, 1, 2, 5000]);
  });

  it("shows a new article at the top, and drops a deleted one", async () => {
    const desk = fakeDesk(3);
    const { getByTestId } = render(ArticleList, { title: "All drafts", view: "drafts", selected: null, onOpen: () => {}, source: desk.source });
    await waitFor(() => expect(getByTestId("list-shown").textContent).toBe("3"));
    const fresh = summary(4, "2026-11-30T00:00:00Z", "Ferry strike called off");
    desk.articles.push(fresh);
    deskState.apply({ kind: "article_created", article: fresh });
    await waitFor(() =>
      expect(document.querySelector("[data-testid=article-item] .headline")?.textContent).toBe("Ferry strike called off"),
    );
    expect(getByTestId("list-shown").textContent).toBe("4");
    desk.articles.splice(desk.articles.indexOf(fresh), 1);
    deskState.apply({ kind: "article_deleted", id: 4 });
    await waitFor(() => expect(document.querySelectorAll("[data-testid=article-item]")).toHaveLength(3));
  });

  it("says why it is empty, and offers to clear a filter that hides everything", async () => {
    const empty = fakeDesk(0);
    const first = render(ArticleList, { title: "All drafts", view: "drafts", selected: null, onOpen: () => {}, source: empty.source });
    await waitFor(() => expect(first.container.querySelector(".list-empty")?.textContent?.trim()).toBe("Nothing here."));
    cleanup();

    const desk = fakeDesk(2);
    const { getByTestId, container } = render(ArticleList, { title: "All drafts", view: "drafts", selected: null, onOpen: () => {}, source: desk.source });
    await waitFor(() => expect(container.querySelectorAll("[data-testid=article-item]")).toHaveLength(2));
    await fireEvent.input(getByTestId("list-filter"), { target: { value: "no such story" } });
    await waitFor(() => expect(container.querySelector(".list-empty")?.textContent).toContain("Nothing matches."));
    await fireEvent.click(container.querySelector<HTMLButtonElement>(".list-empty button")!);
    await waitFor(() => expect(container.querySelectorAll("[data-testid=article-item]")).toHaveLength(2));
  });
});
