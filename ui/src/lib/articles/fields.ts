import type { Article, ArticleDraft, ArticleEdit, ArticleSummary } from "../ipc";

/** What the editor lets a person change on an article: the page plus its details. */
export type Fields = {
  headline: string;
  standfirst: string;
  body: string;
  slug: string;
  byline: string;
  dateline: string;
  section: string;
  urgency: number;
  tags: string[];
};

export const emptyFields: Fields = {
  headline: "",
  standfirst: "",
  body: "",
  slug: "",
  byline: "",
  dateline: "",
  section: "",
  urgency: 5,
  tags: [],
};

/** A copy of the fields, sharing nothing with the original. */
export function copyFields(f: Fields): Fields {
  return { ...f, tags: [...f.tags] };
}

/** The editable fields of a stored article. */
export function fieldsOf(a: Article): Fields {
  const { headline, standfirst, body, slug, byline, dateline, section, urgency, tags } = a;
  return copyFields({ headline, standfirst, body, slug, byline, dateline, section, urgency, tags });
}

export function sameFields(a: Fields, b: Fields): boolean {
  return (
    a.headline === b.headline &&
    a.standfirst === b.standfirst &&
    a.body === b.body &&
    a.slug === b.slug &&
    a.byline === b.byline &&
    a.dateline === b.dateline &&
    a.section === b.section &&
    a.urgency === b.urgency &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => t === b.tags[i])
  );
}

/** The payload that creates an article from these fields. */
export function draftOf(f: Fields): ArticleDraft {
  return copyFields(f);
}

/** The payload that saves these fields over `version` of article `id`. */
export function editOf(id: number, version: number, f: Fields, autosave: boolean): ArticleEdit {
  return { id, base_version: version, ...copyFields(f), autosave };
}

/** An article's list line (what the backend's `ArticleSummary` holds of it). */
export function summaryOf(a: Article): ArticleSummary {
  return {
    id: a.id,
    slug: a.slug,
    headline: a.headline,
    section: a.section,
    tags: a.tags,
    urgency: a.urgency,
    status: a.status,
    author: a.author,
    word_count: a.word_count,
    version: a.version,
    updated_at: a.updated_at,
    scheduled_at: a.schedule?.at ?? null,
    embargo_until: a.embargo?.until ?? null,
    published_at: a.published_at,
  };
}
