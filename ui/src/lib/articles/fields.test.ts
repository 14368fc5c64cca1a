import { describe, expect, it } from "vitest";
import type { Article } from "../ipc";
import { draftOf, editOf, emptyFields, fieldsOf, sameFields } from "./fields";

const article = {
  id: 7,
  version: 3,
  headline: "Bridge closes",
  standfirst: "For three weeks",
  body: "Text",
  slug: "bridge",
  byline: "Ana",
  dateline: "OSLO",
  section: "Local",
  urgency: 4,
  tags: ["Transport"],
  status: "draft",
} as Article;

describe("article fields", () => {
  it("takes exactly the editable fields, sharing no tag list", () => {
    const f = fieldsOf(article);
    expect(f).toEqual({ ...emptyFields, ...f });
    expect(Object.keys(f).sort()).toEqual(Object.keys(emptyFields).sort());
    f.tags.push("More");
    expect(article.tags).toEqual(["Transport"]);
  });

  it("compares every field, tags in order", () => {
    const f = fieldsOf(article);
    expect(sameFields(f, fieldsOf(article))).toBe(true);
    expect(sameFields(f, { ...f, urgency: 5 })).toBe(false);
    expect(sameFields(f, { ...f, tags: ["Other"] })).toBe(false);
    expect(sameFields({ ...f, tags: ["a", "b"] }, { ...f, tags: ["b", "a"] })).toBe(false);
  });

  it("builds the create and save payloads from the same fields", () => {
    const f = fieldsOf(article);
    expect(draftOf(f)).toEqual(f);
    expect(editOf(7, 3, f, true)).toEqual({ id: 7, base_version: 3, ...f, autosave: true });
  });
});
