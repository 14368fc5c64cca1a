// What an article list shows, the way the backend pages it (core's `page.rs`): the same
// filter and order, so a change from the backend lands where the next page read would put it.
import type { ArticleFilter, ArticleSort, ArticleStatus, ArticleSummary } from "../ipc";

export type SortKey = ArticleSort;

export const sortLabels: Record<SortKey, string> = {
  updated: "Newest",
  headline: "A–Z",
  words: "Longest",
  urgency: "Most urgent",
};

export const anyFilter: ArticleFilter = { queue: null, author: null, text: "", section: "", tag: "", sort: "updated" };

/** The queue a state is listed in: killed stories stay with the published ones. */
export function queueOf(status: ArticleStatus): ArticleStatus {
  return status === "killed" ? "published" : status;
}

/** SQLite's NOCASE: only ASCII letters fold. */
function nocase(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Whether the list with this filter shows the article (the backend's WHERE). */
export function matchesFilter(a: ArticleSummary, f: ArticleFilter): boolean {
  if (f.queue !== null && queueOf(a.status) !== queueOf(f.queue)) return false;
  if (f.author !== null && a.author !== f.author) return false;
  const section = f.section.trim();
  if (section && a.section !== section) return false;
  const tag = nocase(f.tag.trim());
  if (tag && !a.tags.some((t) => nocase(t) === tag)) return false;
  const words = nocase(f.text).split(/\s+/).filter(Boolean);
  return words.every((w) =>
    [a.headline, a.slug, a.section, ...a.tags].some((field) => nocase(field).includes(w)),
  );
}

const ms = (iso: string) => Date.parse(iso);

/** The list's order (the backend's ORDER BY): ties newest first, then the highest id. */
export function compareFor(sort: SortKey): (a: ArticleSummary, b: ArticleSummary) => number {
  const newest = (a: ArticleSummary, b: ArticleSummary) => ms(b.updated_at) - ms(a.updated_at) || b.id - a.id;
  const text = (x: string, y: string) => {
    const [p, q] = [nocase(x), nocase(y)];
    return p < q ? -1 : p > q ? 1 : 0;
  };
  switch (sort) {
    case "updated":
      return newest;
    case "headline":
      return (a, b) => text(a.headline, b.headline) || newest(a, b);
    case "words":
      return (a, b) => b.word_count - a.word_count || newest(a, b);
    case "urgency":
      return (a, b) => a.urgency - b.urgency || newest(a, b);
  }
}
