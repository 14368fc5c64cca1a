import { describe, expect, it } from "vitest";
import { StyleModule } from "style-mod";
import { adoptEditorStyles, mergeModules } from "./styles";

describe("mergeModules", () => {
  it("appends new modules in the order given", () => {
    expect(mergeModules([], ["base", "theme"])).toEqual(["base", "theme"]);
  });

  it("keeps mounted modules and slots new ones where the list puts them", () => {
    expect(mergeModules(["base", "theme"], ["base", "highlight", "theme"])).toEqual([
      "base",
      "highlight",
      "theme",
    ]);
    expect(mergeModules(["a", "b"], ["c"])).toEqual(["c", "a", "b"]);
  });

  it("moves a module when a later list wants it after another one", () => {
    // "theme" must come after "late" now, so it moves; nothing is duplicated.
    expect(mergeModules(["theme", "late"], ["late", "theme"])).toEqual(["late", "theme"]);
  });

  it("does not change its input", () => {
    const mounted = ["a"];
    mergeModules(mounted, ["b", "a"]);
    expect(mounted).toEqual(["a"]);
  });
});

describe("adoptEditorStyles", () => {
  it("puts mounted modules into one adopted sheet instead of a <style> element", () => {
    // A stand-in for a browser with constructable stylesheets (jsdom has none).
    const sheets: FakeSheet[] = [];
    class FakeSheet {
      text = "";
      constructor() {
        sheets.push(this);
      }
      replaceSync(text: string) {
        this.text = text;
      }
    }
    const doc = {
      adoptedStyleSheets: [] as unknown[],
      defaultView: { CSSStyleSheet: FakeSheet },
    } as unknown as Document;

    expect(adoptEditorStyles(doc)).toBe(true);
    const base = new StyleModule({ ".cm-base": { color: "red" } });
    const theme = new StyleModule({ ".cm-theme": { color: "blue" } });
    StyleModule.mount(doc, [base, theme]);
    StyleModule.mount(doc, [base, theme]);

    expect(sheets).toHaveLength(1);
    expect(doc.adoptedStyleSheets).toEqual([sheets[0]]);
    const text = sheets[0].text;
    expect(text.indexOf(".cm-base")).toBeGreaterThan(-1);
    expect(text.indexOf(".cm-base")).toBeLessThan(text.indexOf(".cm-theme"));
  });
});
