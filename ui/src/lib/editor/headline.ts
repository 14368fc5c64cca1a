// The headline's length against a limit the desk chooses. Over the limit is a warning, never a
// block: the limit is a house style, and some headlines earn their length.

export const DEFAULT_HEADLINE_LIMIT = 80;
export const MIN_HEADLINE_LIMIT = 20;
export const MAX_HEADLINE_LIMIT = 300;
const KEY = "copydesk.headlineLimit";

type Store = Pick<Storage, "getItem" | "setItem">;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Characters as a reader counts them: "é" and a flag emoji are one each. */
export function headlineLength(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text.trim())) n++;
  return n;
}

/** A usable limit from anything typed or stored, or null when there is none. */
export function parseLimit(value: unknown): number | null {
  const n = typeof value === "number" ? value : Number(String(value ?? "").trim());
  if (!Number.isInteger(n) || n < MIN_HEADLINE_LIMIT || n > MAX_HEADLINE_LIMIT) return null;
  return n;
}

export function loadHeadlineLimit(store: Store = localStorage): number {
  return parseLimit(store.getItem(KEY)) ?? DEFAULT_HEADLINE_LIMIT;
}

export function saveHeadlineLimit(limit: number, store: Store = localStorage): void {
  const n = parseLimit(limit);
  if (n !== null) store.setItem(KEY, String(n));
}

export interface HeadlineMeter {
  length: number;
  limit: number;
  /** Characters past the limit; 0 when within it. */
  over: number;
  label: string;
}

export function headlineMeter(text: string, limit: number): HeadlineMeter {
  const length = headlineLength(text);
  const over = Math.max(0, length - limit);
  const label = over > 0 ? `${length}/${limit} · ${over} over` : `${length}/${limit}`;
  return { length, limit, over, label };
}
