// Holding a story's body from the editor: what opening a story decides, and what a change in
// who holds it does to the open editor. Pure; `BodyHold.svelte` renders it.
import type { ArticleLease, ErrorCode } from "../ipc";
import { heldByOther } from "./status";

export type Hold =
  /** Asking the newsroom whether this desk may edit. */
  | { kind: "opening" }
  /** Editable; `held` when this desk holds the lease (released on close). */
  | { kind: "editing"; held: boolean }
  /** Someone else holds the body: read-only with the live text. */
  | { kind: "watching"; holder: string; takenFromMe: boolean };

/** The hold after asking for the lease: a lease (or none needed, for a desk of its own). */
export function holdGranted(lease: ArticleLease | null): Hold {
  return { kind: "editing", held: !!lease?.mine };
}

/**
 * The hold after the newsroom refused or did not answer: `locked` opens read-only; anything
 * else (offline, signed out) edits anyway — the server decides when the save arrives.
 */
export function holdRefused(code: ErrorCode, message: string, known: ArticleLease | null): Hold {
  if (code !== "locked") return { kind: "editing", held: false };
  const holder = known && !known.mine ? known.account : (/(\S+) is editing/.exec(message)?.[1] ?? "Someone");
  return { kind: "watching", holder, takenFromMe: false };
}

/**
 * What a change in who holds the story does: taken over while editing → read-only, told so;
 * released (or lapsed) while watching → "retry" (ask for it again); anything else stays.
 */
export function holdAfterLease(hold: Hold, lease: ArticleLease | null, now: Date): Hold | "retry" {
  if (hold.kind === "editing" && heldByOther(lease, now)) {
    return { kind: "watching", holder: lease.account, takenFromMe: hold.held };
  }
  if (hold.kind === "watching") {
    if (!heldByOther(lease, now)) return "retry";
    if (lease.account !== hold.holder) return { ...hold, holder: lease.account };
  }
  return hold;
}
