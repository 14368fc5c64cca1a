import type { ArticleSummary, Change } from "../ipc";

/** The article list after one committed change: most recently updated first, no duplicates. */
export function applyChange(list: ArticleSummary[], change: Change): ArticleSummary[] {
  switch (change.kind) {
    case "article_created":
    case "article_saved": {
      const rest = list.filter((a) => a.id !== change.article.id);
      return sortByUpdated([change.article, ...rest]);
    }
    case "article_deleted":
      return list.filter((a) => a.id !== change.id);
    default:
      return list; // other desks' changes (the wire) leave the article list alone
  }
}

export function sortByUpdated(list: ArticleSummary[]): ArticleSummary[] {
  return [...list].sort((a, b) => b.updated_at.localeCompare(a.updated_at) || b.id - a.id);
}
