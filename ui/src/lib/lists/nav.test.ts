import { describe, expect, it } from "vitest";
import { listNav, moveIndex } from "./nav";

describe("moveIndex", () => {
  it("steps with the arrows and stays put at either end", () => {
    expect(moveIndex("ArrowDown", 0, 3)).toBe(1);
    expect(moveIndex("ArrowDown", 2, 3)).toBe(2);
    expect(moveIndex("ArrowUp", 1, 3)).toBe(0);
    expect(moveIndex("ArrowUp", 0, 3)).toBe(0);
  });

  it("jumps to the ends with Home and End", () => {
    expect(moveIndex("Home", 2, 3)).toBe(0);
    expect(moveIndex("End", 0, 3)).toBe(2);
  });

  it("leaves every other key, and an empty list, alone", () => {
    expect(moveIndex("Enter", 0, 3)).toBeNull();
    expect(moveIndex("a", 0, 3)).toBeNull();
    expect(moveIndex("ArrowDown", 0, 0)).toBeNull();
  });
});

describe("listNav", () => {
  function list(n: number) {
    const ul = document.createElement("ul");
    for (let i = 0; i < n; i++) {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.textContent = `Item ${i}`;
      li.append(button);
      ul.append(li);
    }
    document.body.append(ul);
    return { ul, buttons: [...ul.querySelectorAll("button")] };
  }

  function press(target: HTMLElement, key: string, extra: KeyboardEventInit = {}) {
    const e = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...extra });
    target.dispatchEvent(e);
    return e;
  }

  it("moves the focus, tells the list, and takes the key", () => {
    const { ul, buttons } = list(3);
    const moved: number[] = [];
    const nav = listNav(ul, { onMove: (i) => moved.push(i) });
    buttons[0].focus();
    expect(press(buttons[0], "ArrowDown").defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(buttons[1]);
    press(buttons[1], "End");
    expect(document.activeElement).toBe(buttons[2]);
    // At the end: the key is taken (no scrolling), nothing moves.
    expect(press(buttons[2], "ArrowDown").defaultPrevented).toBe(true);
    press(buttons[2], "Home");
    expect(moved).toEqual([1, 2, 0]);
    expect(document.activeElement).toBe(buttons[0]);
    // Enter is the button's own; shortcuts with modifiers pass through.
    expect(press(buttons[0], "Enter").defaultPrevented).toBe(false);
    expect(press(buttons[0], "End", { ctrlKey: true }).defaultPrevented).toBe(false);
    nav?.destroy?.();
    expect(press(buttons[0], "ArrowDown").defaultPrevented).toBe(false);
    ul.remove();
  });

  it("uses the stops it is told to", () => {
    const { ul, buttons } = list(2);
    buttons.forEach((b) => b.setAttribute("data-stop", ""));
    const extra = document.createElement("button");
    ul.querySelector("li")!.append(extra);
    listNav(ul, { items: "[data-stop]" });
    buttons[0].focus();
    press(buttons[0], "ArrowDown");
    expect(document.activeElement).toBe(buttons[1]);
    ul.remove();
  });
});
