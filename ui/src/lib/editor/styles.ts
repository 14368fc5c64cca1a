// CodeMirror brings its CSS as style-mod modules and, for a document, writes them into a
// `<style>` element. Our CSP (`style-src 'self'`, nothing inline) refuses that element, so the
// editor would lose its layout rules (cursor, selection, wrapping). A constructed stylesheet is
// CSSOM, like setting `element.style` from a script, and is not inline markup: document mounts
// go into one adopted `CSSStyleSheet` instead, in the order style-mod would give them.
import { StyleModule } from "style-mod";

/**
 * Style-mod's ordering rule: `incoming` lists modules lowest precedence first; those already
 * mounted keep their places unless `incoming` asks for another order, new ones go in where
 * `incoming` puts them. Returns the new order (the input is not changed).
 */
export function mergeModules<T>(mounted: readonly T[], incoming: readonly T[]): T[] {
  const result = [...mounted];
  let j = 0;
  for (const mod of incoming) {
    let index = result.indexOf(mod);
    if (index > -1 && index < j) {
      // Mounted earlier than a module `incoming` puts before it: move it.
      result.splice(index, 1);
      j--;
      index = -1;
    }
    if (index === -1) {
      result.splice(j++, 0, mod);
    } else {
      j = index + 1;
    }
  }
  return result;
}

type Mount = typeof StyleModule.mount;
let original: Mount | null = null;

/**
 * Routes CodeMirror's styles for `doc` into an adopted stylesheet. Returns false (and changes
 * nothing) where the browser has no constructable stylesheets, e.g. jsdom in unit tests.
 */
export function adoptEditorStyles(doc: Document = document): boolean {
  if (original) return true;
  const win = doc.defaultView;
  if (!win || !("adoptedStyleSheets" in doc) || !("replaceSync" in win.CSSStyleSheet.prototype)) {
    return false;
  }
  const sheet = new win.CSSStyleSheet();
  let mounted: StyleModule[] = [];
  const base = StyleModule.mount;
  original = base;
  StyleModule.mount = (root, modules, options) => {
    if (root !== doc) return base.call(StyleModule, root, modules, options);
    const list: readonly StyleModule[] = Array.isArray(modules) ? modules : [modules as StyleModule];
    const next = mergeModules(mounted, list);
    if (next.length !== mounted.length || next.some((m, i) => m !== mounted[i])) {
      mounted = next;
      sheet.replaceSync(mounted.map((m) => m.getRules()).join("\n"));
    }
    if (!doc.adoptedStyleSheets.includes(sheet)) {
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    }
  };
  return true;
}
