//! Articles: the stories a journalist writes, and how they are stored.
use crate::error::{Error, Result};
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

pub type ArticleId = i64;

/// Where an article stands in the workflow (see `workflow` for the moves between them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    Draft,
    InReview,
    Ready,
    Scheduled,
    Published,
    Spiked,
    Killed,
}

impl ArticleStatus {
    pub const ALL: [ArticleStatus; 7] = [
        ArticleStatus::Draft,
        ArticleStatus::InReview,
        ArticleStatus::Ready,
        ArticleStatus::Scheduled,
        ArticleStatus::Published,
        ArticleStatus::Spiked,
        ArticleStatus::Killed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ArticleStatus::Draft => "draft",
            ArticleStatus::InReview => "in_review",
            ArticleStatus::Ready => "ready",
            ArticleStatus::Scheduled => "scheduled",
            ArticleStatus::Published => "published",
            ArticleStatus::Spiked => "spiked",
            ArticleStatus::Killed => "killed",
        }
    }

    /// Unknown states (from a newer Copydesk) read as drafts rather than failing the list.
    pub fn parse(stored: &str) -> Self {
        ArticleStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == stored)
            .unwrap_or(ArticleStatus::Draft)
    }
}

/// A whole article, as the editor shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Article {
    pub id: ArticleId,
    /// The article's id across the newsroom (a UUID): what the outbox and other desks use.
    pub uuid: String,
    pub slug: String,
    pub headline: String,
    pub standfirst: String,
    pub byline: String,
    pub dateline: String,
    pub section: String,
    pub body: String,
    pub tags: Vec<String>,
    /// 1 (flash) to 8 (lowest), as on the wire; 5 is routine.
    pub urgency: u8,
    pub status: ArticleStatus,
    pub author: String,
    pub word_count: u32,
    /// Bumped by every save; a save names the version it started from.
    pub version: i64,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub updated_at: Timestamp,
    /// The wire item (and so the version) this draft was taken from.
    pub wire_item_id: Option<i64>,
    /// When it is to be published, as chosen: the instant, the zone and the wall time.
    pub schedule: Option<crate::workflow::Schedule>,
    /// Publication is blocked until then (unless an editor overrides, with a reason).
    pub embargo: Option<crate::workflow::Embargo>,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub published_at: Option<Timestamp>,
}

/// One line of an article list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub slug: String,
    pub headline: String,
    pub section: String,
    pub tags: Vec<String>,
    pub urgency: u8,
    pub status: ArticleStatus,
    pub author: String,
    pub word_count: u32,
    pub version: i64,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub updated_at: Timestamp,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub scheduled_at: Option<Timestamp>,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub embargo_until: Option<Timestamp>,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub published_at: Option<Timestamp>,
}

/// What a journalist gives to start a new article; everything but the headline may be empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ArticleDraft {
    pub headline: String,
    pub body: String,
    pub slug: String,
    pub standfirst: String,
    pub byline: String,
    pub dateline: String,
    pub section: String,
    pub tags: Vec<String>,
    pub urgency: Option<u8>,
    /// Set when the draft is taken from the wire.
    pub wire_item_id: Option<i64>,
}

/// A save of an existing article: the full editable text plus the version it was based on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArticleEdit {
    pub id: ArticleId,
    pub base_version: i64,
    pub headline: String,
    pub body: String,
    pub slug: String,
    pub standfirst: String,
    pub byline: String,
    pub dateline: String,
    pub section: String,
    pub tags: Vec<String>,
    pub urgency: u8,
    /// An autosave while typing (coalesced into fewer revisions) rather than an explicit save.
    #[serde(default)]
    pub autosave: bool,
}

/// Words as a reader counts them (Unicode word boundaries; Markdown punctuation is not a word).
pub fn word_count(text: &str) -> u32 {
    u32::try_from(text.unicode_words().count()).unwrap_or(u32::MAX)
}

fn check_headline(headline: &str) -> Result<String> {
    let headline = headline.trim();
    if headline.is_empty() {
        return Err(Error::Invalid("a headline is needed".into()));
    }
    Ok(headline.to_string())
}

fn check_urgency(urgency: u8) -> Result<u8> {
    if (1..=8).contains(&urgency) {
        Ok(urgency)
    } else {
        Err(Error::Invalid(format!(
            "urgency must be 1 (flash) to 8 (lowest), not {urgency}"
        )))
    }
}

/// Tags trimmed, empty ones dropped, and repeats (in any case) kept once, first spelling wins.
pub(crate) fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim();
        if !tag.is_empty() && !out.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            out.push(tag.to_string());
        }
    }
    out
}

fn ms(t: Timestamp) -> i64 {
    t.as_millisecond()
}

pub(crate) fn from_ms(v: i64) -> Timestamp {
    Timestamp::from_millisecond(v).unwrap_or(Timestamp::UNIX_EPOCH)
}

pub(crate) fn insert(
    tx: &Transaction<'_>,
    draft: &ArticleDraft,
    author: &str,
    now: Timestamp,
) -> Result<ArticleId> {
    let headline = check_headline(&draft.headline)?;
    let urgency = check_urgency(draft.urgency.unwrap_or(5))?;
    tx.execute(
        "INSERT INTO articles (slug, headline, standfirst, byline, dateline, section, body,
                               urgency, status, author, word_count, version, created_at, updated_at,
                               wire_item_id, uuid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?12, ?13, ?14)",
        params![
            draft.slug.trim(),
            headline,
            draft.standfirst.trim(),
            draft.byline.trim(),
            draft.dateline.trim(),
            draft.section.trim(),
            draft.body,
            urgency,
            ArticleStatus::Draft.as_str(),
            author,
            word_count(&draft.body),
            ms(now),
            draft.wire_item_id,
            crate::newsroom::new_id(),
        ],
    )?;
    let id = tx.last_insert_rowid();
    set_tags(tx, id, &clean_tags(&draft.tags))?;
    crate::search::index_article(tx, id)?;
    Ok(id)
}

pub(crate) fn update(tx: &Transaction<'_>, edit: &ArticleEdit, now: Timestamp) -> Result<()> {
    let headline = check_headline(&edit.headline)?;
    let urgency = check_urgency(edit.urgency)?;
    let changed = tx.execute(
        "UPDATE articles SET slug = ?1, headline = ?2, standfirst = ?3, byline = ?4, dateline = ?5,
                section = ?6, body = ?7, urgency = ?8, word_count = ?9, version = version + 1,
                updated_at = ?10
          WHERE id = ?11 AND version = ?12",
        params![
            edit.slug.trim(),
            headline,
            edit.standfirst.trim(),
            edit.byline.trim(),
            edit.dateline.trim(),
            edit.section.trim(),
            edit.body,
            urgency,
            word_count(&edit.body),
            ms(now),
            edit.id,
            edit.base_version,
        ],
    )?;
    if changed == 0 {
        let actual: Option<i64> = tx
            .query_row(
                "SELECT version FROM articles WHERE id = ?1",
                [edit.id],
                |r| r.get(0),
            )
            .optional()?;
        return Err(match actual {
            None => Error::ArticleNotFound(edit.id),
            Some(actual) => Error::Conflict {
                id: edit.id,
                expected: edit.base_version,
                actual,
                kept_revision: None,
            },
        });
    }
    set_tags(tx, edit.id, &clean_tags(&edit.tags))?;
    // Re-indexing a long body is most of an autosave's cost; the next search catches up.
    if edit.autosave {
        crate::search::mark_pending(tx, edit.id)?;
    } else {
        crate::search::index_article(tx, edit.id)?;
    }
    Ok(())
}

pub(crate) fn set_tags(tx: &Transaction<'_>, id: ArticleId, tags: &[String]) -> Result<()> {
    tx.execute("DELETE FROM article_tags WHERE article_id = ?1", [id])?;
    for (position, tag) in tags.iter().enumerate() {
        tx.execute(
            "INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
            [tag],
        )?;
        tx.execute(
            "INSERT INTO article_tags (article_id, tag_id, position)
             SELECT ?1, id, ?2 FROM tags WHERE name = ?3",
            params![id, position as i64, tag],
        )?;
    }
    Ok(())
}

fn tags_of(conn: &Connection, id: ArticleId) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM article_tags a JOIN tags t ON t.id = a.tag_id
          WHERE a.article_id = ?1 ORDER BY a.position",
    )?;
    let tags = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(tags)
}

fn article_from_row(row: &Row<'_>) -> rusqlite::Result<Article> {
    Ok(Article {
        id: row.get("id")?,
        uuid: row.get("uuid")?,
        slug: row.get("slug")?,
        headline: row.get("headline")?,
        standfirst: row.get("standfirst")?,
        byline: row.get("byline")?,
        dateline: row.get("dateline")?,
        section: row.get("section")?,
        body: row.get("body")?,
        tags: Vec::new(),
        urgency: row.get("urgency")?,
        status: ArticleStatus::parse(&row.get::<_, String>("status")?),
        author: row.get("author")?,
        word_count: row.get("word_count")?,
        version: row.get("version")?,
        created_at: from_ms(row.get("created_at")?),
        updated_at: from_ms(row.get("updated_at")?),
        wire_item_id: row.get("wire_item_id")?,
        schedule: crate::workflow::Schedule::from_columns(
            row.get("scheduled_at")?,
            row.get("schedule_zone")?,
            row.get("schedule_wall")?,
        ),
        embargo: crate::workflow::Embargo::from_columns(
            row.get("embargo_until")?,
            row.get("embargo_zone")?,
        ),
        published_at: row.get::<_, Option<i64>>("published_at")?.map(from_ms),
    })
}

pub(crate) fn get(conn: &Connection, id: ArticleId) -> Result<Article> {
    let article = conn
        .query_row(
            "SELECT * FROM articles WHERE id = ?1",
            [id],
            article_from_row,
        )
        .optional()?;
    let mut article = article.ok_or(Error::ArticleNotFound(id))?;
    article.tags = tags_of(conn, id)?;
    Ok(article)
}

pub(crate) fn summary(article: &Article) -> ArticleSummary {
    ArticleSummary {
        id: article.id,
        slug: article.slug.clone(),
        headline: article.headline.clone(),
        section: article.section.clone(),
        tags: article.tags.clone(),
        urgency: article.urgency,
        status: article.status,
        author: article.author.clone(),
        word_count: article.word_count,
        version: article.version,
        updated_at: article.updated_at,
        scheduled_at: article.schedule.as_ref().map(|s| s.at),
        embargo_until: article.embargo.as_ref().map(|e| e.until),
        published_at: article.published_at,
    }
}

/// Every article, most recently changed first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<ArticleSummary>> {
    list_where(conn, "1", "updated_at DESC, id DESC", [])
}

/// The columns an [`ArticleSummary`] is read from (`summary_from_row`), tags included.
pub(crate) const SUMMARY_COLUMNS: &str =
    "id, slug, headline, section, urgency, status, author, word_count, version, updated_at,
     scheduled_at, embargo_until, published_at,
     (SELECT group_concat(name, char(31)) FROM
         (SELECT t.name FROM article_tags a JOIN tags t ON t.id = a.tag_id
           WHERE a.article_id = articles.id ORDER BY a.position)) AS tag_names";

pub(crate) fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    let tag_names: Option<String> = row.get("tag_names")?;
    Ok(ArticleSummary {
        id: row.get("id")?,
        slug: row.get("slug")?,
        headline: row.get("headline")?,
        section: row.get("section")?,
        tags: tag_names
            .map(|s| s.split('\u{1f}').map(str::to_string).collect())
            .unwrap_or_default(),
        urgency: row.get("urgency")?,
        status: ArticleStatus::parse(&row.get::<_, String>("status")?),
        author: row.get("author")?,
        word_count: row.get("word_count")?,
        version: row.get("version")?,
        updated_at: from_ms(row.get("updated_at")?),
        scheduled_at: row.get::<_, Option<i64>>("scheduled_at")?.map(from_ms),
        embargo_until: row.get::<_, Option<i64>>("embargo_until")?.map(from_ms),
        published_at: row.get::<_, Option<i64>>("published_at")?.map(from_ms),
    })
}

/// The summaries of the articles that `filter` (an SQL condition over `articles`, with its
/// values in `params`) lets through, in `order`: one query, tags included.
pub(crate) fn list_where(
    conn: &Connection,
    filter: &'static str,
    order: &'static str,
    params: impl rusqlite::Params,
) -> Result<Vec<ArticleSummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM articles WHERE {filter} ORDER BY {order}"
    ))?;
    let rows = stmt.query_map(params, summary_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A tag and how many articles carry it, for autocomplete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TagUse {
    pub name: String,
    pub articles: u32,
}

/// Tags starting with `prefix` (any case), most used first.
pub(crate) fn tags(conn: &Connection, prefix: &str, limit: u32) -> Result<Vec<TagUse>> {
    // LIKE with our own escape character, so `%` and `_` in what was typed match themselves.
    let pattern = format!(
        "{}%",
        prefix
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let mut stmt = conn.prepare_cached(
        "SELECT t.name, count(x.article_id) AS n FROM tags t
           LEFT JOIN article_tags x ON x.tag_id = t.id
          WHERE t.name LIKE ?1 ESCAPE '\\'
          GROUP BY t.id ORDER BY n DESC, t.name COLLATE NOCASE LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![pattern, limit], |r| {
        Ok(TagUse {
            name: r.get(0)?,
            articles: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
