import type { ArticleStatus, ListCounts } from "../ipc";

/** What the middle of the window shows, picked in the navigator. */
export type View =
  | "my_drafts"
  | "drafts"
  | "in_review"
  | "ready"
  | "scheduled"
  | "published"
  | "spiked"
  | "calendar"
  | "wire"
  | "quarantine";

export const queueTitles: Partial<Record<View, string>> = {
  my_drafts: "My drafts",
  drafts: "All drafts",
  in_review: "In review",
  ready: "Ready",
  scheduled: "Scheduled",
  published: "Published",
  spiked: "Spiked",
};

/** The state a queue lists (both draft queues list drafts); `null` for views that are no queue. */
export function queueStatus(view: View): ArticleStatus | null {
  switch (view) {
    case "my_drafts":
    case "drafts":
      return "draft";
    case "in_review":
    case "ready":
    case "scheduled":
    case "published":
    case "spiked":
      return view;
    default:
      return null;
  }
}

/** The count beside each queue in the navigator, from the backend's counts. */
export function queueCounts(counts: ListCounts | null): Record<View, number> {
  const c = counts ?? {
    my_drafts: 0,
    drafts: 0,
    in_review: 0,
    ready: 0,
    scheduled: 0,
    published: 0,
    spiked: 0,
    wire: 0,
    quarantine: 0,
  };
  return { ...c, calendar: c.scheduled };
}
