// The only door to the backend. Everything else imports from here, never from @tauri-apps/api
// or the generated bindings directly, so the IPC surface stays in one place.
import { commands, events } from "./bindings";
import type { Action, Change, Disambiguation, DueReport, ErrorCode, IpcError, MissedPolicy, Role } from "./bindings";

export type {
  CheckItem,
  Delivery,
  MissedPolicy,
  Profile,
  Role,
  Action,
  Article,
  ArticleStatus,
  Disambiguation,
  DueReport,
  Publication,
  Transition,
  ArticleDraft,
  ArticleEdit,
  ArticleSummary,
  Change,
  Comment,
  CommentThread,
  DeskInfo,
  ErrorCode,
  DiffChunk,
  QuarantinedFile,
  Revision,
  SearchHit,
  TagUse,
  WireFilter,
  WireItem,
  WireItemSummary,
  WireStory,
} from "./bindings";

/** A failed backend call, carrying the stable code the UI branches on. */
export class DeskError extends Error {
  readonly code: ErrorCode;
  constructor(e: IpcError) {
    super(e.message);
    this.code = e.code;
  }
}

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (e) {
    // Tauri itself rejects with a plain string (unknown command, a denied permission).
    throw new DeskError({ code: "internal", message: String(e) });
  }
  if (result.status === "error") throw new DeskError(result.error);
  return result.data;
}

export const desk = {
  info: () => unwrap(commands.deskInfo()),
  listArticles: () => unwrap(commands.listArticles()),
  getArticle: (id: number) => unwrap(commands.getArticle(id)),
  createArticle: (draft: Parameters<typeof commands.createArticle>[0]) =>
    unwrap(commands.createArticle(draft)),
  saveArticle: (edit: Parameters<typeof commands.saveArticle>[0]) =>
    unwrap(commands.saveArticle(edit)),
  listWire: (filter: Parameters<typeof commands.listWire>[0] = {}) =>
    unwrap(commands.listWire(filter)),
  getWireItem: (id: number) => unwrap(commands.getWireItem(id)),
  getWireStory: (id: number) => unwrap(commands.getWireStory(id)),
  listQuarantined: () => unwrap(commands.listQuarantined()),
  takeToDesk: (id: number) => unwrap(commands.takeToDesk(id)),
  listRevisions: (articleId: number) => unwrap(commands.listRevisions(articleId)),
  restoreRevision: (revisionId: number) => unwrap(commands.restoreRevision(revisionId)),
  diffRevisions: (from: number, to: number) => unwrap(commands.diffRevisions(from, to)),
  search: (query: string, limit = 20) => unwrap(commands.search(query, limit)),
  renderPreview: (markdown: string) => unwrap(commands.renderPreview(markdown)),
  listTags: (prefix: string, limit = 8) => unwrap(commands.listTags(prefix, limit)),
  act: (id: number, action: Action, note = "") => unwrap(commands.actOnArticle(id, action, note)),
  schedule: (
    id: number,
    wall: string,
    zone: string,
    choice: Disambiguation | null = null,
    overrideReason: string | null = null,
  ) => unwrap(commands.scheduleArticle(id, wall, zone, choice, overrideReason)),
  setEmbargo: (id: number, wall: string | null, zone: string | null, choice: Disambiguation | null = null) =>
    unwrap(commands.setEmbargo(id, wall, zone, choice)),
  publish: (id: number, overrideReason: string | null = null) =>
    unwrap(commands.publishArticle(id, overrideReason)),
  transitions: (id: number) => unwrap(commands.listTransitions(id)),
  publications: (id: number) => unwrap(commands.listPublications(id)),
  calendar: (from: string, to: string) => unwrap(commands.calendar(from, to)),
  checklist: (id: number, at: string | null = null) => unwrap(commands.checklist(id, at)),
  webhook: () => unwrap(commands.getWebhook()),
  setWebhook: (url: string | null) => unwrap(commands.setWebhook(url)),
  deliveries: (id: number) => unwrap(commands.listDeliveries(id)),
  retryDelivery: (id: number) => unwrap(commands.retryDelivery(id)),
  missedPolicy: () => unwrap(commands.getMissedPolicy()),
  setMissedPolicy: (policy: MissedPolicy) => unwrap(commands.setMissedPolicy(policy)),
  openInboxFolder: () => unwrap(commands.openInboxFolder()),
  profiles: () => unwrap(commands.listProfiles()),
  addProfile: (name: string, role: Role) => unwrap(commands.addProfile(name, role)),
  setProfileRole: (name: string, role: Role) => unwrap(commands.setProfileRole(name, role)),
  switchProfile: (name: string) => unwrap(commands.switchProfile(name)),
  setInbox: (folder: string | null, polling: boolean) => unwrap(commands.setInbox(folder, polling)),
  chooseFolder: (title: string) => unwrap(commands.chooseFolder(title)),
  retryQuarantined: (id: number) => unwrap(commands.retryQuarantined(id)),
  diffWireItems: (from: number, to: number) => unwrap(commands.diffWireItems(from, to)),
  listComments: (articleId: number) => unwrap(commands.listComments(articleId)),
  /** Starts a thread, or with `replyTo` answers that comment in its thread. */
  addComment: (articleId: number, body: string, replyTo: number | null = null) =>
    unwrap(commands.addComment(articleId, body, replyTo)),
  editComment: (id: number, body: string) => unwrap(commands.editComment(id, body)),
  deleteComment: (id: number) => unwrap(commands.deleteComment(id)),
  resolveThread: (id: number) => unwrap(commands.resolveThread(id)),
  reopenThread: (id: number) => unwrap(commands.reopenThread(id)),
};

/** Calls `show` whenever the scheduler published, held or was blocked from something. */
export async function onSchedulerReport(show: (report: DueReport) => void): Promise<() => void> {
  return events.schedulerReport.listen((event) => show(event.payload));
}

/** Calls `apply` for every change the backend commits; returns a function that stops it. */
export async function onDeskChange(apply: (change: Change) => void): Promise<() => void> {
  return events.deskChanged.listen((event) => apply(event.payload));
}
