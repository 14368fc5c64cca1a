// Tags as chips: what counts as one tag, and which suggestions are worth showing.
import type { TagUse } from "../ipc";

/** One tag as it will be stored: trimmed, inner whitespace collapsed, no commas. */
export function normaliseTag(raw: string): string {
  return raw.replace(/,/g, " ").replace(/\s+/g, " ").trim();
}

export function hasTag(tags: readonly string[], tag: string): boolean {
  const key = normaliseTag(tag).toLocaleLowerCase();
  return tags.some((t) => t.toLocaleLowerCase() === key);
}

/** Adds every comma-separated tag in `raw` that is not there yet (case-insensitively). */
export function addTags(tags: readonly string[], raw: string): string[] {
  const result = [...tags];
  for (const part of raw.split(",")) {
    const tag = normaliseTag(part);
    if (tag && !hasTag(result, tag)) result.push(tag);
  }
  return result;
}

/**
 * What typing into the tag field makes of it: everything before the last comma becomes chips,
 * the rest stays in the field.
 */
export function splitEntry(text: string): { complete: string[]; rest: string } {
  const cut = text.lastIndexOf(",");
  if (cut === -1) return { complete: [], rest: text };
  const complete = text
    .slice(0, cut)
    .split(",")
    .map(normaliseTag)
    .filter(Boolean);
  return { complete, rest: text.slice(cut + 1).replace(/^\s+/, "") };
}

/** Suggestions minus the tags already on the article, most used first as the backend sent them. */
export function suggestionsFor(uses: readonly TagUse[], chosen: readonly string[]): TagUse[] {
  return uses.filter((u) => !hasTag(chosen, u.name));
}
