//! Reading the wire back: the queue, one item, a story's versions, the quarantine list.
use super::{
    PubStatus, QuarantinedFile, StoryLink, WireFileId, WireFilter, WireFormat, WireItem,
    WireItemId, WireItemSummary, WireStory, WireStoryId,
};
use crate::error::{Error, Result};
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Row};

fn time(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn opt_time(ms: Option<i64>) -> Option<Timestamp> {
    ms.map(time)
}

fn parse_json<T: serde::de::DeserializeOwned + Default>(text: String) -> T {
    serde_json::from_str(&text).unwrap_or_default()
}

fn format_of(stored: String) -> WireFormat {
    WireFormat::parse(&stored).unwrap_or_default()
}

fn pub_status_of(stored: String) -> PubStatus {
    PubStatus::parse(&stored).unwrap_or_default()
}

/// A stored version, as [`super::import`] built it when it was stored.
fn item_from_row(r: &Row<'_>) -> rusqlite::Result<WireItem> {
    let copy = copydesk_wire::WireItem {
        format: format_of(r.get("format")?),
        encoding: r.get("encoding")?,
        provider: r.get("provider")?,
        source: r.get("source")?,
        guid: r.get("guid")?,
        version: Some(r.get("version")?),
        headline: r.get("headline")?,
        standfirst: r.get("standfirst")?,
        byline: r.get("byline")?,
        dateline: r.get("dateline")?,
        slugline: r.get("slugline")?,
        urgency: r.get("urgency")?,
        priority: r.get("priority")?,
        subjects: parse_json(r.get("subjects")?),
        keywords: parse_json(r.get("keywords")?),
        language: r.get("language")?,
        ednote: r.get("ednote")?,
        body: r.get("body")?,
        embargo: opt_time(r.get("embargo")?),
        pub_status: pub_status_of(r.get("pub_status")?),
        sent_at: opt_time(r.get("sent_at")?),
        link: StoryLink {
            previous_guid: r.get("previous_guid")?,
            edit_marker: r.get("edit_marker")?,
            story_key: r.get("story_key")?,
            du_key: None,
        },
        warnings: parse_json(r.get("warnings")?),
        removed: parse_json(r.get("removed")?),
    };
    Ok(WireItem {
        id: r.get("id")?,
        story_id: r.get("story_id")?,
        received_at: time(r.get("received_at")?),
        copy,
    })
}

pub(crate) fn item(conn: &Connection, id: WireItemId) -> Result<WireItem> {
    conn.prepare_cached("SELECT * FROM wire_items WHERE id = ?1")?
        .query_row([id], item_from_row)
        .optional()?
        .ok_or(Error::NotFound(format!("wire item {id}")))
}

pub(crate) fn items_of_file(conn: &Connection, file_id: WireFileId) -> Result<Vec<WireItem>> {
    let mut stmt =
        conn.prepare_cached("SELECT * FROM wire_items WHERE file_id = ?1 ORDER BY position")?;
    let items = stmt
        .query_map([file_id], item_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

/// The queue line of each of these stories, in the order given (a story that does not exist is
/// left out).
pub(crate) fn summaries_of(
    conn: &Connection,
    stories: &[WireStoryId],
) -> Result<Vec<WireItemSummary>> {
    // One lookup by primary key per story: the list query's optional filters would make SQLite
    // scan every story for each one, which grows with the size of the wire.
    let mut stmt = conn.prepare_cached(&format!("{SUMMARY_SELECT} WHERE s.id = ?1"))?;
    let mut out = Vec::with_capacity(stories.len());
    for id in stories {
        if let Some(summary) = stmt.query_row([id], summary_from_row).optional()? {
            out.push(summary);
        }
    }
    Ok(out)
}

pub(crate) const SUMMARY_SELECT: &str =
    "SELECT i.id, i.story_id, i.version, i.headline, i.provider, i.format, i.slugline,
            i.urgency, i.pub_status, i.embargo, i.sent_at, i.received_at, s.killed,
            (SELECT count(*) FROM wire_items v WHERE v.story_id = s.id) AS versions
       FROM wire_stories s JOIN wire_items i ON i.id = s.latest_item_id";

pub(crate) fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<WireItemSummary> {
    Ok(WireItemSummary {
        id: r.get("id")?,
        story_id: r.get("story_id")?,
        version: r.get("version")?,
        versions: r.get("versions")?,
        headline: r.get("headline")?,
        provider: r.get("provider")?,
        format: format_of(r.get("format")?),
        slugline: r.get("slugline")?,
        urgency: r.get("urgency")?,
        pub_status: pub_status_of(r.get("pub_status")?),
        killed: r.get("killed")?,
        embargo: opt_time(r.get("embargo")?),
        sent_at: opt_time(r.get("sent_at")?),
        received_at: time(r.get("received_at")?),
    })
}

/// The latest version of each story, newest first.
pub(crate) fn items(conn: &Connection, filter: &WireFilter) -> Result<Vec<WireItemSummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SUMMARY_SELECT}
          WHERE (?1 IS NULL OR i.provider = ?1)
            AND (?2 IS NULL OR i.format = ?2)
            AND (?3 IS NULL OR i.urgency <= ?3)
            AND (?5 IS NULL OR s.updated_at >= ?5)
          ORDER BY s.updated_at DESC, i.id DESC
          LIMIT ?4"
    ))?;
    let rows = stmt.query_map(
        params![
            filter.provider,
            filter.format.map(WireFormat::as_str),
            filter.max_urgency,
            filter.limit.unwrap_or(500),
            filter.received_since.map(|t| t.as_millisecond()),
        ],
        summary_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn story(conn: &Connection, id: WireStoryId) -> Result<WireStory> {
    let killed: bool = conn
        .query_row("SELECT killed FROM wire_stories WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(Error::NotFound(format!("wire story {id}")))?;
    let mut stmt =
        conn.prepare_cached("SELECT * FROM wire_items WHERE story_id = ?1 ORDER BY version, id")?;
    let versions = stmt
        .query_map([id], item_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(WireStory {
        id,
        killed,
        versions,
    })
}

pub(crate) fn quarantined(conn: &Connection) -> Result<Vec<QuarantinedFile>> {
    quarantined_where(conn, None)
}

pub(crate) fn quarantined_file(conn: &Connection, id: WireFileId) -> Result<QuarantinedFile> {
    quarantined_where(conn, Some(id))?
        .pop()
        .ok_or(Error::NotFound(format!("quarantined file {id}")))
}

fn quarantined_where(conn: &Connection, id: Option<WireFileId>) -> Result<Vec<QuarantinedFile>> {
    // 'quarantined' is `FileOutcome::Quarantined` written out, so that SQLite can use the
    // partial index `wire_files_quarantined`.
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, size, reason_code, reason, shelved_at_path, received_at
           FROM wire_files WHERE outcome = 'quarantined' AND (?1 IS NULL OR id = ?1)
          ORDER BY received_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(QuarantinedFile {
            id: r.get(0)?,
            name: r.get(1)?,
            size: r.get::<_, i64>(2)?.max(0) as u64,
            reason_code: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            reason: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            path: r.get(5)?,
            received_at: time(r.get(6)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
