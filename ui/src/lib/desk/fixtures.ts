// Sample rows for unit tests.
import type { ArticleSummary, QuarantinedFile, WireItemSummary } from "../ipc";

export function summary(id: number, updated_at: string, headline = `A${id}`): ArticleSummary {
  return {
    id,
    slug: "",
    headline,
    section: "",
    tags: [],
    urgency: 5,
    status: "draft",
    author: "ana",
    word_count: 0,
    version: 1,
    updated_at,
    scheduled_at: null,
    embargo_until: null,
    published_at: null,
  };
}

export function wireLine(id: number, story_id: number, received_at: string, version = 1): WireItemSummary {
  return {
    id,
    story_id,
    version,
    versions: version,
    headline: `Story ${story_id}`,
    provider: "AAP",
    format: "nitf",
    slugline: null,
    urgency: 5,
    pub_status: "usable",
    killed: false,
    embargo: null,
    sent_at: null,
    received_at,
  };
}

export function quarantined(id: number, name: string): QuarantinedFile {
  return { id, name, size: 12, reason_code: "unreadable", reason: "bad XML", path: null, received_at: "2026-11-29T10:00:00Z" };
}
