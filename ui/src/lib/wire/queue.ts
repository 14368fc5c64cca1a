import type { WireItemSummary } from "../ipc";

/** The queue after stories arrived or changed: one line per story, newest first. */
export function mergeStories(
  queue: WireItemSummary[],
  arrived: WireItemSummary[],
): WireItemSummary[] {
  const touched = new Set(arrived.map((s) => s.story_id));
  const rest = queue.filter((s) => !touched.has(s.story_id));
  return [...arrived, ...rest].sort(
    (a, b) => b.received_at.localeCompare(a.received_at) || b.id - a.id,
  );
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
