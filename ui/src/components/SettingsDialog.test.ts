import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, waitFor } from "@testing-library/svelte";
import { byTestId } from "../lib/testing/dom";
import type { DeskInfo } from "../lib/ipc";

// A backend the test controls: each setting the dialog saves is a call we can see.
const desk = vi.hoisted(() => ({
  profiles: vi.fn(),
  webhook: vi.fn(),
  setWebhook: vi.fn(),
  missedPolicy: vi.fn(),
  setMissedPolicy: vi.fn(),
  backupFolder: vi.fn(),
  setBackupFolder: vi.fn(),
  backUpNow: vi.fn(),
  connectNewsroom: vi.fn(),
  signOutNewsroom: vi.fn(),
  storageReport: vi.fn(),
  compactDesk: vi.fn(),
  houseStyle: vi.fn(),
  setHouseStyle: vi.fn(),
}));
vi.mock("../lib/ipc", () => ({
  desk,
  DeskError: class extends Error {},
}));
// The newsroom section reads the desk store's status and asks it to read it again.
const store = vi.hoisted(() => ({ newsroom: null as unknown, refreshNewsroom: vi.fn() }));
vi.mock("../lib/desk/store.svelte", () => ({ deskState: store }));

import SettingsDialog from "./SettingsDialog.svelte";

function info(role: "editor" | "writer"): DeskInfo {
  return {
    version: "0.1.0",
    data_dir: "/data",
    outbox: "/outbox",
    author: "ana",
    role,
    inbox: "/wire",
    inbox_problem: null,
    inbox_polling: false,
    inbox_locked: null,
  };
}

function open(role: "editor" | "writer" = "editor") {
  return render(SettingsDialog, { info: info(role), onClose: () => {}, onInfoChanged: () => {} });
}

beforeEach(() => {
  for (const fn of Object.values(desk)) fn.mockReset();
  desk.profiles.mockResolvedValue([]);
  desk.webhook.mockResolvedValue("https://cms.example/hook");
  desk.setWebhook.mockResolvedValue(undefined);
  desk.missedPolicy.mockResolvedValue("publish_now");
  desk.setMissedPolicy.mockResolvedValue(undefined);
  desk.backupFolder.mockResolvedValue({ path: "/data/Backups", is_default: true });
  desk.setBackupFolder.mockImplementation(async (folder: string | null) => ({
    path: folder ?? "/data/Backups",
    is_default: folder === null,
  }));
  desk.backUpNow.mockResolvedValue({ path: "/data/Backups/copydesk-x.sqlite3", taken_at: "", bytes: 1 });
  desk.storageReport.mockResolvedValue({
    database_bytes: 12_500_000,
    free_bytes: 2_000_000,
    articles: 1,
    revisions: 3,
    wire_files: 40,
    wire_items: 42,
    wire_original_bytes: 9_000_000,
    bytes_per_wire_item: 230_000,
  });
  desk.compactDesk.mockResolvedValue({ before_bytes: 12_500_000, after_bytes: 10_500_000 });
  desk.houseStyle.mockResolvedValue('[[prefer]]\nuse = "Kyiv"\nnot = ["Kiev"]\n');
  desk.setHouseStyle.mockResolvedValue(undefined);
});

describe("SettingsDialog: storage and house style", () => {
  it("says what the database holds and compacts it", async () => {
    const { container, findByText } = open();
    // As read on screen: the template's line breaks are spaces.
    const shown = () => (byTestId(container, "storage").textContent ?? "").replace(/\s+/g, " ");
    await waitFor(() => expect(shown()).toContain("12.5 MB"));
    expect(shown()).toContain("1 article, 42 wire items from 40 files");
    expect(shown()).toContain("2 MB inside it is free room");
    await fireEvent.click(byTestId(container, "compact"));
    expect(desk.compactDesk).toHaveBeenCalledOnce();
    await findByText("Compacted: 12.5 MB → 10.5 MB.");
  });

  it("shows the house style, saves an edit, and says why a broken sheet was refused", async () => {
    const { container, findByText, findByRole } = open();
    const sheet = byTestId<HTMLTextAreaElement>(container, "house-style");
    await waitFor(() => expect(sheet.value).toContain('use = "Kyiv"'));
    await fireEvent.input(sheet, { target: { value: '[[avoid]]\nword = "slammed"\nmessage = "Say who."\n' } });
    await fireEvent.click(byTestId(container, "save-house-style"));
    expect(desk.setHouseStyle).toHaveBeenCalledWith('[[avoid]]\nword = "slammed"\nmessage = "Say who."\n');
    await findByText("House style saved: the checklist and `copydesk check` use it.");
    desk.setHouseStyle.mockRejectedValueOnce(new Error("the house style is not valid: unknown field `colour`"));
    await fireEvent.click(byTestId(container, "save-house-style"));
    expect((await findByRole("alert")).textContent).toContain("unknown field `colour`");
  });
});

describe("SettingsDialog: webhook", () => {
  it("shows the stored address, saves an edited one, and an empty field turns it off", async () => {
    const { container, findByText } = open();
    const input = byTestId<HTMLInputElement>(container, "webhook");
    await waitFor(() => expect(input.value).toBe("https://cms.example/hook"));
    await fireEvent.input(input, { target: { value: "  https://other.example/in  " } });
    await fireEvent.submit(input.form!);
    expect(desk.setWebhook).toHaveBeenCalledWith("https://other.example/in");
    await findByText("Saved: published stories will be sent there.");
    await fireEvent.input(input, { target: { value: "   " } });
    await fireEvent.submit(input.form!);
    expect(desk.setWebhook).toHaveBeenLastCalledWith(null);
    await findByText("Webhook turned off.");
  });

  it("says why a refused address was not saved", async () => {
    desk.setWebhook.mockRejectedValue(new Error("the webhook must be an http(s) address"));
    const { container, findByRole } = open();
    const input = byTestId<HTMLInputElement>(container, "webhook");
    await fireEvent.input(input, { target: { value: "ftp://x" } });
    await fireEvent.submit(input.form!);
    expect((await findByRole("alert")).textContent).toContain("http(s) address");
  });
});

describe("SettingsDialog: missed stories", () => {
  it("an editor's choice is saved at once", async () => {
    const { container, findByText } = open("editor");
    const ask = byTestId<HTMLInputElement>(container, "missed-ask");
    await waitFor(() => expect(ask.disabled).toBe(false));
    await fireEvent.click(ask);
    expect(desk.setMissedPolicy).toHaveBeenCalledWith("ask");
    await findByText("Missed stories will be held until an editor publishes them.");
  });

  it("a refused choice goes back to the stored one", async () => {
    desk.setMissedPolicy.mockRejectedValue(new Error("a writer cannot change this"));
    const { container, findByRole } = open("editor");
    const ask = byTestId<HTMLInputElement>(container, "missed-ask");
    await waitFor(() => expect(ask.disabled).toBe(false));
    await fireEvent.click(ask);
    expect((await findByRole("alert")).textContent).toContain("cannot change");
    await waitFor(() => expect(ask.checked).toBe(false));
  });

  it("a writer sees the choice but cannot change it", async () => {
    const { container, findByText } = open("writer");
    await findByText("Only editors change this.");
    expect(byTestId<HTMLInputElement>(container, "missed-ask").disabled).toBe(true);
  });
});

describe("SettingsDialog: backups", () => {
  it("shows the folder, saves another, and backs up now", async () => {
    const { container, findByText } = open();
    const input = byTestId<HTMLInputElement>(container, "backup-folder");
    await waitFor(() => expect(input.value).toBe("/data/Backups"));
    await fireEvent.input(input, { target: { value: "/media/usb/desk" } });
    await fireEvent.submit(input.form!);
    expect(desk.setBackupFolder).toHaveBeenCalledWith("/media/usb/desk");
    await findByText("Backups go to /media/usb/desk.");
    await fireEvent.click(byTestId(container, "back-up-now"));
    expect(desk.backUpNow).toHaveBeenCalled();
    await findByText("Backed up to /data/Backups/copydesk-x.sqlite3.");
  });
});

describe("Settings › Newsroom", () => {
  beforeEach(() => {
    store.newsroom = null;
    store.refreshNewsroom.mockResolvedValue(undefined);
  });

  it("works locally by default and signs in with the address, account and password", async () => {
    desk.connectNewsroom.mockResolvedValue({});
    const { container } = open();
    expect(byTestId(container, "newsroom-settings").textContent).toContain("Working locally");
    await fireEvent.input(byTestId(container, "newsroom-server"), { target: { value: " http://newsroom:7700 " } });
    await fireEvent.input(byTestId(container, "newsroom-account"), { target: { value: "ana" } });
    await fireEvent.input(byTestId(container, "newsroom-password"), { target: { value: "secret words" } });
    await fireEvent.submit(byTestId(container, "newsroom-form"));
    await waitFor(() => expect(desk.connectNewsroom).toHaveBeenCalledWith("http://newsroom:7700", "ana", "secret words"));
    // The password does not stay in the form.
    expect((byTestId(container, "newsroom-password") as HTMLInputElement).value).toBe("");
  });

  it("shows who is signed in, where the session is kept, and signs out", async () => {
    store.newsroom = {
      connected: true,
      signed_in: true,
      server: "http://newsroom:7700",
      account: "ana",
      role: "writer",
      pending: 0,
      session_kept_in: "memory, for this run only (no system keyring: no D-Bus)",
      activity: { link: "online", pending: 0, last_error: null },
    };
    desk.signOutNewsroom.mockResolvedValue({});
    const { container } = open();
    expect(byTestId(container, "newsroom-signed-in").textContent).toContain("ana");
    expect(byTestId(container, "newsroom-session-place").textContent).toContain("for this run only");
    await fireEvent.click(byTestId(container, "newsroom-sign-out"));
    await waitFor(() => expect(desk.signOutNewsroom).toHaveBeenCalled());
  });
});
