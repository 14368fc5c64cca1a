// The desk's shared state: the navigator's counts, the quarantine, notices and desk info,
// loaded once and kept current from the backend's `desk-changed` events. The one place the UI
// subscribes to them; the list panes (paged: they hold a window of their list, not the list)
// and the views that care about a change for their own view (an open article's comments, a
// delivery log) listen here, synchronously, instead of opening their own subscription.
import {
  desk,
  onDeskChange,
  onSchedulerReport,
  DeskError,
  type ArticleLease,
  type HeldStory,
  type Change,
  type NewsroomStatus,
  type DeskInfo,
  type DueReport,
  type ListCounts,
  type QuarantinedFile,
} from "../ipc";
import { applyDeskChange, noteHeadlines, schedulerNotice, type DeskData, type Drop } from "./changes";
import { queueCounts, type View } from "./queues";
import { applyLeaseChange, applyNewsroomChange } from "../newsroom/status";

/** What the store needs from the backend; the real one is `lib/ipc`, tests pass fakes. */
export interface DeskSource {
  info(): Promise<DeskInfo>;
  counts(): Promise<ListCounts>;
  listQuarantined(): Promise<QuarantinedFile[]>;
  newsroomStatus(): Promise<NewsroomStatus>;
  heldStories(): Promise<HeldStory[]>;
  onDeskChange(apply: (change: Change) => void): Promise<() => void>;
  onSchedulerReport(show: (report: DueReport) => void): Promise<() => void>;
}

const ipcSource: DeskSource = {
  info: () => desk.info(),
  counts: () => desk.listCounts(),
  listQuarantined: () => desk.listQuarantined(),
  newsroomStatus: () => desk.newsroomStatus(),
  heldStories: () => desk.heldStories(),
  onDeskChange,
  onSchedulerReport,
};

/** Changes that move the navigator's counts. */
const COUNTED: ReadonlySet<Change["kind"]> = new Set([
  "article_created",
  "article_saved",
  "article_deleted",
  "wire_received",
  "wire_quarantined",
]);

/** Counts are read again this long after the last change of a burst (a large drop). */
export const COUNTS_SETTLE_MS = 120;

export class DeskStore {
  quarantine = $state.raw<QuarantinedFile[]>([]);
  notice = $state<string | null>(null);
  drop = $state.raw<Drop | null>(null);
  info = $state.raw<DeskInfo | null>(null);
  /** Where the desk stands with its newsroom (`null` until loaded). */
  newsroom = $state.raw<NewsroomStatus | null>(null);
  /** Who holds each story's body, as the feed said since the window opened. */
  leases = $state.raw<Record<number, ArticleLease>>({});
  listCounts = $state.raw<ListCounts | null>(null);
  /** Set when the desk could not be opened at all. */
  fatal = $state.raw<DeskError | null>(null);
  /** Headlines seen lately, so a notice can name a story that is not on screen. */
  private headlines: DeskData["headlines"] = new Map();

  /** The profile the desk acts as. */
  readonly me = $derived(this.info?.author ?? null);
  readonly counts: Record<View, number> = $derived(queueCounts(this.listCounts));

  private readonly listeners = new Set<(change: Change) => void>();
  /** Status changes applied so far: tells a status read in flight that it was overtaken. */
  private newsroomChanges = 0;
  private countsTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly source: DeskSource = ipcSource) {}

  /**
   * Loads the desk and follows its changes until the returned function is called. Listens
   * before the first load, so no change can fall between the two.
   */
  async open(): Promise<() => void> {
    const stops: (() => void)[] = [() => clearTimeout(this.countsTimer)];
    const stop = () => stops.splice(0).forEach((s) => s());
    try {
      this.info = await this.source.info();
      stops.push(await this.source.onDeskChange((change) => this.apply(change)));
      stops.push(
        await this.source.onSchedulerReport((report) => {
          const notice = schedulerNotice(report);
          if (notice) this.notice = notice;
        }),
      );
      const [counts, quarantine] = await Promise.all([this.source.counts(), this.source.listQuarantined()]);
      // Loaded after listening: a change committed meanwhile is in these already.
      this.listCounts = counts;
      this.quarantine = quarantine;
      await this.refreshNewsroom();
      // Holds taken before this window opened; later ones arrive as changes.
      const held = await this.source.heldStories();
      this.leases = Object.fromEntries(held.map((h) => [h.article_id, h.lease]));
    } catch (e) {
      this.fatal = e instanceof DeskError ? e : new DeskError({ code: "internal", message: String(e) });
    }
    return stop;
  }

  /** Applies one committed change, then tells the views that listen. */
  apply(change: Change): void {
    const before: DeskData = {
      headlines: this.headlines,
      quarantine: this.quarantine,
      notice: this.notice,
      drop: this.drop,
    };
    const after = applyDeskChange(before, change);
    if (after !== before) {
      this.headlines = after.headlines;
      this.quarantine = after.quarantine;
      this.notice = after.notice;
      this.drop = after.drop;
    }
    if (change.kind === "newsroom_status") {
      this.newsroomChanges += 1;
      const before = this.newsroom;
      this.newsroom = applyNewsroomChange(before, change);
      // The role can change with the session: what the window offers follows it.
      if (change.link === "online" && before?.activity?.link !== "online") void this.refreshInfo().catch(() => {});
    }
    if (change.kind === "lease_changed") this.leases = applyLeaseChange(this.leases, change);
    if (COUNTED.has(change.kind)) this.recount();
    for (const listener of this.listeners) listener(change);
  }

  /** Reads the newsroom status again (after a sign-in or sign-out). */
  async refreshNewsroom(): Promise<void> {
    const seen = this.newsroomChanges;
    const fresh = await this.source.newsroomStatus();
    // A status change that arrived while the read was in flight is newer than what the read
    // saw (the follower may report "online" before the read returns): keep its activity.
    const current = this.newsroom;
    if (seen !== this.newsroomChanges && current?.activity && fresh.connected && fresh.signed_in) {
      this.newsroom = { ...fresh, activity: current.activity, pending: current.pending };
    } else {
      this.newsroom = fresh;
    }
  }

  /** Reads the counts again once a burst of changes settles (one cheap backend call). */
  private recount(): void {
    clearTimeout(this.countsTimer);
    this.countsTimer = setTimeout(async () => {
      try {
        this.listCounts = await this.source.counts();
      } catch {
        // The next change reads them again; a count is not worth a notice.
      }
    }, COUNTS_SETTLE_MS);
  }

  /** Lists tell the store the headlines they show, for notices that name a story. */
  noteArticles(articles: readonly { id: number; headline: string }[]): void {
    this.headlines = noteHeadlines(this.headlines, articles);
  }

  /** Calls `listener` with every change from now on; returns a function that stops it. */
  listen(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async refreshInfo(): Promise<void> {
    this.info = await this.source.info();
    // Switching profile changes whose drafts are "mine".
    this.listCounts = await this.source.counts();
  }

  dismissNotice(): void {
    this.notice = null;
  }
}

/** The desk the window shows. */
export const deskState = new DeskStore();
