//! Import: one file's bytes in, stored items (or a quarantine record) out, in one transaction.
use super::{IngestOutcome, Ingested, WireFileId, WireItemId, WireStoryId};
use crate::error::Result;
use copydesk_wire::{Limits, PubStatus, Reading, WireItem as ParsedItem};
use jiff::{SignedDuration, Timestamp};
use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

/// Formats without ids link versions by keyword only when they arrive this close together.
const KEYWORD_LINK_WINDOW: SignedDuration = SignedDuration::from_hours(48);

/// A file to import: what it was called and its bytes.
#[derive(Debug, Clone)]
pub struct IncomingFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What importing one file did.
#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    pub file_id: WireFileId,
    /// Set when the file could not be imported: `(code, message)`; the caller quarantines it.
    pub quarantine: Option<(String, String)>,
    pub lines: Vec<Ingested>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// The serde name of a wire enum value ("nitf", "usable"…).
fn name_of<T: serde::Serialize>(value: &T) -> String {
    json(value).trim_matches('"').to_string()
}

pub(crate) fn ingest(
    tx: &Transaction<'_>,
    file: &IncomingFile<'_>,
    now: Timestamp,
) -> Result<Receipt> {
    let sha = sha256_hex(file.bytes);
    let known: Option<(WireFileId, String, String, i64)> = tx
        .query_row(
            "SELECT id, outcome, name, received_at FROM wire_files WHERE sha256 = ?1",
            [&sha],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    if let Some((file_id, outcome, name, at)) = &known {
        if outcome == "imported" {
            let when = Timestamp::from_millisecond(*at).unwrap_or(now);
            let reason = format!("the same bytes as {name}, received {when}");
            let lines = super::queue::items_of_file(tx, *file_id)?
                .into_iter()
                .map(|item| Ingested {
                    file: file.name.to_string(),
                    outcome: IngestOutcome::Duplicate,
                    reason: Some(reason.clone()),
                    item: Some(item),
                })
                .collect();
            return Ok(Receipt {
                file_id: *file_id,
                quarantine: None,
                lines,
            });
        }
    }

    let reading = copydesk_wire::read(file.bytes, &Limits::default());
    let reading = match reading {
        Ok(reading) => reading,
        Err(rejection) => {
            let code = name_of(&rejection.code);
            let file_id = match known {
                // A quarantined file tried again and still unreadable: one record, updated.
                Some((id, ..)) => {
                    tx.execute(
                        "UPDATE wire_files SET reason_code = ?2, reason = ?3, received_at = ?4,
                                name = ?5 WHERE id = ?1",
                        params![id, code, rejection.message, now.as_millisecond(), file.name],
                    )?;
                    id
                }
                None => insert_file(tx, file, &sha, now, Err((&code, &rejection.message)))?,
            };
            return Ok(Receipt {
                file_id,
                quarantine: Some((code.clone(), rejection.message.clone())),
                lines: vec![Ingested {
                    file: file.name.to_string(),
                    outcome: IngestOutcome::Quarantined,
                    reason: Some(format!("{code}: {}", rejection.message)),
                    item: None,
                }],
            });
        }
    };

    let file_id = match known {
        // A quarantined file that now reads (after "try again" with a newer parser).
        Some((id, ..)) => {
            tx.execute(
                "UPDATE wire_files SET outcome = 'imported', reason_code = NULL, reason = NULL,
                        format = ?2, encoding = ?3, received_at = ?4, name = ?5 WHERE id = ?1",
                params![
                    id,
                    name_of(&reading.format),
                    reading.encoding,
                    now.as_millisecond(),
                    file.name
                ],
            )?;
            id
        }
        None => insert_file(tx, file, &sha, now, Ok(&reading))?,
    };
    let mut lines = Vec::with_capacity(reading.items.len());
    for (position, parsed) in reading.items.iter().enumerate() {
        let (item_id, outcome, reason) = store_item(tx, file_id, position, parsed, now)?;
        lines.push(Ingested {
            file: file.name.to_string(),
            outcome,
            reason,
            item: Some(super::queue::item(tx, item_id)?),
        });
    }
    Ok(Receipt {
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
    read: std::result::Result<&Reading, (&str, &str)>,
) -> Result<WireFileId> {
    let (outcome, code, reason, format, encoding) = match read {
        Ok(r) => (
            "imported",
            None,
            None,
            Some(name_of(&r.format)),
            Some(r.encoding.clone()),
        ),
        Err((code, message)) => ("quarantined", Some(code), Some(message), None, None),
    };
    tx.execute(
        "INSERT INTO wire_files (sha256, name, size, received_at, outcome, reason_code, reason,
                                 format, encoding, original)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            sha,
            file.name,
            file.bytes.len() as i64,
            now.as_millisecond(),
            outcome,
            code,
            reason,
            format,
            encoding,
            file.bytes
        ],
    )?;
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
         VALUES (NULL, ?1, 0, ?2, 'quarantined', ?3, ?4)",
        params![name, now.as_millisecond(), code, message],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn mark_shelved(tx: &Transaction<'_>, file_id: WireFileId, path: &str) -> Result<()> {
    tx.execute(
        "UPDATE wire_files SET shelved_at_path = ?2 WHERE id = ?1",
        params![file_id, path],
    )?;
    Ok(())
}

struct StoryHead {
    id: WireStoryId,
    latest_version: i64,
}

/// The story this item continues, if any: by its own guid, by the guid it says it replaces,
/// or (formats without ids) by provider and keyword within the linking window.
fn find_story(
    tx: &Transaction<'_>,
    provider: &str,
    parsed: &ParsedItem,
    now: Timestamp,
) -> Result<Option<StoryHead>> {
    let by_guid = |guid: &str| -> Result<Option<WireStoryId>> {
        Ok(tx
            .query_row(
                "SELECT story_id FROM wire_items WHERE provider IS ?1 AND guid = ?2 LIMIT 1",
                params![Some(provider).filter(|p| !p.is_empty()), guid],
                |r| r.get(0),
            )
            .optional()?)
    };
    let mut story = None;
    if let Some(guid) = parsed.guid.as_deref() {
        story = by_guid(guid)?;
    }
    if story.is_none() {
        if let Some(previous) = parsed.link.previous_guid.as_deref() {
            story = by_guid(previous)?;
        }
    }
    if story.is_none() && parsed.guid.is_none() {
        if let Some(key) = parsed.link.story_key.as_deref() {
            let since = now
                .checked_sub(KEYWORD_LINK_WINDOW)
                .unwrap_or(now)
                .as_millisecond();
            story = tx
                .query_row(
                    "SELECT id FROM wire_stories WHERE provider = ?1 AND story_key = ?2
                        AND updated_at >= ?3 ORDER BY updated_at DESC LIMIT 1",
                    params![provider, key, since],
                    |r| r.get(0),
                )
                .optional()?;
        }
    }
    let Some(id) = story else { return Ok(None) };
    let latest_version = tx.query_row(
        "SELECT latest_version FROM wire_stories WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(Some(StoryHead { id, latest_version }))
}

fn store_item(
    tx: &Transaction<'_>,
    file_id: WireFileId,
    position: usize,
    parsed: &ParsedItem,
    now: Timestamp,
) -> Result<(WireItemId, IngestOutcome, Option<String>)> {
    let provider = parsed.provider.clone().unwrap_or_default();
    let story = find_story(tx, &provider, parsed, now)?;
    let (story_id, version, role, outcome, reason) = match story {
        None => {
            tx.execute(
                "INSERT INTO wire_stories (provider, story_key, first_at, updated_at)
                 VALUES (?1, ?2, ?3, ?3)",
                params![provider, parsed.link.story_key, now.as_millisecond()],
            )?;
            let version = parsed.version.unwrap_or(1);
            (
                tx.last_insert_rowid(),
                version,
                "new",
                IngestOutcome::New,
                None,
            )
        }
        Some(head) => {
            let version = parsed.version.unwrap_or(head.latest_version + 1);
            if version > head.latest_version {
                (head.id, version, "update", IngestOutcome::Update, None)
            } else {
                let reason = format!(
                    "version {version} of a story already at version {}: kept as history",
                    head.latest_version
                );
                (
                    head.id,
                    version,
                    "history",
                    IngestOutcome::Duplicate,
                    Some(reason),
                )
            }
        }
    };
    let subjects: Vec<super::WireSubject> = parsed
        .subjects
        .iter()
        .map(|s| super::WireSubject {
            code: s.code.clone(),
            name: s.name.clone(),
            scheme: s.scheme.clone(),
        })
        .collect();
    let removed: Vec<super::RemovedPart> = parsed
        .removed
        .iter()
        .map(|r| super::RemovedPart {
            kind: r.kind.clone(),
            text: r.text.clone(),
        })
        .collect();
    tx.execute(
        "INSERT INTO wire_items (story_id, file_id, position, version, role, format, encoding,
            provider, source, guid, headline, standfirst, byline, dateline, slugline, urgency,
            priority, language, ednote, body, embargo, pub_status, sent_at, edit_marker,
            previous_guid, story_key, subjects, keywords, warnings, removed, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
        params![
            story_id,
            file_id,
            position as i64,
            version,
            role,
            name_of(&parsed.format),
            parsed.encoding,
            parsed.provider,
            parsed.source,
            parsed.guid,
            parsed.headline,
            parsed.standfirst,
            parsed.byline,
            parsed.dateline,
            parsed.slugline,
            parsed.urgency,
            parsed.priority,
            parsed.language,
            parsed.ednote,
            parsed.body,
            parsed.embargo.map(|t| t.as_millisecond()),
            name_of(&parsed.pub_status),
            parsed.sent_at.map(|t| t.as_millisecond()),
            parsed.link.edit_marker,
            parsed.link.previous_guid,
            parsed.link.story_key,
            json(&subjects),
            json(&parsed.keywords),
            json(&parsed.warnings),
            json(&removed),
            now.as_millisecond(),
        ],
    )?;
    let item_id = tx.last_insert_rowid();
    if role != "history" {
        tx.execute(
            "UPDATE wire_stories SET latest_item_id = ?2, latest_version = ?3, updated_at = ?4,
                    killed = killed OR ?5
              WHERE id = ?1",
            params![
                story_id,
                item_id,
                version,
                now.as_millisecond(),
                parsed.pub_status == PubStatus::Canceled
            ],
        )?;
    }
    Ok((item_id, outcome, reason))
}
