import { describe, expect, it, vi } from "vitest";
import { render } from "@testing-library/svelte";
import type { Comment, CommentThread } from "../lib/ipc";

// The panel's backend calls are not what is tested here: how it shows threads is.
vi.mock("../lib/ipc", () => ({
  desk: {},
  DeskError: class extends Error {},
}));

import CommentsPanel from "./CommentsPanel.svelte";

function comment(id: number, patch: Partial<Comment> = {}): Comment {
  return {
    id,
    article_id: 1,
    parent_id: null,
    reply_to: null,
    author: "ed",
    body: `comment ${id}`,
    created_at: new Date().toISOString(),
    edited_at: null,
    deleted_at: null,
    mine: false,
    ...patch,
  };
}

const hostile = `<img src=x onerror="alert(1)"><b>bold</b>`;
const threads: CommentThread[] = [
  {
    id: 1,
    article_id: 1,
    root: comment(1, { body: hostile }),
    replies: [comment(2, { parent_id: 1, reply_to: 1, author: "ana", mine: true, body: "Mine" })],
    resolved_at: null,
    resolved_by: null,
  },
  {
    id: 3,
    article_id: 1,
    root: comment(3, { body: "Settled\nsecond line", deleted_at: null }),
    replies: [],
    resolved_at: new Date().toISOString(),
    resolved_by: "ana",
  },
  {
    id: 4,
    article_id: 1,
    root: comment(4, { body: "", deleted_at: new Date().toISOString(), mine: true }),
    replies: [comment(5, { parent_id: 4, reply_to: 4 })],
    resolved_at: null,
    resolved_by: null,
  },
];

describe("CommentsPanel", () => {
  it("shows bodies as text, never as HTML", () => {
    const { container } = render(CommentsPanel, { articleId: 1, threads, onClose: () => {} });
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector(".body b")).toBeNull();
    const bodies = [...container.querySelectorAll('[data-testid="comment-body"]')].map((b) => b.textContent);
    expect(bodies[0]).toBe(hostile);
  });

  it("indents replies, offers edit and delete only on one's own, and collapses resolved threads", () => {
    const { container, getAllByTestId } = render(CommentsPanel, { articleId: 1, threads, onClose: () => {} });
    const open = getAllByTestId("thread");
    expect(open.map((t) => t.dataset.thread)).toEqual(["1", "4"]);
    expect(open[0].querySelectorAll(".replies [data-testid=comment]")).toHaveLength(1);
    const edits = [...container.querySelectorAll('[data-testid="comment-edit"]')].map(
      (b) => b.closest<HTMLElement>("[data-comment]")?.dataset.comment,
    );
    expect(edits).toEqual(["2"]);
    // The deleted first comment is a placeholder, with nothing of its own to edit.
    expect(open[1].textContent).toContain("Comment deleted");
    const resolved = getAllByTestId("resolved-thread");
    expect(resolved).toHaveLength(1);
    expect(resolved[0].querySelector("details")?.open).toBe(false);
    expect(resolved[0].querySelector(".gist")?.textContent).toBe("Settled");
    expect(resolved[0].textContent).toContain("Resolved by ana");
  });
});
