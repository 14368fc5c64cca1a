import { describe, expect, it } from "vitest";
import { SaveQueue } from "./saver";

describe("SaveQueue", () => {
  it("never runs two saves at once and runs a late request once more", async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const gates: Array<() => void> = [];
    const queue = new SaveQueue(async () => {
      active++;
      runs++;
      maxActive = Math.max(maxActive, active);
      await new Promise<void>((resolve) => gates.push(resolve));
      active--;
    });
    const first = queue.request();
    queue.request();
    queue.request();
    await Promise.resolve();
    expect(runs).toBe(1);
    gates.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    gates.shift()!();
    await first;
    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
  });

  it("frees itself after a failed save", async () => {
    let calls = 0;
    const queue = new SaveQueue(async () => {
      calls++;
      if (calls === 1) throw new Error("disk full");
    });
    await expect(queue.request()).rejects.toThrow("disk full");
    await queue.request();
    expect(calls).toBe(2);
  });
});
