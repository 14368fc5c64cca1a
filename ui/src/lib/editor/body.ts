// The body editor: CodeMirror 6 with Markdown, wrapping, undo, the default keys and our theme.
// Typing only ever touches the editor's state; the caller hears about changes through
// `onChange` and decides when to save (the DraftController in lib/articles/draft.ts).
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { markdownKeymap, markdownLanguage, pasteURLAsLink } from "@codemirror/lang-markdown";
import { LanguageSupport } from "@codemirror/language";
import { Annotation, Compartment, EditorState, type Extension } from "@codemirror/state";
import { drawSelection, EditorView, keymap, placeholder } from "@codemirror/view";
import { paragraphFocus } from "./paragraphFocus";
import { adoptEditorStyles } from "./styles";
import { calmTheme } from "./theme";
import { styleMarks, type Flag } from "./styleMarks";
import { wireMarks } from "./wireMarks";
import type { Provenance } from "../ipc";
import { centreOn, typewriter } from "./typewriter";

// Keys the app uses itself: Ctrl+I (metadata) and Ctrl+/ (shortcut sheet).
const TAKEN = new Set(["Mod-i", "Mod-/"]);

/** The default keymap without the bindings whose keys belong to the app. */
export function editorKeymap() {
  const defaults = defaultKeymap.filter((b) => !TAKEN.has(b.key ?? ""));
  return [...markdownKeymap, ...historyKeymap, ...defaults];
}

/** Marks changes made by the program (loading, restoring), which are not the user's edits. */
const external = Annotation.define<boolean>();

export interface BodyEditorOptions {
  parent: HTMLElement;
  text?: string;
  placeholder: string;
  label: string;
  onChange: (text: string) => void;
  /** The house-style check; marks what it flags once typing pauses (none without it). */
  check?: (text: string) => Promise<Flag[]>;
  /** Where the text came from (wire provenance); marks its wire passages once typing pauses. */
  provenance?: {
    ask: (text: string) => Promise<Provenance | null>;
    onAnswer: (p: Provenance | null) => void;
  };
}

export class BodyEditor {
  readonly view: EditorView;
  private readonly mode = new Compartment();
  private focusMode = false;

  constructor(private readonly options: BodyEditorOptions) {
    adoptEditorStyles(options.parent.ownerDocument);
    this.view = new EditorView({ parent: options.parent, state: this.state(options.text ?? "") });
  }

  private state(text: string): EditorState {
    return EditorState.create({ doc: text, extensions: this.extensions() });
  }

  private extensions(): Extension {
    const { label, onChange } = this.options;
    return [
      history(),
      drawSelection(),
      EditorView.lineWrapping,
      // Typing near the bottom keeps a few lines of air below the cursor.
      EditorView.cursorScrollMargin.of({ x: 5, y: 72 }),
      new LanguageSupport(markdownLanguage),
      pasteURLAsLink,
      keymap.of(editorKeymap()),
      placeholder(this.options.placeholder),
      calmTheme(),
      EditorView.contentAttributes.of({
        "data-testid": "body",
        "aria-label": label,
        spellcheck: "true",
      }),
      this.mode.of(this.modeExtensions()),
      this.options.check ? styleMarks(this.options.check) : [],
      this.options.provenance ? wireMarks(this.options.provenance.ask, this.options.provenance.onAnswer) : [],
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        if (update.transactions.some((tr) => tr.annotation(external))) return;
        onChange(update.state.doc.toString());
      }),
    ];
  }

  private modeExtensions(): Extension {
    return this.focusMode
      ? [typewriter(), paragraphFocus(), EditorView.editorAttributes.of({ class: "cm-focus-mode" })]
      : [];
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Shows another text from scratch: a fresh undo history, cursor at the start. */
  load(text: string) {
    this.view.setState(this.state(text));
  }

  /**
   * Replaces the text as one undoable step that is not reported as an edit. Only the part
   * that differs is replaced, so the cursor stays where it was when the change is elsewhere
   * (a save made on another desk, a restored revision).
   */
  replace(text: string) {
    const old = this.text;
    if (text === old) return;
    const { from, to, insert } = changedPart(old, text);
    this.view.dispatch({
      changes: { from, to, insert },
      annotations: external.of(true),
    });
  }

  /** Adds a line at the foot of the text (a credit line), as an edit of the user's. */
  appendLine(line: string) {
    const text = this.text;
    const gap = text.length === 0 ? "" : text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
    this.view.dispatch({ changes: { from: text.length, insert: `${gap}${line}\n` }, userEvent: "input" });
  }

  setFocusMode(on: boolean) {
    if (on === this.focusMode) return;
    this.focusMode = on;
    this.view.dispatch({ effects: this.mode.reconfigure(this.modeExtensions()) });
  }

  /** Puts the cursor's line in the middle of the window (typewriter position). */
  centreCursor() {
    this.view.dispatch({ effects: centreOn(this.view.state.selection.main.head) });
  }

  /** Scrolls just enough to show the cursor. */
  revealCursor() {
    const head = this.view.state.selection.main.head;
    this.view.dispatch({ effects: EditorView.scrollIntoView(head, { y: "nearest", yMargin: 72 }) });
  }

  focus() {
    this.view.focus();
  }

  /** Moves the cursor to the start of the text and focuses it. */
  focusStart() {
    this.view.dispatch({ selection: { anchor: 0 }, scrollIntoView: true });
    this.view.focus();
  }

  get hasFocus(): boolean {
    return this.view.hasFocus;
  }

  /** After the editor was hidden (display: none), measure it again. */
  refresh() {
    this.view.requestMeasure();
  }

  destroy() {
    this.view.destroy();
  }
}

/** The smallest middle of `old` that turns it into `text`: same start and end kept. */
export function changedPart(old: string, text: string): { from: number; to: number; insert: string } {
  let start = 0;
  const most = Math.min(old.length, text.length);
  while (start < most && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < most - start &&
    old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)
  ) {
    end++;
  }
  // Never split a surrogate pair: CodeMirror would see half a character.
  if (start > 0 && isHigh(old.charCodeAt(start - 1))) start--;
  if (end > 0 && isLow(old.charCodeAt(old.length - end))) end--;
  return { from: start, to: old.length - end, insert: text.slice(start, text.length - end) };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
