// The body's look: the app's CSS variables (ui/src/styles/theme.css), so light and dark follow
// `:root[data-theme=dark]` without a second theme; Markdown marks are there but quiet.
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import type { Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

const calm = EditorView.theme({
  "&": {
    color: "var(--fg)",
    backgroundColor: "transparent",
    fontSize: "var(--body-size, 16px)",
  },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": {
    fontFamily: "var(--font-text)",
    lineHeight: "1.75",
    // The page around the editor scrolls, not the editor itself.
    overflow: "visible",
  },
  ".cm-content": {
    padding: "0 0 2px",
    tabSize: "4",
  },
  ".cm-line": { padding: "0", transition: "opacity 160ms ease" },
  ".cm-cursor, .cm-dropCursor": {
    borderLeft: "2px solid var(--accent)",
    marginLeft: "-1px",
  },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    { backgroundColor: "color-mix(in srgb, var(--accent) 24%, transparent)" },
  ".cm-selectionBackground": {
    backgroundColor: "color-mix(in srgb, var(--fg-faint) 22%, transparent)",
  },
  ".cm-placeholder": { color: "var(--fg-faint)" },
  // Focus mode: everything but the paragraph being written steps back.
  ".cm-line.cm-dimmed": { opacity: "0.32" },
});

/** Headings and emphasis read as such; the Markdown marks themselves stay faint. */
export const calmHighlight = HighlightStyle.define([
  { tag: t.heading, fontWeight: "600", color: "var(--fg)" },
  { tag: t.strong, fontWeight: "600" },
  { tag: t.emphasis, fontStyle: "italic" },
  { tag: t.strikethrough, textDecoration: "line-through" },
  { tag: [t.processingInstruction, t.contentSeparator], color: "var(--fg-faint)" },
  { tag: t.quote, color: "var(--fg-muted)", fontStyle: "italic" },
  { tag: t.link, color: "var(--accent)" },
  { tag: t.url, color: "var(--fg-faint)" },
  { tag: t.monospace, backgroundColor: "var(--chip)", borderRadius: "3px" },
  { tag: [t.meta, t.comment], color: "var(--fg-faint)" },
  { tag: t.escape, color: "var(--fg-faint)" },
]);

export function calmTheme(): Extension {
  return [calm, syntaxHighlighting(calmHighlight)];
}
