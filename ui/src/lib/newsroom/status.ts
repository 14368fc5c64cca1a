// What the window shows of the desk's newsroom: the connection badge and the editor's
// "who is editing" line. Pure, so every sync state and lease case is unit-tested.
import type { ArticleLease, Change, NewsroomStatus } from "../ipc";

export type Tone = "local" | "online" | "syncing" | "offline" | "signed_out";

export interface Badge {
  tone: Tone;
  /** The short word on the badge. */
  label: string;
  /** The longer sentence for its tooltip and for screen readers. */
  detail: string;
}

function waiting(pending: number): string {
  if (pending === 0) return "";
  return pending === 1 ? "1 change waiting" : `${pending} changes waiting`;
}

/** The connection badge for a desk's newsroom status (`null`: not known yet). */
export function badgeFor(status: NewsroomStatus | null): Badge {
  if (!status || !status.connected) {
    return { tone: "local", label: "Local", detail: "Working locally: this desk is not in a newsroom." };
  }
  const where = status.server ?? "the newsroom";
  if (!status.signed_in) {
    // The follower is stopped: the queue as stored is the count.
    const more = waiting(status.pending);
    return {
      tone: "signed_out",
      label: more ? `Signed out · ${more}` : "Signed out",
      detail: `Signed out of ${where}: sign in again in Settings${more ? ` to send ${more}` : ""}.`,
    };
  }
  const activity = status.activity;
  const pending = activity?.pending ?? status.pending;
  if (!activity) {
    return { tone: "syncing", label: "Connecting…", detail: `Connecting to ${where}…` };
  }
  switch (activity.link) {
    case "online":
      return {
        tone: "online",
        label: pending ? `Online · ${waiting(pending)}` : "Online",
        detail: `In step with ${where} as ${status.account ?? "?"}.`,
      };
    case "syncing":
      return {
        tone: "syncing",
        label: pending ? `Syncing · ${waiting(pending)}` : "Syncing",
        detail: `Sending this desk's changes to ${where}…`,
      };
    case "offline": {
      const more = waiting(pending);
      return {
        tone: "offline",
        label: more ? `Offline · ${more}` : "Offline",
        detail: `${where} cannot be reached; keep working, changes go when it answers.${activity.last_error ? ` (${activity.last_error})` : ""}`,
      };
    }
    case "signed_out": {
      const more = waiting(pending);
      return {
        tone: "signed_out",
        label: more ? `Signed out · ${more}` : "Signed out",
        detail: `The newsroom ended this session: sign in again in Settings.${activity.last_error ? ` (${activity.last_error})` : ""}`,
      };
    }
  }
}

/** The status after a change from the backend (only `newsroom_status` touches it). */
export function applyNewsroomChange(status: NewsroomStatus | null, change: Change): NewsroomStatus | null {
  if (change.kind !== "newsroom_status" || !status) return status;
  const activity = { link: change.link, pending: change.pending, last_error: change.last_error };
  return {
    ...status,
    activity,
    pending: change.pending,
    // The follower saw the session end: the desk is signed out until the next sign-in.
    signed_in: change.link === "signed_out" ? false : status.signed_in,
  };
}

/** Who holds each article's body, after a change (only `lease_changed` touches it). */
export function applyLeaseChange(
  leases: Record<number, ArticleLease>,
  change: Change,
): Record<number, ArticleLease> {
  if (change.kind !== "lease_changed") return leases;
  const next = { ...leases };
  if (change.lease) next[change.article_id] = change.lease;
  else delete next[change.article_id];
  return next;
}

/** A hold that is someone else's and has not lapsed: the story opens read-only. */
export function heldByOther(lease: ArticleLease | null | undefined, now: Date): lease is ArticleLease {
  return !!lease && !lease.mine && new Date(lease.expires_at).getTime() > now.getTime();
}

/** The line the editor and the list show ("Ana is editing"), or `null`. */
export function editingLine(lease: ArticleLease | null | undefined, now: Date): string | null {
  return heldByOther(lease, now) ? `${lease.account} is editing` : null;
}
