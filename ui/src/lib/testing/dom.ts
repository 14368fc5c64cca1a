// Helpers for component tests (vitest + @testing-library/svelte); never imported by the app.

/** The element with this data-testid in the rendered document, or a failure naming it. */
export function byTestId<T extends HTMLElement>(container: HTMLElement, id: string): T {
  const el = container.ownerDocument.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no [data-testid=${id}]`);
  return el;
}
