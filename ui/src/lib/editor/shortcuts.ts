// The editor's keys in one place (the ShortcutSheet and README list them too).

export type EditorAction =
  | "save"
  | "preview"
  | "history"
  | "metadata"
  | "comments"
  | "focus"
  | "leave-focus";

type Keys = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">;

/** The editor action for a key press, or null when the key is not the editor's. */
export function editorAction(e: Keys, focusMode: boolean): EditorAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (e.altKey) return null;
  if (!mod) return focusMode && e.key === "Escape" && !e.shiftKey ? "leave-focus" : null;
  if (!e.shiftKey) {
    if (key === "s") return "save";
    if (key === "p") return "preview";
    if (key === "i") return "metadata";
    return null;
  }
  if (key === "h") return "history";
  if (key === "m") return "comments";
  if (key === "f") return "focus";
  return null;
}
