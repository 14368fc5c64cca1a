// The body editor: CodeMirror 6 with Markdown, wrapping, undo, the default keys and our theme.
// Typing only ever touches the editor's state; the caller hears about changes through
// `onChange` and decides when to save (debounced, through the SaveQueue).
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { markdownKeymap, markdownLanguage, pasteURLAsLink } from "@codemirror/lang-markdown";
import { LanguageSupport } from "@codemirror/language";
import { Annotation, Compartment, EditorState, type Extension } from "@codemirror/state";
import { drawSelection, EditorView, keymap, placeholder } from "@codemirror/view";
import { paragraphFocus } from "./paragraphFocus";
import { adoptEditorStyles } from "./styles";
import { calmTheme } from "./theme";
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

  /** Replaces the whole text as one undoable step that is not reported as an edit. */
  replace(text: string) {
    if (text === this.text) return;
    this.view.dispatch({
      changes: { from: 0, to: this.view.state.doc.length, insert: text },
      annotations: external.of(true),
    });
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
