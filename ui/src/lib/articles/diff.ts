import type { DiffChunk } from "../ipc";

/** One run of text on one side of a side-by-side comparison; `changed` marks what differs. */
export interface Run {
  text: string;
  changed: boolean;
}

/**
 * A word diff split into its two sides: the older text (unchanged words and what was deleted)
 * and the newer one (unchanged words and what was inserted).
 */
export function sides(diff: readonly DiffChunk[]): { before: Run[]; after: Run[] } {
  const before: Run[] = [];
  const after: Run[] = [];
  for (const chunk of diff) {
    if (chunk.op !== "insert") before.push({ text: chunk.text, changed: chunk.op === "delete" });
    if (chunk.op !== "delete") after.push({ text: chunk.text, changed: chunk.op === "insert" });
  }
  return { before, after };
}
