//! Revisions: the history of an article's text. Explicit saves each get one; autosaves while
//! typing are coalesced into one per few minutes; a restore is itself a new revision; the
//! losing side of a conflicting save is kept as one, so no text is ever lost.
use crate::article::{Article, ArticleId};
use crate::error::{Error, Result};
use jiff::{SignedDuration, Timestamp};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

/// Autosaves by the same person within this long of the revision's start fold into it.
pub const AUTOSAVE_COALESCE: SignedDuration = SignedDuration::from_mins(5);

pub type RevisionId = i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    Created,
    Save,
    Autosave,
    Restore,
    /// A save that arrived after someone else's: its text, kept aside.
    Conflict,
    /// A body saved while another desk of the newsroom held the story: kept aside.
    Unleased,
    /// The text as it stood when an editor took the story over from its holder.
    TakeOver,
}

impl RevisionKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RevisionKind::Created => "created",
            RevisionKind::Save => "save",
            RevisionKind::Autosave => "autosave",
            RevisionKind::Restore => "restore",
            RevisionKind::Conflict => "conflict",
            RevisionKind::Unleased => "unleased",
            RevisionKind::TakeOver => "take_over",
        }
    }

    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "created" => RevisionKind::Created,
            "autosave" => RevisionKind::Autosave,
            "restore" => RevisionKind::Restore,
            "conflict" => RevisionKind::Conflict,
            "unleased" => RevisionKind::Unleased,
            "take_over" => RevisionKind::TakeOver,
            _ => RevisionKind::Save,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Revision {
    pub id: RevisionId,
    pub article_id: ArticleId,
    pub version: i64,
    pub kind: RevisionKind,
    pub author: String,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub updated_at: Timestamp,
    pub headline: String,
    pub standfirst: String,
    pub body: String,
    pub tags: Vec<String>,
}

/// The text an article had, as a revision records it.
pub(crate) struct Text<'a> {
    pub headline: &'a str,
    pub standfirst: &'a str,
    pub body: &'a str,
    pub tags: &'a [String],
}

impl<'a> From<&'a Article> for Text<'a> {
    fn from(a: &'a Article) -> Self {
        Text {
            headline: &a.headline,
            standfirst: &a.standfirst,
            body: &a.body,
            tags: &a.tags,
        }
    }
}

pub(crate) fn record(
    tx: &Transaction<'_>,
    article_id: ArticleId,
    version: i64,
    text: Text<'_>,
    kind: RevisionKind,
    author: &str,
    now: Timestamp,
) -> Result<RevisionId> {
    let tags = serde_json::to_string(text.tags).unwrap_or_else(|_| "[]".into());
    if kind == RevisionKind::Autosave {
        let since = now
            .checked_sub(AUTOSAVE_COALESCE)
            .unwrap_or(now)
            .as_millisecond();
        let open: Option<RevisionId> = tx
            .query_row(
                "SELECT id FROM revisions WHERE article_id = ?1
                   AND id = (SELECT max(id) FROM revisions WHERE article_id = ?1)
                   AND kind = 'autosave' AND author = ?2 AND created_at >= ?3",
                params![article_id, author, since],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = open {
            tx.execute(
                "UPDATE revisions SET version = ?2, updated_at = ?3, headline = ?4,
                        standfirst = ?5, body = ?6, tags = ?7 WHERE id = ?1",
                params![
                    id,
                    version,
                    now.as_millisecond(),
                    text.headline,
                    text.standfirst,
                    text.body,
                    tags
                ],
            )?;
            return Ok(id);
        }
    }
    tx.execute(
        "INSERT INTO revisions (article_id, version, kind, author, created_at, updated_at,
                                headline, standfirst, body, tags, uuid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            article_id,
            version,
            kind.as_str(),
            author,
            now.as_millisecond(),
            text.headline,
            text.standfirst,
            text.body,
            tags,
            crate::newsroom::new_id(),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Revision> {
    let time = |ms: i64| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
    Ok(Revision {
        id: r.get("id")?,
        article_id: r.get("article_id")?,
        version: r.get("version")?,
        kind: RevisionKind::parse(&r.get::<_, String>("kind")?),
        author: r.get("author")?,
        created_at: time(r.get("created_at")?),
        updated_at: time(r.get("updated_at")?),
        headline: r.get("headline")?,
        standfirst: r.get("standfirst")?,
        body: r.get("body")?,
        tags: serde_json::from_str(&r.get::<_, String>("tags")?).unwrap_or_default(),
    })
}

/// An article's revisions, newest first.
pub(crate) fn list(conn: &Connection, article_id: ArticleId) -> Result<Vec<Revision>> {
    let mut stmt =
        conn.prepare_cached("SELECT * FROM revisions WHERE article_id = ?1 ORDER BY id DESC")?;
    let revisions = stmt
        .query_map([article_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(revisions)
}

pub(crate) fn get(conn: &Connection, id: RevisionId) -> Result<Revision> {
    conn.query_row("SELECT * FROM revisions WHERE id = ?1", [id], from_row)
        .optional()?
        .ok_or(Error::NotFound(format!("revision {id}")))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DiffOp {
    Equal,
    Insert,
    Delete,
}

/// One run of a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiffChunk {
    pub op: DiffOp,
    pub text: String,
}

/// The word-level difference from `old` to `new`, adjacent runs of one kind merged.
pub fn diff(old: &str, new: &str) -> Vec<DiffChunk> {
    let mut chunks: Vec<DiffChunk> = Vec::new();
    for change in similar::TextDiff::from_words(old, new).iter_all_changes() {
        let op = match change.tag() {
            similar::ChangeTag::Equal => DiffOp::Equal,
            similar::ChangeTag::Insert => DiffOp::Insert,
            similar::ChangeTag::Delete => DiffOp::Delete,
        };
        match chunks.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => chunks.push(DiffChunk {
                op,
                text: change.value().to_string(),
            }),
        }
    }
    chunks
}
