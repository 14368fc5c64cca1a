import type { Change, DueReport, QuarantinedFile } from "../ipc";

/** A large drop being taken in: shown as "n of N" until it is done. */
export interface Drop {
  total: number;
  done: number;
}

/**
 * What the desk shows beside its lists, kept current from the backend's `desk-changed` events.
 * The article and wire lists are paged; each list pane applies the changes to its own window.
 */
export interface DeskData {
  /** Headlines of articles seen lately (changes, listed pages), to name a story in a notice. */
  headlines: ReadonlyMap<number, string>;
  quarantine: QuarantinedFile[];
  /** A line for the person (the scheduler, a large drop, a failed webhook); `null` when none. */
  notice: string | null;
  drop: Drop | null;
}

export const emptyDesk: DeskData = { headlines: new Map(), quarantine: [], notice: null, drop: null };

/** How many headlines `DeskData.headlines` keeps. */
export const HEADLINES_KEPT = 500;

/** `headlines` with these articles' (newest last; the oldest dropped beyond the limit). */
export function noteHeadlines(
  headlines: ReadonlyMap<number, string>,
  articles: readonly { id: number; headline: string }[],
): ReadonlyMap<number, string> {
  const next = new Map(headlines);
  for (const a of articles) {
    next.delete(a.id);
    next.set(a.id, a.headline);
  }
  for (const id of next.keys()) {
    if (next.size <= HEADLINES_KEPT) break;
    next.delete(id);
  }
  return next;
}

/** A drop counts as large (and gets a progress line) above this many files. */
export const LARGE_DROP = 20;

/**
 * The desk after one committed change. Pure: the input is left alone, and parts the change
 * does not touch are returned as they were (same arrays), so nothing re-renders for nothing.
 * Changes that belong to one open view (comments, a delivery log) only matter here when they
 * carry something for the whole desk.
 */
export function applyDeskChange(data: DeskData, change: Change): DeskData {
  switch (change.kind) {
    case "article_created":
    case "article_saved":
      return { ...data, headlines: noteHeadlines(data.headlines, [change.article]) };
    case "article_deleted":
    case "wire_received":
      return data; // the list panes place these in their windows
    case "wire_quarantined":
      return {
        ...data,
        quarantine: [change.file, ...data.quarantine.filter((f) => f.id !== change.file.id)],
      };
    case "wire_scanned":
      if (change.found <= LARGE_DROP) return data;
      return {
        ...data,
        drop: { total: change.found, done: 0 },
        notice: `${change.found} files arriving in the wire inbox…`,
      };
    case "wire_batch_done": {
      if (!data.drop) return data;
      const drop = { ...data.drop, done: Math.min(data.drop.total, data.drop.done + change.files) };
      const finished = drop.done >= drop.total;
      return {
        ...data,
        drop: finished ? null : drop,
        notice: finished
          ? `Wire inbox: all ${drop.total.toLocaleString()} files taken in.`
          : `Wire inbox: ${drop.done.toLocaleString()} of ${drop.total.toLocaleString()} files taken in…`,
      };
    }
    case "delivery_updated": {
      if (change.delivery.state !== "failed") return data;
      const headline = data.headlines.get(change.article_id) ?? "a story";
      return {
        ...data,
        notice: `Webhook gave up sending “${headline}”: ${change.delivery.last_error || "no answer"}. Open its Log to send it again.`,
      };
    }
    case "newsroom_refused":
      return { ...data, notice: refusalNotice(change) };
    case "comments_changed":
      return data; // the open editor keeps its own threads
    case "publication_recorded":
      return data; // the story's log shows it when open
    case "lease_changed":
    case "newsroom_status":
      return data; // the store keeps who is editing and the newsroom's status beside the lists
  }
}

/** What a desk is told when the newsroom refused one of its changes: what, why, and that nothing is lost. */
export function refusalNotice(refusal: Extract<Change, { kind: "newsroom_refused" }>): string {
  const story = refusal.headline ? ` of “${refusal.headline}”` : "";
  const reason = refusal.message.replace(/[.\s]+$/, "");
  return `The newsroom refused your ${refusal.what}${story}: ${reason}. It now shows as the newsroom has it; any text you wrote is in its History.`;
}

/** The notice for a scheduler tick that did something, or `null` when it has nothing to say. */
export function schedulerNotice(report: DueReport): string | null {
  const parts = [
    report.published.length && `${report.published.length} published on schedule`,
    report.published_late.length && `${report.published_late.length} published late (missed while closed)`,
    report.held.length && `${report.held.length} overdue, held for you`,
    report.embargoed.length && `${report.embargoed.length} due but still embargoed`,
    report.blocked.length && `${report.blocked.length} due but blocked by the checklist`,
  ].filter(Boolean);
  return parts.length ? `Scheduler: ${parts.join(" · ")}` : null;
}
