import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, waitFor } from "@testing-library/svelte";
import { byTestId } from "../lib/testing/dom";
import type { ArticleSummary, DeskError as RealDeskError } from "../lib/ipc";

type IpcError = ConstructorParameters<typeof RealDeskError>[0];

// A backend the test controls, and the real DeskError (the bar branches on its code).
const desk = vi.hoisted(() => ({
  checklist: vi.fn(),
  publish: vi.fn(),
  schedule: vi.fn(),
  act: vi.fn(),
}));
vi.mock("../lib/ipc", () => {
  class DeskError extends Error {
    readonly code: string;
    constructor(e: IpcError) {
      super(e.message);
      this.code = e.code;
    }
  }
  return { desk, DeskError };
});
vi.mock("../lib/desk/store.svelte", () => ({
  deskState: { listen: () => () => {} },
}));

import { DeskError } from "../lib/ipc";
import WorkflowBar from "./WorkflowBar.svelte";

const embargoed: ArticleSummary = {
  id: 7,
  slug: "ferry",
  headline: "Ferry timetable changes",
  section: "",
  tags: [],
  urgency: 5,
  status: "ready",
  author: "ana",
  word_count: 120,
  version: 3,
  updated_at: new Date().toISOString(),
  scheduled_at: null,
  embargo_until: new Date(Date.now() + 3_600_000).toISOString(),
  published_at: null,
};

beforeEach(() => {
  for (const fn of Object.values(desk)) fn.mockReset();
  desk.checklist.mockResolvedValue([{ level: "block", text: "Embargoed until 10:00." }]);
});

describe("WorkflowBar: the embargo override form", () => {
  it("an embargo refusal asks for a reason, and publishing again sends it", async () => {
    desk.publish.mockImplementation(async (_id: number, reason: string | null = null) => {
      if (reason === null) {
        throw new DeskError({ code: "embargoed", message: "embargoed until 10:00 (UTC); an editor can override it with a reason" });
      }
      return embargoed;
    });
    const { container } = render(WorkflowBar, { article: embargoed });
    await fireEvent.click(byTestId(container, "move-publish"));
    await waitFor(() => byTestId(container, "checklist"));
    await fireEvent.click(byTestId(container, "publish-anyway"));
    const reason = await waitFor(() => byTestId<HTMLInputElement>(container, "override-reason"));
    expect(byTestId(container, "workflow-problem").textContent).toContain("embargoed until");
    expect(reason.closest("form")?.textContent).toContain("Override the embargo");
    await fireEvent.input(reason, { target: { value: "Cleared by legal" } });
    await fireEvent.submit(reason.form!);
    await waitFor(() => expect(desk.publish).toHaveBeenLastCalledWith(7, "Cleared by legal"));
    await waitFor(() => expect(container.querySelector('[data-testid="override-reason"]')).toBeNull());
    expect(container.querySelector('[data-testid="workflow-problem"]')).toBeNull();
  });

  it("a refused override keeps the form and says why", async () => {
    desk.publish.mockRejectedValue(
      new DeskError({ code: "embargoed", message: "embargoed until 10:00 (UTC); an editor can override it with a reason" }),
    );
    const { container } = render(WorkflowBar, { article: embargoed });
    await fireEvent.click(byTestId(container, "move-publish"));
    await waitFor(() => byTestId(container, "checklist"));
    await fireEvent.click(byTestId(container, "publish-anyway"));
    const reason = await waitFor(() => byTestId<HTMLInputElement>(container, "override-reason"));
    desk.publish.mockRejectedValue(new DeskError({ code: "forbidden_for_role", message: "a writer cannot override; ask an editor" }));
    await fireEvent.input(reason, { target: { value: "Because" } });
    await fireEvent.submit(reason.form!);
    await waitFor(() => expect(byTestId(container, "workflow-problem").textContent).toContain("ask an editor"));
    expect(byTestId(container, "override-reason")).toBeTruthy();
  });

  it("Cancel closes the form without publishing", async () => {
    desk.publish.mockRejectedValue(new DeskError({ code: "blocked", message: "the checklist blocks this" }));
    const { container, getByText } = render(WorkflowBar, { article: embargoed });
    await fireEvent.click(byTestId(container, "move-publish"));
    await waitFor(() => byTestId(container, "checklist"));
    await fireEvent.click(byTestId(container, "publish-anyway"));
    const reason = await waitFor(() => byTestId<HTMLInputElement>(container, "override-reason"));
    expect(reason.closest("form")?.textContent).toContain("Override the checklist");
    await fireEvent.click(getByText("Cancel"));
    expect(container.querySelector('[data-testid="override-reason"]')).toBeNull();
    expect(desk.publish).toHaveBeenCalledTimes(1);
  });
});
