import { describe, expect, it } from "vitest";
import {
  DEFAULT_HEADLINE_LIMIT,
  headlineLength,
  headlineMeter,
  loadHeadlineLimit,
  parseLimit,
  saveHeadlineLimit,
} from "./headline";

function memory(): Pick<Storage, "getItem" | "setItem"> {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
}

describe("headline meter", () => {
  it("counts characters as a reader does", () => {
    expect(headlineLength("  Café  ")).toBe(4);
    expect(headlineLength("Flag 🇳🇴")).toBe(6);
    expect(headlineLength("")).toBe(0);
  });

  it("warns past the limit without blocking", () => {
    expect(headlineMeter("a".repeat(80), 80)).toEqual({ length: 80, limit: 80, over: 0, label: "80/80" });
    expect(headlineMeter("a".repeat(86), 80)).toEqual({
      length: 86,
      limit: 80,
      over: 6,
      label: "86/80 · 6 over",
    });
  });
});

describe("headline limit setting", () => {
  it("defaults to 80 and keeps a valid choice", () => {
    const store = memory();
    expect(loadHeadlineLimit(store)).toBe(DEFAULT_HEADLINE_LIMIT);
    saveHeadlineLimit(65, store);
    expect(loadHeadlineLimit(store)).toBe(65);
  });

  it("ignores nonsense", () => {
    const store = memory();
    saveHeadlineLimit(3, store);
    expect(loadHeadlineLimit(store)).toBe(80);
    store.setItem("copydesk.headlineLimit", "lots");
    expect(loadHeadlineLimit(store)).toBe(80);
    expect(parseLimit("72")).toBe(72);
    expect(parseLimit("7.5")).toBeNull();
    expect(parseLimit("")).toBeNull();
  });
});
