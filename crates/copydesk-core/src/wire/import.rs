//! Import: a file's bytes in, stored items (or a quarantine record) out. Reading and hashing
//! ([`read_all`]) need no database and run before the write transaction, on several threads
//! for a batch; storing ([`store_file`]) runs inside it, one file after another in order.
use super::{FileOutcome, ImportOutcome, Imported, VersionRole, WireFileId, WireItem, WireStoryId};
use crate::error::Result;
use copydesk_wire::{Limits, PubStatus, Reading, Rejection, StoryLink, WireItem as ParsedItem};
use jiff::{SignedDuration, Timestamp};
use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Formats without ids link versions by keyword only when they arrive this close together.
const KEYWORD_LINK_WINDOW: SignedDuration = SignedDuration::from_hours(48);
/// Versions under one du-key follow each other within hours. A key sent again after a longer
/// silence (by the agency's clock) names a new story: PA reuses keys such as
/// "PA-HHH-POLITICS-Brexit" day after day (its NewsML feed scopes them by day), and a kill
/// must not reach yesterday's story. Wide enough for an evening story updated after midnight.
const DU_KEY_LINK_GAP: SignedDuration = SignedDuration::from_hours(12);

/// A file to import: what it was called and its bytes.
#[derive(Debug, Clone)]
pub struct IncomingFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What importing one file did.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    pub file_id: WireFileId,
    /// Set when the file could not be read: why; the caller quarantines it.
    pub quarantine: Option<Rejection>,
    pub lines: Vec<Imported>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// A file hashed and parsed, ready to be stored.
pub(crate) struct ReadFile<'a> {
    file: &'a IncomingFile<'a>,
    sha: String,
    reading: std::result::Result<Reading, Rejection>,
}

fn read_one<'a>(file: &'a IncomingFile<'a>) -> ReadFile<'a> {
    ReadFile {
        file,
        sha: sha256_hex(file.bytes),
        reading: copydesk_wire::read(file.bytes, &Limits::default()),
    }
}

/// Below this many bytes a batch is read on the calling thread: starting threads would cost
/// more than they save (and a single dropped file should not wait for any).
const PARALLEL_BYTES: usize = 256 * 1024;
/// At most this many threads read a batch.
const MAX_READERS: usize = 4;

/// Hashes and parses `files`, in order. A large batch is read on several threads: parsing is
/// most of an import's work, and it needs neither the database nor the order of the files.
pub(crate) fn read_all<'a>(files: &'a [IncomingFile<'a>]) -> Vec<ReadFile<'a>> {
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_READERS)
        .min(files.len());
    if threads < 2 || bytes < PARALLEL_BYTES {
        return files.iter().map(read_one).collect();
    }
    let next = AtomicUsize::new(0);
    let mut read: Vec<(usize, ReadFile<'a>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = files.get(i) else { break };
                        done.push((i, read_one(file)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    read.sort_unstable_by_key(|(i, _)| *i);
    read.into_iter().map(|(_, r)| r).collect()
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// Stores one file read by [`read_all`]: a duplicate of a file imported before is only
/// reported; otherwise its items are linked to their stories and stored, or the file is
/// recorded as quarantined.
impl ReadFile<'_> {
    pub(crate) fn sha256(&self) -> &str {
        &self.sha
    }

    pub(crate) fn file(&self) -> &IncomingFile<'_> {
        self.file
    }
}

pub(crate) fn store_file(
    tx: &Transaction<'_>,
    read: &ReadFile<'_>,
    now: Timestamp,
) -> Result<ImportReport> {
    let ReadFile { file, sha, reading } = read;
    let known: Option<(WireFileId, String, String, i64)> = tx
        .prepare_cached("SELECT id, outcome, name, received_at FROM wire_files WHERE sha256 = ?1")?
        .query_row([sha], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    if let Some((file_id, outcome, name, at)) = &known {
        if FileOutcome::parse(outcome) == Some(FileOutcome::Imported) {
            let when = Timestamp::from_millisecond(*at).unwrap_or(now);
            let reason = format!("the same bytes as {name}, received {when}");
            let lines = super::queue::items_of_file(tx, *file_id)?
                .into_iter()
                .map(|item| Imported {
                    file: file.name.to_string(),
                    outcome: ImportOutcome::Duplicate,
                    reason: Some(reason.clone()),
                    item: Some(item),
                })
                .collect();
            return Ok(ImportReport {
                file_id: *file_id,
                quarantine: None,
                lines,
            });
        }
    }

    let reading = match reading {
        Ok(reading) => reading,
        Err(rejection) => {
            let code = rejection.code.as_str();
            let file_id = match known {
                // A quarantined file tried again and still unreadable: one record, updated. It is
                // no longer where the record said it was shelved; the caller records where it
                // goes now.
                Some((id, ..)) => {
                    tx.prepare_cached(
                        "UPDATE wire_files SET reason_code = ?2, reason = ?3, received_at = ?4,
                                name = ?5, shelved_at_path = NULL WHERE id = ?1",
                    )?
                    .execute(params![
                        id,
                        code,
                        rejection.message,
                        now.as_millisecond(),
                        file.name
                    ])?;
                    id
                }
                None => insert_file(tx, file, sha, now, Err(rejection))?,
            };
            return Ok(ImportReport {
                file_id,
                quarantine: Some(rejection.clone()),
                lines: vec![Imported {
                    file: file.name.to_string(),
                    outcome: ImportOutcome::Quarantined,
                    reason: Some(format!("{code}: {}", rejection.message)),
                    item: None,
                }],
            });
        }
    };

    let file_id = match known {
        // A quarantined file that now reads (after "try again" with a newer parser).
        Some((id, ..)) => {
            tx.prepare_cached(
                "UPDATE wire_files SET outcome = ?6, reason_code = NULL, reason = NULL,
                        format = ?2, encoding = ?3, received_at = ?4, name = ?5,
                        shelved_at_path = NULL
                  WHERE id = ?1",
            )?
            .execute(params![
                id,
                reading.format.as_str(),
                reading.encoding,
                now.as_millisecond(),
                file.name,
                FileOutcome::Imported.as_str()
            ])?;
            id
        }
        None => insert_file(tx, file, sha, now, Ok(reading))?,
    };
    let mut lines = Vec::with_capacity(reading.items.len());
    for (position, parsed) in reading.items.iter().enumerate() {
        let (item, outcome, reason) = store_item(tx, file_id, position, parsed, now)?;
        lines.push(Imported {
            file: file.name.to_string(),
            outcome,
            reason,
            item: Some(item),
        });
    }
    Ok(ImportReport {
        file_id,
        quarantine: None,
        lines,
    })
}

fn insert_file(
    tx: &Transaction<'_>,
    file: &IncomingFile<'_>,
    sha: &str,
    now: Timestamp,
    read: std::result::Result<&Reading, &Rejection>,
) -> Result<WireFileId> {
    let (outcome, code, reason, format, encoding) = match read {
        Ok(r) => (
            FileOutcome::Imported,
            None,
            None,
            Some(r.format.as_str()),
            Some(r.encoding.as_str()),
        ),
        Err(rejection) => (
            FileOutcome::Quarantined,
            Some(rejection.code.as_str()),
            Some(rejection.message.as_str()),
            None,
            None,
        ),
    };
    tx.prepare_cached(
        "INSERT INTO wire_files (sha256, name, size, received_at, outcome, reason_code, reason,
                                 format, encoding, original)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        sha,
        file.name,
        file.bytes.len() as i64,
        now.as_millisecond(),
        outcome.as_str(),
        code,
        reason,
        format,
        encoding,
        file.bytes
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Records an inbox entry that was refused unread (a symlink, a FIFO, a file over the cap).
pub(crate) fn record_refused(
    tx: &Transaction<'_>,
    name: &str,
    code: &str,
    message: &str,
    now: Timestamp,
) -> Result<WireFileId> {
    tx.execute(
        "INSERT INTO wire_files (sha256, name, size, received_at, outcome, reason_code, reason)
         VALUES (NULL, ?1, 0, ?2, ?3, ?4, ?5)",
        params![
            name,
            now.as_millisecond(),
            FileOutcome::Quarantined.as_str(),
            code,
            message
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Records where a received file was moved. Only the first move of a content counts: a later
/// copy of the same bytes (a duplicate, archived under its own name) leaves the record
/// pointing at the copy it was made from. A retried file had its old place cleared on import.
pub(crate) fn mark_shelved(tx: &Transaction<'_>, file_id: WireFileId, path: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE wire_files SET shelved_at_path = ?2 WHERE id = ?1 AND shelved_at_path IS NULL",
    )?
    .execute(params![file_id, path])?;
    Ok(())
}

struct StoryHead {
    id: WireStoryId,
    latest_version: i64,
    /// The item says it replaces the story's latest version (by that version's guid): it is
    /// newer whatever its own version number says, which counts in its own series (a kill
    /// under a new document id may be "version 1" again).
    replaces_latest: bool,
}

/// The story this item continues, if any: by its own guid, by the guid it says it replaces,
/// by the agency's du-key while the story runs, or (formats without ids) by provider and
/// keyword within the linking window.
fn find_story(
    tx: &Transaction<'_>,
    provider: &str,
    parsed: &ParsedItem,
    now: Timestamp,
) -> Result<Option<StoryHead>> {
    let by_guid = |guid: &str| -> Result<Option<WireStoryId>> {
        Ok(tx
            .prepare_cached(
                "SELECT story_id FROM wire_items WHERE provider IS ?1 AND guid = ?2 LIMIT 1",
            )?
            .query_row(
                params![Some(provider).filter(|p| !p.is_empty()), guid],
                |r| r.get(0),
            )
            .optional()?)
    };
    let mut story = None;
    let mut replaces = None;
    if let Some(guid) = parsed.guid.as_deref() {
        story = by_guid(guid)?;
    }
    if story.is_none() {
        if let Some(previous) = parsed.link.previous_guid.as_deref() {
            story = by_guid(previous)?;
            replaces = story.map(|_| previous);
        }
    }
    if story.is_none() {
        if let Some(key) = parsed.link.du_key.as_deref() {
            story = story_by_du_key(tx, provider, key, parsed.sent_at, now)?;
        }
    }
    if story.is_none() && parsed.guid.is_none() {
        if let Some(key) = parsed.link.story_key.as_deref() {
            let since = now
                .checked_sub(KEYWORD_LINK_WINDOW)
                .unwrap_or(now)
                .as_millisecond();
            story = tx
                .prepare_cached(
                    "SELECT id FROM wire_stories WHERE provider = ?1 AND story_key = ?2
                        AND updated_at >= ?3 ORDER BY updated_at DESC LIMIT 1",
                )?
                .query_row(params![provider, key, since], |r| r.get(0))
                .optional()?;
        }
    }
    let Some(id) = story else { return Ok(None) };
    let (latest_version, latest_guid): (i64, Option<String>) = tx
        .prepare_cached(
            "SELECT s.latest_version, i.guid
               FROM wire_stories s LEFT JOIN wire_items i ON i.id = s.latest_item_id
              WHERE s.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Some(StoryHead {
        id,
        latest_version,
        replaces_latest: replaces.is_some() && replaces == latest_guid.as_deref(),
    }))
}

/// The latest story under `key` from `provider`, if its latest version was sent within
/// [`DU_KEY_LINK_GAP`] of this one (either way: versions may arrive out of order). Without the
/// agency's send times, the times they were received are compared instead.
fn story_by_du_key(
    tx: &Transaction<'_>,
    provider: &str,
    key: &str,
    sent_at: Option<Timestamp>,
    now: Timestamp,
) -> Result<Option<WireStoryId>> {
    let latest: Option<(WireStoryId, Option<i64>, i64)> = tx
        .prepare_cached(
            "SELECT s.id, i.sent_at, s.updated_at
               FROM wire_stories s LEFT JOIN wire_items i ON i.id = s.latest_item_id
              WHERE s.provider = ?1 AND s.story_key = ?2
              ORDER BY s.updated_at DESC LIMIT 1",
        )?
        .query_row(params![provider, key], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((id, latest_sent, updated)) = latest else {
        return Ok(None);
    };
    let at = |ms: i64| Timestamp::from_millisecond(ms).ok();
    let gap = match (sent_at, latest_sent.and_then(at)) {
        (Some(this), Some(that)) => this.duration_since(that),
        _ => now.duration_since(at(updated).unwrap_or(now)),
    };
    Ok((gap.abs() <= DU_KEY_LINK_GAP).then_some(id))
}

fn store_item(
    tx: &Transaction<'_>,
    file_id: WireFileId,
    position: usize,
    parsed: &ParsedItem,
    now: Timestamp,
) -> Result<(WireItem, ImportOutcome, Option<String>)> {
    let provider = parsed.provider.clone().unwrap_or_default();
    // What later versions find the story by: the agency's du-key, else the slug key.
    let story_key = parsed
        .link
        .du_key
        .as_deref()
        .or(parsed.link.story_key.as_deref());
    let story = find_story(tx, &provider, parsed, now)?;
    let (story_id, version, role, outcome, reason) = match story {
        None => {
            tx.prepare_cached(
                "INSERT INTO wire_stories (provider, story_key, first_at, updated_at)
                 VALUES (?1, ?2, ?3, ?3)",
            )?
            .execute(params![provider, story_key, now.as_millisecond()])?;
            let version = parsed.version.unwrap_or(1);
            (
                tx.last_insert_rowid(),
                version,
                VersionRole::New,
                ImportOutcome::New,
                None,
            )
        }
        Some(head) => {
            let version = parsed.version.unwrap_or(head.latest_version + 1);
            if version > head.latest_version || head.replaces_latest {
                (
                    head.id,
                    version,
                    VersionRole::Update,
                    ImportOutcome::Update,
                    None,
                )
            } else {
                let reason = format!(
                    "version {version} of a story already at version {}: kept as history",
                    head.latest_version
                );
                (
                    head.id,
                    version,
                    VersionRole::History,
                    ImportOutcome::Duplicate,
                    Some(reason),
                )
            }
        }
    };
    // The report's item is what is stored (the version settled, one story key, times to the
    // millisecond), built here rather than read back.
    let stored_time = |t: Timestamp| Timestamp::from_millisecond(t.as_millisecond()).unwrap_or(t);
    let mut copy = parsed.clone();
    copy.version = Some(version);
    copy.link = StoryLink {
        previous_guid: parsed.link.previous_guid.clone(),
        edit_marker: parsed.link.edit_marker.clone(),
        story_key: story_key.map(str::to_string),
        du_key: None,
    };
    copy.embargo = parsed.embargo.map(stored_time);
    copy.sent_at = parsed.sent_at.map(stored_time);
    let mut item = WireItem {
        id: 0,
        story_id,
        received_at: stored_time(now),
        copy,
    };
    let c = &item.copy;
    tx.prepare_cached(
        "INSERT INTO wire_items (story_id, file_id, position, version, role, format, encoding,
            provider, source, guid, headline, standfirst, byline, dateline, slugline, urgency,
            priority, language, ednote, body, embargo, pub_status, sent_at, edit_marker,
            previous_guid, story_key, subjects, keywords, warnings, removed, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
    )?
    .execute(params![
        story_id,
        file_id,
        position as i64,
        version,
        role.as_str(),
        c.format.as_str(),
        c.encoding,
        c.provider,
        c.source,
        c.guid,
        c.headline,
        c.standfirst,
        c.byline,
        c.dateline,
        c.slugline,
        c.urgency,
        c.priority,
        c.language,
        c.ednote,
        c.body,
        c.embargo.map(|t| t.as_millisecond()),
        c.pub_status.as_str(),
        c.sent_at.map(|t| t.as_millisecond()),
        c.link.edit_marker,
        c.link.previous_guid,
        c.link.story_key,
        json(&c.subjects),
        json(&c.keywords),
        json(&c.warnings),
        json(&c.removed),
        item.received_at.as_millisecond(),
    ])?;
    item.id = tx.last_insert_rowid();
    if role != VersionRole::History {
        tx.prepare_cached(
            "UPDATE wire_stories SET latest_item_id = ?2, latest_version = ?3, updated_at = ?4,
                    killed = killed OR ?5
              WHERE id = ?1",
        )?
        .execute(params![
            story_id,
            item.id,
            version,
            now.as_millisecond(),
            parsed.pub_status == PubStatus::Canceled
        ])?;
    }
    Ok((item, outcome, reason))
}
