import type { Action, ArticleStatus } from "../ipc";

/** What the article's workflow bar offers. The backend decides; this only picks the buttons. */
export interface Move {
  action: Action | "schedule_dialog" | "publish";
  label: string;
  /** Shown as the main button. */
  primary?: boolean;
  /** Asks for a reason first. */
  needsNote?: boolean;
}

export function movesFor(status: ArticleStatus): Move[] {
  switch (status) {
    case "draft":
      return [{ action: "submit", label: "Submit for review", primary: true }, spike];
    case "in_review":
      return [
        { action: "approve", label: "Approve", primary: true },
        { action: "return", label: "Send back", needsNote: true },
        spike,
      ];
    case "ready":
      return [
        { action: "publish", label: "Publish now", primary: true },
        { action: "schedule_dialog", label: "Schedule…" },
        { action: "return", label: "Send back", needsNote: true },
        spike,
      ];
    case "scheduled":
      return [
        { action: "schedule_dialog", label: "Reschedule…" },
        { action: "unschedule", label: "Unschedule" },
        { action: "publish", label: "Publish now" },
        spike,
      ];
    case "published":
      return [
        { action: "correct", label: "Publish correction", needsNote: true },
        { action: "kill", label: "Kill", needsNote: true },
      ];
    case "spiked":
      return [{ action: "unspike", label: "Restore from spike", primary: true }];
    case "killed":
      return [];
  }
}

const spike: Move = { action: "spike", label: "Spike" };

export const statusLabel: Record<ArticleStatus, string> = {
  draft: "Draft",
  in_review: "In review",
  ready: "Ready",
  scheduled: "Scheduled",
  published: "Published",
  spiked: "Spiked",
  killed: "Killed",
};

/** "2 h 5 min", "45 s": how long until an instant, for embargo countdowns. */
export function countdown(untilIso: string, now: Date): string | null {
  const ms = new Date(untilIso).getTime() - now.getTime();
  if (ms <= 0) return null;
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${s} s`;
}
