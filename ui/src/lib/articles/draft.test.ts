import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DeskError, type Article, type ArticleDraft, type ArticleEdit } from "../ipc";
import { DraftController, type DraftBackend } from "./draft";
import { emptyFields } from "./fields";

function stored(id: number, version: number, headline: string, body = ""): Article {
  return {
    id,
    uuid: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
    version,
    ...emptyFields,
    headline,
    body,
    status: "draft",
    author: "ana",
    word_count: 0,
    created_at: "2026-11-29T09:00:00Z",
    updated_at: `2026-11-29T09:0${version}:00Z`,
    wire_item_id: null,
    schedule: null,
    embargo: null,
    published_at: null,
  };
}

/** The next version, saved a minute later. */
function bumped(a: Article): Article {
  return { ...a, version: a.version + 1, updated_at: `2026-11-29T09:0${a.version + 1}:00Z` };
}

/** A backend that keeps one article and can hold a save until the test lets it finish. */
function fakeBackend(start: Article | null = null) {
  let current = start;
  const saves: ArticleEdit[] = [];
  const creates: ArticleDraft[] = [];
  const held: (() => void)[] = [];
  let hold = false;
  let fail: DeskError | null = null;
  const backend: DraftBackend = {
    getArticle: async () => structuredClone(current!),
    createArticle: async (draft) => {
      creates.push(draft);
      current = { ...stored(1, 1, draft.headline!), body: draft.body ?? "" };
      return structuredClone(current);
    },
    saveArticle: async (edit) => {
      saves.push(edit);
      if (hold) await new Promise<void>((r) => held.push(r));
      if (fail) throw fail;
      if (edit.base_version !== current!.version) {
        throw new DeskError({ code: "conflict", message: "Someone else saved this article first." });
      }
      current = bumped({ ...current!, ...edit });
      return structuredClone(current);
    },
  };
  return {
    backend,
    saves,
    creates,
    /** Someone else saves the article. */
    theySave: (patch: Partial<Article>) => (current = bumped({ ...current!, ...patch })),
    hold: (on: boolean) => (hold = on),
    release: () => held.splice(0).forEach((r) => r()),
    failWith: (e: DeskError | null) => (fail = e),
    current: () => current!,
  };
}

function controller(fake: ReturnType<typeof fakeBackend>, id: number | null) {
  const shown: [string, boolean][] = [];
  const created: number[] = [];
  const ctl = new DraftController(id, {
    backend: fake.backend,
    onShow: (a, undoable) => shown.push([a.body, undoable]),
    onCreated: (id) => created.push(id),
    autosaveMs: 1500,
    formatTime: (iso) => iso.slice(11, 16),
  });
  return { ctl, shown, created };
}

/** Lets pending promises settle without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

/** Article 4, version 2, open in a controller. */
async function opened(body = "") {
  const fake = fakeBackend(stored(4, 2, "Bridge closes", body));
  const made = controller(fake, 4);
  await made.ctl.open();
  return { fake, ...made };
}

/** An open article someone else saved ("Theirs") before this editor's save ("Mine"). */
async function conflicted() {
  const open = await opened("Old");
  open.fake.theySave({ body: "Theirs" });
  open.ctl.edit({ body: "Mine" });
  await open.ctl.save();
  return open;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("DraftController", () => {
  it("loads the article and shows it as saved", async () => {
    const fake = fakeBackend(stored(4, 2, "Bridge closes", "Text"));
    const { ctl, shown } = controller(fake, 4);
    expect(ctl.status.kind).toBe("loading");
    await ctl.open();
    expect(ctl.status).toEqual({ kind: "saved", at: "09:02" });
    expect(ctl.fields.headline).toBe("Bridge closes");
    expect(shown).toEqual([["Text", false]]);
  });

  it("autosaves once typing has paused, not before", async () => {
    const { fake, ctl } = await opened();
    ctl.edit({ body: "The" });
    expect(ctl.status.kind).toBe("dirty");
    await vi.advanceTimersByTimeAsync(1000);
    ctl.edit({ body: "The bridge" });
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.saves).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(600);
    expect(fake.saves).toHaveLength(1);
    expect(fake.saves[0]).toMatchObject({ id: 4, base_version: 2, body: "The bridge", autosave: true });
    expect(ctl.status).toEqual({ kind: "saved", at: "09:03" });
  });

  it("does not autosave without a headline", async () => {
    const { ctl } = controller(fakeBackend(), null);
    ctl.edit({ body: "Notes" });
    await vi.advanceTimersByTimeAsync(5000);
    expect(ctl.status.kind).toBe("dirty");
  });

  it("saves at once when asked, as an explicit save, and cancels the pending autosave", async () => {
    const { fake, ctl } = await opened();
    ctl.edit({ tags: ["Transport"] });
    await ctl.save();
    expect(fake.saves).toEqual([expect.objectContaining({ tags: ["Transport"], autosave: false })]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.saves).toHaveLength(1);
    // Nothing changed since: a second save sends nothing.
    await ctl.save();
    expect(fake.saves).toHaveLength(1);
  });

  it("creates a new draft on its first save and saves over it afterwards", async () => {
    const fake = fakeBackend();
    const { ctl, created } = controller(fake, null);
    expect(ctl.status.kind).toBe("new");
    await ctl.save();
    expect(ctl.status).toEqual({ kind: "error", message: "A headline is needed before the draft can be saved." });
    ctl.edit({ headline: "Ferry strike", body: "Off" });
    await ctl.save();
    expect(fake.creates).toEqual([expect.objectContaining({ headline: "Ferry strike", body: "Off" })]);
    expect(created).toEqual([1]);
    ctl.edit({ body: "Off again" });
    await ctl.save();
    expect(fake.saves).toEqual([expect.objectContaining({ id: 1, base_version: 1, body: "Off again" })]);
  });

  it("queues a save asked for while one is in flight, and sends the text as it is then", async () => {
    const { fake, ctl } = await opened();
    fake.hold(true);
    ctl.edit({ body: "One" });
    const first = ctl.save();
    await settle();
    expect(ctl.status.kind).toBe("saving");
    ctl.edit({ body: "One two" });
    const second = ctl.save();
    ctl.edit({ body: "One two three" });
    await settle();
    expect(fake.saves).toHaveLength(1); // never two at once
    fake.release();
    await settle();
    fake.release();
    await Promise.all([first, second]);
    expect(fake.saves.map((s) => [s.base_version, s.body])).toEqual([
      [2, "One"],
      [3, "One two three"],
    ]);
    expect(ctl.status.kind).toBe("saved");
  });

  it("shows unsaved changes when the text moved on during a save", async () => {
    const { fake, ctl } = await opened();
    fake.hold(true);
    ctl.edit({ body: "One" });
    const saving = ctl.save();
    await settle();
    ctl.edit({ body: "One two" });
    fake.hold(false);
    fake.release();
    await saving;
    expect(ctl.status.kind).toBe("dirty");
    await vi.advanceTimersByTimeAsync(1500);
    expect(fake.saves.at(-1)?.body).toBe("One two");
    expect(ctl.status.kind).toBe("saved");
  });

  it("keeps the person's text on a conflict and can save it over the stored version", async () => {
    const { fake, ctl, shown } = await conflicted();
    expect(ctl.status).toEqual({ kind: "conflict", message: "Someone else saved this article first." });
    expect(ctl.fields.body).toBe("Mine");
    // Typing on keeps the warning and does not autosave into another conflict.
    ctl.edit({ body: "Mine, more" });
    await vi.advanceTimersByTimeAsync(5000);
    expect(ctl.status.kind).toBe("conflict");
    expect(fake.saves).toHaveLength(1);

    await ctl.keepMine();
    expect(fake.saves.at(-1)).toMatchObject({ base_version: 3, body: "Mine, more", autosave: false });
    expect(fake.current().body).toBe("Mine, more");
    expect(ctl.status.kind).toBe("saved");
    expect(shown).toHaveLength(1); // the text on screen was never replaced
  });

  it("on a conflict can load the stored version instead, as an undoable step", async () => {
    const { ctl, shown } = await conflicted();
    await ctl.loadTheirs();
    expect(ctl.fields.body).toBe("Theirs");
    expect(shown.at(-1)).toEqual(["Theirs", true]);
    expect(ctl.status).toEqual({ kind: "saved", at: "09:03" });
  });

  it("reports a failed save and saves again when asked", async () => {
    const { fake, ctl } = await opened();
    fake.failWith(new DeskError({ code: "storage", message: "disk full" }));
    ctl.edit({ body: "Text" });
    await vi.advanceTimersByTimeAsync(1500);
    expect(ctl.status).toEqual({ kind: "error", message: "disk full" });
    expect(ctl.fields.body).toBe("Text");
    fake.failWith(null);
    await ctl.save();
    expect(ctl.status.kind).toBe("saved");
    expect(fake.current().body).toBe("Text");
  });

  it("reports an article that cannot be opened", async () => {
    const fake = fakeBackend(null);
    fake.backend.getArticle = async () => {
      throw new DeskError({ code: "not_found", message: "No article 9." });
    };
    const { ctl } = controller(fake, 9);
    await ctl.open();
    expect(ctl.status).toEqual({ kind: "error", message: "No article 9." });
  });

  it("saves what waits for the autosave when another article is opened, telling nobody", async () => {
    const fake = fakeBackend(stored(4, 2, "Bridge closes"));
    const updates = vi.fn();
    const ctl = new DraftController(4, { backend: fake.backend, onUpdate: updates });
    await ctl.open();
    ctl.edit({ body: "Typed just now" });
    updates.mockClear();
    await ctl.close();
    expect(fake.saves).toEqual([expect.objectContaining({ body: "Typed just now", autosave: true })]);
    expect(updates).not.toHaveBeenCalled();
  });

  it("leaves nothing behind when closed with nothing unsaved, or a new draft without a headline", async () => {
    const { fake, ctl } = await opened();
    await ctl.close();
    const { ctl: fresh, created } = controller(fake, null);
    fresh.edit({ tags: ["Lighthouses"] });
    await fresh.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.saves).toHaveLength(0);
    expect(fake.creates).toHaveLength(0);
    expect(created).toEqual([]);
  });

  it("does not steer the window back to a new draft saved on the way out", async () => {
    const fake = fakeBackend();
    const { ctl, created } = controller(fake, null);
    ctl.edit({ headline: "Half written" });
    await ctl.close();
    expect(fake.creates).toHaveLength(1);
    expect(created).toEqual([]);
  });

  it("shows a restored revision as one undoable step and drops the pending autosave", async () => {
    const { fake, ctl, shown } = await opened("New");
    ctl.edit({ body: "Newer" });
    ctl.restored({ ...stored(4, 3, "Bridge closes", "Old") });
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.saves).toHaveLength(0);
    expect(shown.at(-1)).toEqual(["Old", true]);
    expect(ctl.status.kind).toBe("saved");
  });

  it("shows a save made elsewhere when nothing here is unsaved, as one undoable step", async () => {
    const { fake, ctl, shown } = await opened("Old");
    fake.theySave({ body: "From the CLI" });
    await ctl.changedElsewhere(3);
    expect(shown.at(-1)).toEqual(["From the CLI", true]);
    expect(ctl.article?.version).toBe(3);
    // The next save builds on it: no conflict.
    ctl.edit({ body: "From the CLI, and more" });
    await ctl.save();
    expect(ctl.status.kind).toBe("saved");
    // Our own save's echo (its version already shown) changes nothing.
    await ctl.changedElsewhere(4);
    expect(shown).toHaveLength(2);
  });

  it("leaves unsaved text alone when a save arrives from elsewhere; the save then keeps both", async () => {
    const { fake, ctl, shown } = await opened("Old");
    ctl.edit({ body: "Mine" });
    fake.theySave({ body: "Theirs" });
    await ctl.changedElsewhere(3);
    expect(shown).toHaveLength(1);
    expect(ctl.fields.body).toBe("Mine");
    await ctl.save();
    expect(ctl.status.kind).toBe("conflict");
  });
});
