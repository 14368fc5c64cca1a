// Moving through a list from the keyboard, as in a mail client: ↑/↓ step, Home/End jump to
// the ends; Enter and Space are the items' own (they are buttons). Shared by the article
// list, the wire queue and the quarantine list through `ListPane`.
import type { Action } from "svelte/action";

/**
 * Where `key` moves from item `index` of `length`: the new index (the same one at either end,
 * so the key is still taken and the page does not scroll), or `null` for keys that do not move.
 */
export function moveIndex(key: string, index: number, length: number): number | null {
  if (length === 0) return null;
  switch (key) {
    case "ArrowDown":
      return Math.min(index + 1, length - 1);
    case "ArrowUp":
      return Math.max(index - 1, 0);
    case "Home":
      return 0;
    case "End":
      return length - 1;
    default:
      return null;
  }
}

export interface ListNavOptions {
  /** Which elements are the list's stops (CSS, within the node). */
  items?: string;
  /** Called after the focus moved to item `index` (a list that opens what is focused opens it). */
  onMove?: (index: number) => void;
}

/** Arrow keys, Home and End move the focus between the items of the list it is used on. */
export const listNav: Action<HTMLElement, ListNavOptions | undefined> = (node, initial) => {
  let options = initial ?? {};
  function onKeydown(e: KeyboardEvent) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const items = [...node.querySelectorAll<HTMLElement>(options.items ?? ":scope > li > button")];
    const index = items.findIndex((item) => item === e.target || item.contains(e.target as Node));
    if (index < 0) return;
    const to = moveIndex(e.key, index, items.length);
    if (to === null) return;
    e.preventDefault();
    if (to === index) return;
    items[to].focus();
    options.onMove?.(to);
  }
  node.addEventListener("keydown", onKeydown);
  return {
    update: (next) => (options = next ?? {}),
    destroy: () => node.removeEventListener("keydown", onKeydown),
  };
};
