import { afterEach, describe, expect, it, vi } from "vitest";
import { autogrow } from "./autogrow";

describe("autogrow", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("fits the height to the text on start, on input, on a new value and on a new width", () => {
    let resized: () => void = () => {};
    vi.stubGlobal(
      "ResizeObserver",
      class {
        constructor(callback: () => void) {
          resized = callback;
        }
        observe() {}
        disconnect() {}
      },
    );
    const el = document.createElement("textarea");
    let scroll = 40;
    let width = 600;
    Object.defineProperty(el, "scrollHeight", { get: () => scroll });
    Object.defineProperty(el, "clientWidth", { get: () => width });

    const action = autogrow(el, "one line");
    expect(el.style.height).toBe("40px");

    scroll = 80;
    el.dispatchEvent(new Event("input"));
    expect(el.style.height).toBe("80px");

    scroll = 120;
    action.update();
    expect(el.style.height).toBe("120px");

    // A resize of our own making (same width) changes nothing; a narrower column re-fits.
    scroll = 160;
    resized();
    expect(el.style.height).toBe("120px");
    width = 400;
    resized();
    expect(el.style.height).toBe("160px");
    action.destroy();
  });

  it("makes an empty field as tall as its placeholder", () => {
    vi.stubGlobal(
      "ResizeObserver",
      class {
        observe() {}
        disconnect() {}
      },
    );
    const el = document.createElement("textarea");
    el.placeholder = "A long hint that wraps onto a second line";
    Object.defineProperty(el, "scrollHeight", { get: () => (el.value ? 52 : 26) });
    const action = autogrow(el, "");
    expect(el.style.height).toBe("52px");
    expect(el.value).toBe("");
    action.destroy();
  });
});
