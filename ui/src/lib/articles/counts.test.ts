import { describe, expect, it } from "vitest";
import { countText } from "./counts";

describe("countText", () => {
  it("counts words, not Markdown marks or spaces", () => {
    expect(countText("The council *approved* it.").words).toBe(4);
    expect(countText("  \n# \n").words).toBe(0);
    expect(countText("She climbed the *132 steps* every night.").words).toBe(7);
  });

  it("counts characters as people see them", () => {
    expect(countText("café").characters).toBe(4);
    expect(countText("👍🏽").characters).toBe(2);
  });

  it("gives at least a minute of reading for any text", () => {
    expect(countText("one").readingMinutes).toBe(1);
    expect(countText("").readingMinutes).toBe(0);
    expect(countText("word ".repeat(690)).readingMinutes).toBe(3);
  });
});
