import { describe, expect, it } from "vitest";
import { countdown, movesFor } from "./moves";

describe("movesFor", () => {
  it("offers the next step first and nothing after a kill", () => {
    expect(movesFor("draft")[0].action).toBe("submit");
    expect(movesFor("in_review")[0].action).toBe("approve");
    expect(movesFor("ready").map((m) => m.action)).toContain("schedule_dialog");
    expect(movesFor("published").map((m) => m.action)).toEqual(["correct", "kill"]);
    expect(movesFor("killed")).toEqual([]);
  });

  it("asks for a reason before a kill or sending back", () => {
    expect(movesFor("published").find((m) => m.action === "kill")?.needsNote).toBe(true);
    expect(movesFor("in_review").find((m) => m.action === "return")?.needsNote).toBe(true);
  });
});

describe("countdown", () => {
  const now = new Date("2026-07-01T08:00:00Z");
  it("counts down in sensible units and stops at zero", () => {
    expect(countdown("2026-07-01T10:05:00Z", now)).toBe("2 h 5 min");
    expect(countdown("2026-07-01T08:00:45Z", now)).toBe("45 s");
    expect(countdown("2026-07-03T09:00:00Z", now)).toBe("2 d 1 h");
    expect(countdown("2026-07-01T07:00:00Z", now)).toBeNull();
  });
});
