import type { SearchHit, WireFilter, WireFormat, WireItemSummary } from "../ipc";

/** The queue's order, as the backend pages it: newest arrival first, then the highest id. */
export function compareWire(a: WireItemSummary, b: WireItemSummary): number {
  return Date.parse(b.received_at) - Date.parse(a.received_at) || b.id - a.id;
}

/** How loud an item is: flash and bulletins stand out, routine copy stays calm. */
export function urgencyTone(urgency: number | null): "flash" | "urgent" | "high" | "routine" {
  if (urgency === null) return "routine";
  if (urgency <= 1) return "flash";
  if (urgency <= 2) return "urgent";
  if (urgency <= 4) return "high";
  return "routine";
}

/** Wire bodies are Markdown with the wire's text escaped; this shows the text as written. */
export function plainParagraphs(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\\([\\`*_{}[\]()#+\-.!|>~<])/g, "$1").trim())
    .filter(Boolean);
}

/** What the wire queue is narrowed to. */
export interface WireView {
  provider: string;
  format: string;
  urgentOnly: boolean;
  /** Received within this many hours; 0 for any time. */
  withinHours: number;
}

/** The backend's filter for what the queue is narrowed to, at `now`. */
export function wireFilterFor(view: WireView, now: Date): WireFilter {
  return {
    provider: view.provider || null,
    format: (view.format || null) as WireFormat | null,
    max_urgency: view.urgentOnly ? 2 : null,
    received_since: view.withinHours ? new Date(now.getTime() - view.withinHours * 3600 * 1000).toISOString() : null,
    limit: null,
  };
}

export function filterStories(
  stories: WireItemSummary[],
  view: WireView,
  now: Date,
): WireItemSummary[] {
  const since = view.withinHours ? now.getTime() - view.withinHours * 3600 * 1000 : 0;
  return stories.filter(
    (s) =>
      (!view.provider || s.provider === view.provider) &&
      (!view.format || s.format === view.format) &&
      (!view.urgentOnly || (s.urgency !== null && s.urgency <= 2)) &&
      new Date(s.received_at).getTime() >= since,
  );
}

/**
 * The queue narrowed to the stories a full-text search found, best match first, each with the
 * search's snippet. Hits for drafts are ignored; `null` hits means no search is active.
 */
export function rankByHits(
  stories: WireItemSummary[],
  hits: SearchHit[] | null,
): { story: WireItemSummary; snippet: string | null }[] {
  if (hits === null) return stories.map((story) => ({ story, snippet: null }));
  const byStory = new Map(stories.map((s) => [s.story_id, s]));
  const out: { story: WireItemSummary; snippet: string | null }[] = [];
  for (const hit of hits) {
    if (hit.kind !== "wire" || hit.story_id === null) continue;
    const story = byStory.get(hit.story_id);
    if (story) {
      out.push({ story, snippet: hit.snippet });
      byStory.delete(hit.story_id);
    }
  }
  return out;
}
