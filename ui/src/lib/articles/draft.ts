// The editor's saving, as plain TypeScript: what is typed is saved a moment after typing stops
// (autosave) or at once when asked (Ctrl+S); saves run one at a time; a save refused because
// someone else saved first (a `conflict`) keeps the person's text and offers both choices.
// `Editor.svelte` renders it and forwards what is typed; nothing here touches the DOM.
import { DeskError, type Article, type ArticleDraft, type ArticleEdit } from "../ipc";
import { copyFields, draftOf, editOf, emptyFields, fieldsOf, sameFields, type Fields } from "./fields";
import { SaveQueue } from "./saver";

export type SaveStatus =
  | { kind: "new" }
  | { kind: "loading" }
  | { kind: "saved"; at: string }
  | { kind: "dirty" }
  | { kind: "saving" }
  | { kind: "conflict"; message: string }
  | { kind: "error"; message: string };

/** The backend calls saving needs (`desk` in `lib/ipc`; tests pass fakes). */
export interface DraftBackend {
  getArticle(id: number): Promise<Article>;
  createArticle(draft: ArticleDraft): Promise<Article>;
  saveArticle(edit: ArticleEdit): Promise<Article>;
}

export interface DraftOptions {
  backend: DraftBackend;
  /** A stored article to show as it is; `undoable`: as one step the body's undo can take back. */
  onShow?: (article: Article, undoable: boolean) => void;
  /** `status` or `article` changed. */
  onUpdate?: () => void;
  /** A new draft was saved for the first time and has this id. */
  onCreated?: (id: number) => void;
  /** How long typing must pause before an autosave. */
  autosaveMs?: number;
  /** How a save's time is shown ("Saved 10:42"). */
  formatTime?: (iso: string) => string;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export const AUTOSAVE_MS = 1500;

export class DraftController {
  status: SaveStatus;
  /** The article as last loaded or saved; `null` for a draft not saved yet. */
  article: Article | null = null;
  /** What the person sees now. */
  fields: Fields = copyFields(emptyFields);
  private saved: Fields = copyFields(emptyFields);
  private id: number | null;
  // Whether the next save was asked for by the person rather than the autosave timer.
  private explicit = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  // Once the editor has moved on, a last save may still run but tells nobody.
  private closed = false;
  private readonly queue = new SaveQueue(() => this.saveOnce());
  private readonly opts: Required<DraftOptions>;

  constructor(id: number | null, opts: DraftOptions) {
    this.id = id;
    this.status = id === null ? { kind: "new" } : { kind: "loading" };
    this.opts = {
      onShow: () => {},
      onUpdate: () => {},
      onCreated: () => {},
      autosaveMs: AUTOSAVE_MS,
      formatTime: (iso) => clock.format(new Date(iso)),
      ...opts,
    };
  }

  /** Loads the article (nothing to load for a new draft). */
  open(): Promise<void> {
    return this.load(false);
  }

  /** The person changed something: save it once typing pauses (not while a conflict waits). */
  edit(patch: Partial<Fields>): void {
    this.fields = { ...this.fields, ...patch };
    if (this.status.kind === "conflict") return; // keep the warning until the person chooses
    this.set({ kind: "dirty" });
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fields.headline.trim()) this.timer = setTimeout(() => this.autosave(), this.opts.autosaveMs);
  }

  /** Saves now, as the person asked; after any save already under way. */
  save(): Promise<void> {
    this.explicit = true;
    this.cancelAutosave();
    return this.queue.request();
  }

  /** After a conflict: take the stored version's number, keep this text, and save it over. */
  async keepMine(): Promise<void> {
    const stored = await this.fetch();
    if (!stored) return;
    this.article = stored;
    this.set({ kind: "dirty" });
    await this.save();
  }

  /** After a conflict: drop this text and show the stored version (undoable). */
  loadTheirs(): Promise<void> {
    return this.load(true);
  }

  /** An earlier revision was restored (by the backend): show it as one undoable step. */
  restored(article: Article): void {
    this.cancelAutosave();
    this.show(article, true);
  }

  /**
   * The stored article reached `version` elsewhere (the CLI, another desk). With nothing
   * unsaved here, the stored text is shown (one undoable step); with unsaved text it is left
   * alone, and the next save meets the conflict, which keeps both texts.
   */
  async changedElsewhere(version: number): Promise<void> {
    if (!this.newerThanShown(version) || this.status.kind !== "saved") return;
    const stored = await this.fetch();
    // Typing may have started while it was read: then the conflict path decides.
    if (stored && this.newerThanShown(stored.version) && this.status.kind === "saved") this.show(stored, true);
  }

  private newerThanShown(version: number): boolean {
    return this.id !== null && this.article !== null && version > this.article.version;
  }

  /** Something beside saving went wrong and belongs in the status line (the preview). */
  fail(message: string): void {
    this.set({ kind: "error", message });
  }

  /**
   * The editor is going away (another article was opened): what was waiting for the autosave
   * is saved now rather than lost, and from here on nobody is told about it.
   */
  close(): Promise<void> {
    this.closed = true;
    if (this.timer === undefined) return Promise.resolve();
    this.cancelAutosave();
    return this.queue.request();
  }

  /** The stored article, or `null` (and the failure shown) when it cannot be read. */
  private async fetch(): Promise<Article | null> {
    if (this.id === null) return null;
    try {
      return await this.opts.backend.getArticle(this.id);
    } catch (e) {
      this.set({ kind: "error", message: messageOf(e) });
      return null;
    }
  }

  private async load(undoable: boolean) {
    const stored = await this.fetch();
    if (stored) this.show(stored, undoable);
  }

  private autosave() {
    this.timer = undefined;
    void this.queue.request();
  }

  private cancelAutosave() {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private show(article: Article, undoable: boolean) {
    this.article = article;
    this.fields = fieldsOf(article);
    this.saved = fieldsOf(article);
    if (!this.closed) this.opts.onShow(article, undoable);
    this.set({ kind: "saved", at: this.opts.formatTime(article.updated_at) });
  }

  private set(status: SaveStatus) {
    this.status = status;
    if (!this.closed) this.opts.onUpdate();
  }

  private async saveOnce(): Promise<void> {
    const snapshot = copyFields(this.fields);
    const autosave = !this.explicit;
    this.explicit = false;
    if (this.id !== null && sameFields(snapshot, this.saved)) return;
    if (!snapshot.headline.trim()) {
      this.set({ kind: "error", message: "A headline is needed before the draft can be saved." });
      return;
    }
    this.set({ kind: "saving" });
    try {
      const { backend } = this.opts;
      let result: Article;
      if (this.id === null) {
        result = await backend.createArticle(draftOf(snapshot));
        this.id = result.id;
        if (!this.closed) this.opts.onCreated(result.id);
      } else {
        result = await backend.saveArticle(editOf(this.id, this.article!.version, snapshot, autosave));
      }
      this.article = result;
      this.saved = snapshot;
      this.set(
        sameFields(this.fields, snapshot)
          ? { kind: "saved", at: this.opts.formatTime(result.updated_at) }
          : { kind: "dirty" },
      );
    } catch (e) {
      const code = e instanceof DeskError ? e.code : "internal";
      this.set(code === "conflict" ? { kind: "conflict", message: messageOf(e) } : { kind: "error", message: messageOf(e) });
    }
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
