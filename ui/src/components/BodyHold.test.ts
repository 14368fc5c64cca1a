import { beforeEach, describe, expect, it, vi } from "vitest";
import { createRawSnippet } from "svelte";
import { fireEvent, render, waitFor } from "@testing-library/svelte";
import type { Change, DeskError as RealDeskError } from "../lib/ipc";

type IpcError = ConstructorParameters<typeof RealDeskError>[0];

// A backend and a desk store the test controls, and the real DeskError (the hold branches on
// its code).
const desk = vi.hoisted(() => ({
  holdArticle: vi.fn(),
  takeOverArticle: vi.fn(),
  releaseArticle: vi.fn(),
  articleLease: vi.fn(),
  getArticle: vi.fn(),
}));
const store = vi.hoisted(() => ({
  newsroom: null as unknown,
  info: { role: "editor" } as { role: string },
  listeners: [] as ((c: Change) => void)[],
  listen(fn: (c: Change) => void) {
    this.listeners.push(fn);
    return () => {};
  },
}));
vi.mock("../lib/ipc", () => {
  class DeskError extends Error {
    readonly code: string;
    constructor(e: IpcError) {
      super(e.message);
      this.code = e.code;
    }
  }
  return { desk, DeskError };
});
vi.mock("../lib/desk/store.svelte", () => ({ deskState: store }));

import { DeskError } from "../lib/ipc";
import BodyHold from "./BodyHold.svelte";

const editor = createRawSnippet(() => ({ render: () => `<p data-testid="the-editor">editing</p>` }));
const inFuture = () => new Date(Date.now() + 60_000).toISOString();
const connected = {
  connected: true,
  signed_in: true,
  activity: { link: "online", pending: 0, last_error: null },
};
const story = (body: string) => ({ id: 7, headline: "Council budget vote", standfirst: "", body });

beforeEach(() => {
  for (const fn of Object.values(desk)) fn.mockReset();
  store.listeners = [];
  store.newsroom = connected;
  store.info = { role: "editor" };
  desk.releaseArticle.mockResolvedValue(null);
  desk.getArticle.mockResolvedValue(story("First paragraph."));
});

const send = (c: Change) => store.listeners.forEach((l) => l(c));

describe("BodyHold", () => {
  it("edits at once on a desk of its own, asking nobody", async () => {
    store.newsroom = { connected: false, signed_in: false, activity: null };
    const { findByTestId } = render(BodyHold, { articleId: 7, editor });
    await findByTestId("the-editor");
    expect(desk.holdArticle).not.toHaveBeenCalled();
  });

  it("edits while offline: the server decides when the save arrives", async () => {
    store.newsroom = { ...connected, activity: { link: "offline", pending: 2, last_error: "refused" } };
    const { findByTestId } = render(BodyHold, { articleId: 7, editor });
    await findByTestId("the-editor");
    expect(desk.holdArticle).not.toHaveBeenCalled();
  });

  it("opens read-only with the live text when another desk holds it, and an editor takes it over", async () => {
    desk.holdArticle.mockRejectedValue(new DeskError({ code: "locked", message: "wendy is editing this story" }));
    desk.articleLease.mockResolvedValue({ account: "wendy", mine: false, expires_at: inFuture() });
    const { findByTestId, getByTestId, queryByTestId } = render(BodyHold, { articleId: 7, editor });
    expect((await findByTestId("held-by")).textContent).toContain("wendy is editing");
    await waitFor(() => expect(getByTestId("read-only-body").textContent).toBe("First paragraph."));
    expect(queryByTestId("the-editor")).toBeNull();

    // The holder saves: the text follows.
    desk.getArticle.mockResolvedValue(story("First paragraph. Second."));
    send({ kind: "article_saved", article: { id: 7 } } as Change);
    await waitFor(() => expect(getByTestId("read-only-body").textContent).toBe("First paragraph. Second."));

    desk.takeOverArticle.mockResolvedValue({ account: "eddie", mine: true, expires_at: inFuture() });
    await fireEvent.click(getByTestId("take-over"));
    await findByTestId("the-editor");
    expect(desk.takeOverArticle).toHaveBeenCalledWith(7);
  });

  it("offers no take-over to a writer", async () => {
    store.info = { role: "writer" };
    desk.holdArticle.mockRejectedValue(new DeskError({ code: "locked", message: "wendy is editing this story" }));
    desk.articleLease.mockResolvedValue(null);
    const { findByTestId, queryByTestId } = render(BodyHold, { articleId: 7, editor });
    expect((await findByTestId("held-by")).textContent).toContain("wendy is editing");
    expect(queryByTestId("take-over")).toBeNull();
  });

  it("turns read-only when an editor takes the story over, and edits again when it is released", async () => {
    desk.holdArticle.mockResolvedValue({ account: "wendy", mine: true, expires_at: inFuture() });
    const { findByTestId, queryByTestId } = render(BodyHold, { articleId: 7, editor });
    await findByTestId("the-editor");
    send({ kind: "lease_changed", article_id: 7, lease: { account: "eddie", mine: false, expires_at: inFuture() } });
    expect((await findByTestId("held-by")).textContent).toContain("took this story over");
    expect(queryByTestId("the-editor")).toBeNull();

    send({ kind: "lease_changed", article_id: 7, lease: null });
    await findByTestId("the-editor");
    expect(desk.holdArticle).toHaveBeenCalledTimes(2);
  });

  it("releases the hold when the story closes", async () => {
    desk.holdArticle.mockResolvedValue({ account: "wendy", mine: true, expires_at: inFuture() });
    const { findByTestId, unmount } = render(BodyHold, { articleId: 7, editor });
    await findByTestId("the-editor");
    unmount();
    expect(desk.releaseArticle).toHaveBeenCalledWith(7);
  });
});
