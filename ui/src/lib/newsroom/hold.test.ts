import { describe, expect, it } from "vitest";
import type { ArticleLease } from "../ipc";
import { holdAfterLease, holdGranted, holdRefused } from "./hold";

const now = new Date("2026-12-07T12:00:00Z");
const ana: ArticleLease = { account: "ana", mine: false, expires_at: "2026-12-07T12:01:30Z" };
const mine: ArticleLease = { account: "ed", mine: true, expires_at: "2026-12-07T12:01:30Z" };

describe("opening a story", () => {
  it("edits with the lease, or without one on a desk of its own", () => {
    expect(holdGranted(mine)).toEqual({ kind: "editing", held: true });
    expect(holdGranted(null)).toEqual({ kind: "editing", held: false });
  });
  it("watches read-only when another desk holds it, naming them", () => {
    expect(holdRefused("locked", "whatever", ana)).toEqual({ kind: "watching", holder: "ana", takenFromMe: false });
    expect(holdRefused("locked", "wendy is editing this story until 12:01", null)).toMatchObject({ holder: "wendy" });
  });
  it("edits anyway offline or signed out: the server decides when the save arrives", () => {
    expect(holdRefused("offline", "no answer", null)).toEqual({ kind: "editing", held: false });
    expect(holdRefused("unauthorised", "signed out", ana)).toEqual({ kind: "editing", held: false });
  });
});

describe("who holds it changes", () => {
  it("turns the editor read-only when an editor takes it over", () => {
    expect(holdAfterLease({ kind: "editing", held: true }, ana, now)).toEqual({
      kind: "watching",
      holder: "ana",
      takenFromMe: true,
    });
  });
  it("asks again when the holder lets go or their hold lapses", () => {
    const watching = { kind: "watching" as const, holder: "ana", takenFromMe: false };
    expect(holdAfterLease(watching, null, now)).toBe("retry");
    expect(holdAfterLease(watching, { ...ana, expires_at: "2026-12-07T11:00:00Z" }, now)).toBe("retry");
    expect(holdAfterLease(watching, { ...ana, account: "bo" }, now)).toMatchObject({ holder: "bo" });
  });
  it("keeps editing through its own renewals", () => {
    const editing = { kind: "editing" as const, held: true };
    expect(holdAfterLease(editing, mine, now)).toBe(editing);
    expect(holdAfterLease(editing, null, now)).toBe(editing);
  });
});
