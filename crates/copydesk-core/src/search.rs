//! Full-text search over drafts and wire copy (an FTS5 index for each, ranked by bm25).
//!
//! What the user types is never handed to MATCH as syntax: it is cut into words, each word is
//! quoted, and the last one matches as a prefix (search as you type). So `"unbalanced`, `AND`,
//! `NEAR(`, `*` or an emoji can only ever find text or find nothing.
use crate::article::ArticleId;
use crate::error::Result;
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

/// Marks the start and end of a matched word in a snippet (private-use characters, so they
/// can never come from the text itself in practice; the UI turns them into highlights).
pub const HIT_START: char = '\u{E000}';
pub const HIT_END: char = '\u{E001}';

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Article,
    Wire,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHit {
    pub kind: HitKind,
    /// The article's id, or the wire item's.
    pub id: i64,
    /// For wire copy, the story the item belongs to (one hit per story).
    pub story_id: Option<i64>,
    pub headline: String,
    /// A short passage around the match; matched words are wrapped in U+E000 … U+E001.
    pub snippet: String,
    /// bm25 weighted by column (headline 10, standfirst 4, body 1, tags 6): lower is better.
    pub rank: f64,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub when: Timestamp,
}

/// The FTS5 expression for what the user typed, or `None` when it holds no words.
pub fn match_expression(query: &str) -> Option<String> {
    let words: Vec<&str> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let last = words.len().checked_sub(1)?;
    let typing = !query.ends_with(char::is_whitespace);
    let terms: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == last && typing {
                format!("\"{w}\"*")
            } else {
                format!("\"{w}\"")
            }
        })
        .collect();
    Some(terms.join(" "))
}

/// Puts an article's current text in the index (replacing what was there).
pub(crate) fn index_article(tx: &Transaction<'_>, id: ArticleId) -> Result<()> {
    tx.execute("DELETE FROM search_pending WHERE article_id = ?1", [id])?;
    tx.execute("DELETE FROM search_index WHERE rowid = ?1", [id * 2])?;
    tx.execute(
        "INSERT INTO search_index (rowid, headline, standfirst, body, tags)
         SELECT a.id * 2, a.headline, a.standfirst, a.body,
                coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x
                            JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id), '')
           FROM articles a WHERE a.id = ?1",
        [id],
    )?;
    Ok(())
}

/// How many of the newest matches of each kind (drafts, wire copy) are ranked when a query
/// matches more than that. bm25 costs ~5 µs a document (it reads each one's column sizes),
/// so ranking all 80,000 drafts that contain "said" took 90–170 ms; a term that common tells
/// bm25 little anyway, and in a newsroom the newest copy is what is looked for. Measured in
/// BENCHMARKS.md ("Writing desk").
pub const RANK_WINDOW: usize = 1_000;

/// The two full-text indexes: drafts (`search_index`, rowid = id * 2, a legacy of when wire
/// copy shared it) and wire copy (`wire_search`, rowid = the item's id).
#[derive(Clone, Copy)]
enum Index {
    Articles,
    Wire,
}

/// The best matches in one index, over its `RANK_WINDOW` newest: (kind, id, snippet, rank).
fn ranked(
    conn: &Connection,
    index: Index,
    expression: &str,
    limit: u32,
) -> Result<Vec<(HitKind, i64, String, f64)>> {
    // Table names cannot be bound, so each index has its own two statements.
    let (floor_sql, ranked_sql, kind) = match index {
        Index::Articles => (
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1
              ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
            "SELECT rowid >> 1, snippet(search_index, -1, ?2, ?3, '…', 14),
                    bm25(search_index, 10.0, 4.0, 1.0, 6.0) AS rank
               FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?5
              ORDER BY rank LIMIT ?4",
            HitKind::Article,
        ),
        Index::Wire => (
            "SELECT rowid FROM wire_search WHERE wire_search MATCH ?1
              ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
            "SELECT rowid, snippet(wire_search, -1, ?2, ?3, '…', 14),
                    bm25(wire_search, 10.0, 4.0, 1.0, 6.0) AS rank
               FROM wire_search WHERE wire_search MATCH ?1 AND rowid >= ?5
              ORDER BY rank LIMIT ?4",
            HitKind::Wire,
        ),
    };
    // FTS5 walks a doclist newest first without scoring (~0.1 µs a match); `rowid >= floor`
    // then lets the ranked query skip everything older. Snippets are only made for the rows
    // the LIMIT keeps. (FTS5's own `ORDER BY rank` was tried: it scores every match in an
    // inner query before any bound applies, 0.58 s for "said".)
    let floor: i64 = conn
        .prepare_cached(floor_sql)?
        .query_row(params![expression, RANK_WINDOW as i64 - 1], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    let mut stmt = conn.prepare_cached(ranked_sql)?;
    let rows = stmt
        .query_map(
            params![
                expression,
                HIT_START.to_string(),
                HIT_END.to_string(),
                limit,
                floor
            ],
            |r| Ok((kind, r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(crate) fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(expression) = match_expression(query) else {
        return Ok(Vec::new());
    };
    // Over-fetch a little: several versions of one wire story collapse into one hit. The two
    // indexes' bm25 scores use the same weights and are merged as they are (each index's own
    // word statistics, close enough to interleave drafts and wire copy sensibly).
    let mut rows = ranked(conn, Index::Articles, &expression, limit.saturating_mul(2))?;
    rows.extend(ranked(
        conn,
        Index::Wire,
        &expression,
        limit.saturating_mul(2),
    )?);
    rows.sort_by(|a, b| a.3.total_cmp(&b.3));
    let mut hits = Vec::new();
    let mut stories_seen = std::collections::HashSet::new();
    for (kind, id, snippet, rank) in rows {
        let hit = if kind == HitKind::Article {
            conn.query_row(
                "SELECT headline, updated_at FROM articles WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, None)),
            )
            .optional()?
            .map(|h| (HitKind::Article, h))
        } else {
            conn.query_row(
                "SELECT headline, received_at, story_id FROM wire_items WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        Some(r.get::<_, i64>(2)?),
                    ))
                },
            )
            .optional()?
            .map(|h| (HitKind::Wire, h))
        };
        let Some((kind, (headline, when, story))) = hit else {
            continue;
        };
        if let Some(story) = story {
            if !stories_seen.insert(story) {
                continue;
            }
        }
        hits.push(SearchHit {
            kind,
            id,
            story_id: story,
            headline,
            snippet,
            rank,
            when: Timestamp::from_millisecond(when).unwrap_or(Timestamp::UNIX_EPOCH),
        });
        if hits.len() >= limit as usize {
            break;
        }
    }
    Ok(hits)
}

/// Brings the index up to date for articles whose autosaves have not been indexed yet.
/// Returns how many were indexed.
pub(crate) fn index_pending(tx: &Transaction<'_>) -> Result<usize> {
    let pending: Vec<ArticleId> = tx
        .prepare_cached("SELECT article_id FROM search_pending")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for &id in &pending {
        index_article(tx, id)?;
    }
    Ok(pending.len())
}

/// Whether some autosaved text is not in the index yet (a cheap check before each search).
pub(crate) fn has_pending(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM search_pending LIMIT 1")?
        .exists([])?)
}

/// Notes that an article's text changed without being re-indexed (an autosave).
pub(crate) fn mark_pending(tx: &Transaction<'_>, id: ArticleId) -> Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO search_pending (article_id) VALUES (?1)")?
        .execute([id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::match_expression;

    #[test]
    fn user_text_becomes_quoted_words() {
        assert_eq!(
            match_expression("harbour brid").as_deref(),
            Some("\"harbour\" \"brid\"*")
        );
        assert_eq!(match_expression("harbour ").as_deref(), Some("\"harbour\""));
        assert_eq!(
            match_expression("\"unbalanced").as_deref(),
            Some("\"unbalanced\"*")
        );
        assert_eq!(match_expression("it's").as_deref(), Some("\"it\" \"s\"*"));
        assert_eq!(match_expression("NEAR(").as_deref(), Some("\"NEAR\"*"));
        assert_eq!(match_expression("*"), None);
        assert_eq!(match_expression("🎉"), None);
        assert_eq!(match_expression(""), None);
    }
}
