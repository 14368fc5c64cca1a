import { describe, expect, it } from "vitest";
import type { ArticleLease, NewsroomStatus } from "../ipc";
import { applyLeaseChange, applyNewsroomChange, badgeFor, editingLine, heldByOther } from "./status";

const connected: NewsroomStatus = {
  connected: true,
  signed_in: true,
  online: false,
  server: "http://newsroom:7700",
  account: "ana",
  role: "writer",
  pending: 0,
  last_seq: 12,
  last_error: null,
  session_kept_in: "the system keyring",
  activity: { link: "online", pending: 0, last_error: null },
};

describe("the connection badge", () => {
  it("says local for a desk of its own", () => {
    expect(badgeFor(null).tone).toBe("local");
    expect(badgeFor({ ...connected, connected: false, activity: null }).label).toBe("Local");
  });
  it("says online when in step", () => {
    expect(badgeFor(connected)).toMatchObject({ tone: "online", label: "Online" });
  });
  it("counts the changes waiting while offline", () => {
    const offline = { ...connected, activity: { link: "offline" as const, pending: 3, last_error: "refused" } };
    const badge = badgeFor(offline);
    expect(badge).toMatchObject({ tone: "offline", label: "Offline · 3 changes waiting" });
    expect(badge.detail).toContain("refused");
    expect(badgeFor({ ...offline, activity: { ...offline.activity, pending: 1 } }).label).toBe("Offline · 1 change waiting");
  });
  it("shows syncing while sending", () => {
    expect(badgeFor({ ...connected, activity: { link: "syncing", pending: 2, last_error: null } }).label).toBe(
      "Syncing · 2 changes waiting",
    );
  });
  it("asks for a sign-in when the session ended", () => {
    expect(badgeFor({ ...connected, signed_in: false, pending: 1 })).toMatchObject({
      tone: "signed_out",
      label: "Signed out · 1 change waiting",
    });
    expect(badgeFor({ ...connected, activity: { link: "signed_out", pending: 0, last_error: "expired" } }).tone).toBe(
      "signed_out",
    );
  });
  it("says connecting before the follower's first word", () => {
    expect(badgeFor({ ...connected, activity: null }).label).toBe("Connecting…");
  });
});

describe("status changes", () => {
  it("takes the follower's link and count", () => {
    const next = applyNewsroomChange(connected, { kind: "newsroom_status", link: "offline", pending: 4, last_error: "x" });
    expect(next?.activity).toEqual({ link: "offline", pending: 4, last_error: "x" });
    expect(next?.pending).toBe(4);
  });
  it("marks the desk signed out when the session ends", () => {
    const next = applyNewsroomChange(connected, { kind: "newsroom_status", link: "signed_out", pending: 0, last_error: null });
    expect(next?.signed_in).toBe(false);
  });
  it("leaves other changes alone", () => {
    const change = { kind: "article_deleted" as const, id: 1 };
    expect(applyNewsroomChange(connected, change)).toBe(connected);
  });
});

describe("who is editing", () => {
  const now = new Date("2026-12-07T12:00:00Z");
  const ana: ArticleLease = { account: "ana", mine: false, expires_at: "2026-12-07T12:01:00Z" };
  it("names someone else's live hold", () => {
    expect(editingLine(ana, now)).toBe("ana is editing");
    expect(heldByOther(ana, now)).toBe(true);
  });
  it("ignores this desk's own hold, a lapsed one and none", () => {
    expect(editingLine({ ...ana, mine: true }, now)).toBeNull();
    expect(editingLine({ ...ana, expires_at: "2026-12-07T11:59:00Z" }, now)).toBeNull();
    expect(editingLine(null, now)).toBeNull();
  });
  it("follows lease changes", () => {
    const held = applyLeaseChange({}, { kind: "lease_changed", article_id: 7, lease: ana });
    expect(held[7]).toEqual(ana);
    expect(applyLeaseChange(held, { kind: "lease_changed", article_id: 7, lease: null })).toEqual({});
  });
});
