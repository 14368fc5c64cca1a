import type { Change, Comment, CommentThread } from "../ipc";

/** The same cap as the backend's (MAX_COMMENT_CHARS), to warn while typing; the backend decides. */
export const MAX_COMMENT_CHARS = 10_000;

/**
 * An article's threads after one committed change: a thread replaced where it was, a new one
 * added, a gone one dropped; oldest first (by id, the order written). Changes to other articles
 * and other kinds leave the list alone. Applying the same change twice is harmless.
 */
export function applyCommentChange(threads: CommentThread[], articleId: number, change: Change): CommentThread[] {
  if (change.kind !== "comments_changed" || change.article_id !== articleId) return threads;
  const rest = threads.filter((t) => t.id !== change.thread_id);
  if (!change.thread) return rest;
  return [...rest, change.thread].sort((a, b) => a.id - b.id);
}

/** Threads still waiting for someone: the badge's number. */
export function openCount(threads: CommentThread[]): number {
  return threads.filter((t) => t.resolved_at === null).length;
}

/** Open threads first in the order written, then the resolved ones (shown collapsed). */
export function splitResolved(threads: CommentThread[]): { open: CommentThread[]; resolved: CommentThread[] } {
  return {
    open: threads.filter((t) => t.resolved_at === null),
    resolved: threads.filter((t) => t.resolved_at !== null),
  };
}

/** Who a reply answers, when it answers someone other than the thread's first comment. */
export function answers(thread: CommentThread, reply: Comment): string | null {
  if (reply.reply_to === null || reply.reply_to === thread.id) return null;
  const to = thread.replies.find((r) => r.id === reply.reply_to);
  if (!to) return null;
  return to.deleted_at === null ? to.author : "a deleted comment";
}

/** Whether a comment may be sent: some text, not over the cap. */
export function sendable(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length > 0 && [...trimmed].length <= MAX_COMMENT_CHARS;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function relativeTime(iso: string, now: Date, locale?: string): string {
  const then = new Date(iso);
  const ago = now.getTime() - then.getTime();
  if (ago < MINUTE) return "just now";
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 2 * DAY) return "yesterday";
  if (ago < 7 * DAY) return `${Math.floor(ago / DAY)} days ago`;
  const sameYear = then.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(then);
}
