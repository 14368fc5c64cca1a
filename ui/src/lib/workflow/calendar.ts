import type { ArticleSummary } from "../ipc";

export interface CalendarEntry {
  id: string;
  title: string;
  start: Date;
  end: Date;
  editable: boolean;
  classNames: string[];
}

/** Calendar entries for scheduled and published stories; only scheduled ones can be dragged. */
export function calendarEntries(articles: ArticleSummary[]): CalendarEntry[] {
  const entries: CalendarEntry[] = [];
  for (const a of articles) {
    const when = a.status === "scheduled" ? a.scheduled_at : a.published_at;
    if (!when) continue;
    const start = new Date(when);
    entries.push({
      id: String(a.id),
      title: a.headline,
      start,
      // A publication is a moment; give it half an hour so it can be seen and grabbed.
      end: new Date(start.getTime() + 30 * 60 * 1000),
      editable: a.status === "scheduled",
      classNames: [`cal-${a.status}`],
    });
  }
  return entries;
}

/** "YYYY-MM-DDTHH:MM:SS" as the wall clock in the user's zone shows `date`. */
export function localWall(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** Stories due in the next 24 hours, soonest first. */
export function nextDay(articles: ArticleSummary[], now: Date): ArticleSummary[] {
  const until = now.getTime() + 24 * 3600 * 1000;
  return articles
    .filter((a) => a.status === "scheduled" && a.scheduled_at)
    .filter((a) => {
      const t = new Date(a.scheduled_at!).getTime();
      return t >= now.getTime() - 3600 * 1000 && t <= until;
    })
    .sort((a, b) => a.scheduled_at!.localeCompare(b.scheduled_at!));
}
