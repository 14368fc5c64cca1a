import type { ArticleSummary } from "../ipc";

/** How the article list is ordered; each has one natural direction, as in a mail client. */
export type SortKey = "updated" | "headline" | "words" | "urgency";

export const sortLabels: Record<SortKey, string> = {
  updated: "Newest",
  headline: "A–Z",
  words: "Longest",
  urgency: "Most urgent",
};

export interface Arrangement {
  /** Only this author's articles ("My drafts"); null for everyone's. */
  author: string | null;
  /** Words typed in the list's filter box: each must appear in the headline, slug, section or a tag. */
  text: string;
  /** Exact section, or "" for any. */
  section: string;
  /** A tag the article carries (any case), or "" for any. */
  tag: string;
  sort: SortKey;
}

export const anyArrangement: Arrangement = { author: null, text: "", section: "", tag: "", sort: "updated" };

const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** The list as shown: filtered, then sorted; the input is left alone. */
export function arrange(list: readonly ArticleSummary[], how: Arrangement): ArticleSummary[] {
  const words = how.text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const tag = how.tag.toLocaleLowerCase();
  const shown = list.filter((a) => {
    if (how.author !== null && a.author !== how.author) return false;
    if (how.section && a.section !== how.section) return false;
    if (tag && !a.tags.some((t) => t.toLocaleLowerCase() === tag)) return false;
    if (words.length) {
      const haystack = [a.headline, a.slug, a.section, ...a.tags].join(" ").toLocaleLowerCase();
      if (!words.every((w) => haystack.includes(w))) return false;
    }
    return true;
  });
  // Ties always fall back to the newest first, so the order never jumps between renders.
  const newest = (a: ArticleSummary, b: ArticleSummary) => b.updated_at.localeCompare(a.updated_at) || b.id - a.id;
  const by: Record<SortKey, (a: ArticleSummary, b: ArticleSummary) => number> = {
    updated: newest,
    headline: (a, b) => collator.compare(a.headline, b.headline) || newest(a, b),
    words: (a, b) => b.word_count - a.word_count || newest(a, b),
    urgency: (a, b) => a.urgency - b.urgency || newest(a, b),
  };
  return shown.sort(by[how.sort]);
}

/** The distinct sections and tags of a list, for the filter menus (tags in their first spelling). */
export function facets(list: readonly ArticleSummary[]): { sections: string[]; tags: string[] } {
  const sections = new Set<string>();
  const tags = new Map<string, string>();
  for (const a of list) {
    if (a.section) sections.add(a.section);
    for (const t of a.tags) if (!tags.has(t.toLocaleLowerCase())) tags.set(t.toLocaleLowerCase(), t);
  }
  return {
    sections: [...sections].sort(collator.compare),
    tags: [...tags.values()].sort(collator.compare),
  };
}
