// The only door to the backend. Everything else imports from here, never from @tauri-apps/api
// or the generated bindings directly, so the IPC surface stays in one place.
import { commands, events } from "./bindings";
import type {
  Action,
  ArticleFilter,
  ArticleKey,
  ArticleStatus,
  Change,
  Disambiguation,
  DueReport,
  ErrorCode,
  IpcError,
  MissedPolicy,
  Role,
  Seek,
  WireFilter,
  WireKey,
} from "./bindings";

export type {
  ArticleLease,
  HeldStory,
  NewsroomActivity,
  NewsroomLink,
  NewsroomStatus,
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
  ArticleFacets,
  ArticleFilter,
  ArticleKey,
  ArticleSort,
  ListCounts,
  Page,
  Seek,
  WireFacets,
  WireFormat,
  WireKey,
  Change,
  Comment,
  CommentThread,
  CrashReport,
  StorageReport,
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
  Provenance,
  WireSource,
  WirePassage,
  AgencyShare,
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
  /** One page of an article list (`limit` rows from `seek`, in the filter's order). */
  pageArticles: (filter: ArticleFilter, seek: Seek<ArticleKey>, limit: number) =>
    unwrap(commands.pageArticles(filter, seek, limit)),
  articleFacets: (queue: ArticleStatus | null) => unwrap(commands.articleFacets(queue)),
  listCounts: () => unwrap(commands.listCounts()),
  getArticle: (id: number) => unwrap(commands.getArticle(id)),
  createArticle: (draft: Parameters<typeof commands.createArticle>[0]) =>
    unwrap(commands.createArticle(draft)),
  saveArticle: (edit: Parameters<typeof commands.saveArticle>[0]) =>
    unwrap(commands.saveArticle(edit)),
  /** One page of the wire queue, newest first. */
  pageWire: (filter: WireFilter, seek: Seek<WireKey>, limit: number) =>
    unwrap(commands.pageWire(filter, seek, limit)),
  /** The queue lines of these stories, in this order (the wire search's hits). */
  wireStories: (stories: number[]) => unwrap(commands.wireStories(stories)),
  wireFacets: () => unwrap(commands.wireFacets()),
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
  backupFolder: () => unwrap(commands.getBackupFolder()),
  setBackupFolder: (folder: string | null) => unwrap(commands.setBackupFolder(folder)),
  backUpNow: () => unwrap(commands.backUpNow()),
  missedPolicy: () => unwrap(commands.getMissedPolicy()),
  setMissedPolicy: (policy: MissedPolicy) => unwrap(commands.setMissedPolicy(policy)),
  openInboxFolder: () => unwrap(commands.openInboxFolder()),
  /** The newest crash report not offered yet (the last run stopped unexpectedly), or null. */
  unseenCrashReport: () => unwrap(commands.unseenCrashReport()),
  openCrashReport: () => unwrap(commands.openCrashReport()),
  dismissCrashReport: () => unwrap(commands.dismissCrashReport()),
  storageReport: () => unwrap(commands.storageReport()),
  /** Gives back the database's free room (VACUUM); saves wait while it runs. */
  compactDesk: () => unwrap(commands.compactDesk()),
  houseStyle: () => unwrap(commands.houseStyle()),
  /** What the house style flags in a text (the body as typed). */
  checkText: (text: string) => unwrap(commands.checkText(text)),
  articleProvenance: (id: number, body: string | null) => unwrap(commands.articleProvenance(id, body)),
  /** Sets the house style sheet (TOML); `null` goes back to the starter sheet. */
  setHouseStyle: (sheet: string | null) => unwrap(commands.setHouseStyle(sheet)),
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
  newsroomStatus: () => unwrap(commands.newsroomStatus()),
  /** Signs in and joins the newsroom; the session goes to the system keyring. */
  connectNewsroom: (server: string, account: string, password: string) =>
    unwrap(commands.connectNewsroom(server, account, password)),
  signOutNewsroom: () => unwrap(commands.signOutNewsroom()),
  articleLease: (id: number) => unwrap(commands.articleLease(id)),
  heldStories: () => unwrap(commands.heldStories()),
  /** Holds the story's body for editing; `locked` when another desk holds it. */
  holdArticle: (id: number) => unwrap(commands.holdArticle(id)),
  takeOverArticle: (id: number) => unwrap(commands.takeOverArticle(id)),
  releaseArticle: (id: number) => unwrap(commands.releaseArticle(id)),
};

/** Calls `show` whenever the scheduler published, held or was blocked from something. */
export async function onSchedulerReport(show: (report: DueReport) => void): Promise<() => void> {
  return events.schedulerReport.listen((event) => show(event.payload));
}

/** Calls `apply` for every change the backend commits; returns a function that stops it. */
export async function onDeskChange(apply: (change: Change) => void): Promise<() => void> {
  return events.deskChanged.listen((event) => apply(event.payload));
}
