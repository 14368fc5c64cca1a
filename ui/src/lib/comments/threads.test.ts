import { describe, expect, it } from "vitest";
import type { Comment, CommentThread } from "../ipc";
import { answers, applyCommentChange, openCount, relativeTime, sendable, splitResolved, MAX_COMMENT_CHARS } from "./threads";

function comment(id: number, patch: Partial<Comment> = {}): Comment {
  return {
    id,
    article_id: 1,
    parent_id: null,
    reply_to: null,
    author: "ana",
    body: `comment ${id}`,
    created_at: "2026-11-29T09:00:00Z",
    edited_at: null,
    deleted_at: null,
    mine: true,
    ...patch,
  };
}

function thread(id: number, replies: Comment[] = [], resolved = false): CommentThread {
  return {
    id,
    article_id: 1,
    root: comment(id),
    replies,
    resolved_at: resolved ? "2026-11-29T10:00:00Z" : null,
    resolved_by: resolved ? "ed" : null,
  };
}

describe("applyCommentChange", () => {
  const list = [thread(1), thread(4)];

  it("adds a new thread in the order written", () => {
    const next = applyCommentChange(list, 1, {
      kind: "comments_changed",
      article_id: 1,
      thread_id: 2,
      thread: thread(2),
      open_threads: 3,
    });
    expect(next.map((t) => t.id)).toEqual([1, 2, 4]);
    expect(list).toHaveLength(2);
  });

  it("replaces a changed thread, and applying it twice changes nothing more", () => {
    const change = {
      kind: "comments_changed" as const,
      article_id: 1,
      thread_id: 1,
      thread: thread(1, [comment(5, { parent_id: 1, reply_to: 1 })], true),
      open_threads: 1,
    };
    const once = applyCommentChange(list, 1, change);
    const twice = applyCommentChange(once, 1, change);
    expect(twice.map((t) => t.id)).toEqual([1, 4]);
    expect(twice[0].replies).toHaveLength(1);
    expect(twice[0].resolved_by).toBe("ed");
  });

  it("drops a thread that is gone", () => {
    const next = applyCommentChange(list, 1, {
      kind: "comments_changed",
      article_id: 1,
      thread_id: 4,
      thread: null,
      open_threads: 1,
    });
    expect(next.map((t) => t.id)).toEqual([1]);
  });

  it("ignores other articles and other changes", () => {
    const other = applyCommentChange(list, 1, {
      kind: "comments_changed",
      article_id: 2,
      thread_id: 9,
      thread: { ...thread(9), article_id: 2 },
      open_threads: 1,
    });
    expect(other).toBe(list);
    expect(applyCommentChange(list, 1, { kind: "wire_scanned", found: 3 })).toBe(list);
  });
});

describe("counts and groups", () => {
  it("counts and splits open and resolved threads", () => {
    const list = [thread(1), thread(2, [], true), thread(3)];
    expect(openCount(list)).toBe(2);
    const { open, resolved } = splitResolved(list);
    expect(open.map((t) => t.id)).toEqual([1, 3]);
    expect(resolved.map((t) => t.id)).toEqual([2]);
  });
});

describe("answers", () => {
  it("names whom a reply answers unless it is the thread's first comment", () => {
    const r1 = comment(2, { parent_id: 1, reply_to: 1, author: "ed" });
    const r2 = comment(3, { parent_id: 1, reply_to: 2 });
    const t = thread(1, [r1, r2]);
    expect(answers(t, r1)).toBeNull();
    expect(answers(t, r2)).toBe("ed");
    const gone = thread(1, [{ ...r1, body: "", deleted_at: "2026-11-29T09:30:00Z" }, r2]);
    expect(answers(gone, r2)).toBe("a deleted comment");
  });
});

describe("sendable", () => {
  it("needs some text and no more than the cap", () => {
    expect(sendable("  \n ")).toBe(false);
    expect(sendable(" ok ")).toBe(true);
    expect(sendable("é".repeat(MAX_COMMENT_CHARS))).toBe(true);
    expect(sendable("x".repeat(MAX_COMMENT_CHARS + 1))).toBe(false);
  });
});

describe("relativeTime", () => {
  const now = new Date("2026-11-29T12:00:00Z");
  it("says how long ago, then the date", () => {
    expect(relativeTime("2026-11-29T11:59:30Z", now)).toBe("just now");
    expect(relativeTime("2026-11-29T11:55:00Z", now)).toBe("5 min ago");
    expect(relativeTime("2026-11-29T09:00:00Z", now)).toBe("3 h ago");
    expect(relativeTime("2026-11-28T09:00:00Z", now)).toBe("yesterday");
    expect(relativeTime("2026-11-25T09:00:00Z", now)).toBe("4 days ago");
    expect(relativeTime("2026-10-01T09:00:00Z", now, "en-GB")).toBe("1 Oct");
    expect(relativeTime("2025-10-01T09:00:00Z", now, "en-GB")).toBe("1 Oct 2025");
  });
  it("treats a time slightly in the future (another machine's clock) as now", () => {
    expect(relativeTime("2026-11-29T12:00:20Z", now)).toBe("just now");
  });
});
