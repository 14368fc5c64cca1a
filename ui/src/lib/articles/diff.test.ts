import { describe, expect, it } from "vitest";
import { sides } from "./diff";

describe("sides", () => {
  it("puts deletions on the left, insertions on the right, and the rest on both", () => {
    const { before, after } = sides([
      { op: "equal", text: "Repairs start " },
      { op: "delete", text: "Monday" },
      { op: "insert", text: "Tuesday" },
      { op: "equal", text: "." },
    ]);
    expect(before.map((r) => r.text).join("")).toBe("Repairs start Monday.");
    expect(after.map((r) => r.text).join("")).toBe("Repairs start Tuesday.");
    expect(before.filter((r) => r.op !== "equal").map((r) => r.text)).toEqual(["Monday"]);
    expect(after.filter((r) => r.op !== "equal").map((r) => r.text)).toEqual(["Tuesday"]);
  });

  it("gives two empty sides for no diff", () => {
    expect(sides([])).toEqual({ before: [], after: [] });
  });
});
