import type { DiffChunk } from "../ipc";

/**
 * A word diff split into its two sides: the older text (unchanged words and what was deleted)
 * and the newer one (unchanged words and what was inserted). Each side is still a diff, so
 * one component draws all three.
 */
export function sides(diff: readonly DiffChunk[]): { before: DiffChunk[]; after: DiffChunk[] } {
  return {
    before: diff.filter((chunk) => chunk.op !== "insert"),
    after: diff.filter((chunk) => chunk.op !== "delete"),
  };
}
