//! Full-text search over drafts and wire copy (one FTS5 index, ranked by bm25).
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
    pub headline: String,
    /// A short passage around the match; matched words are wrapped in U+E000 … U+E001.
    pub snippet: String,
    /// bm25: lower is better.
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

pub(crate) fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(expression) = match_expression(query) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, snippet(search_index, -1, ?2, ?3, '…', 14),
                bm25(search_index, 10.0, 4.0, 1.0, 6.0) AS rank
           FROM search_index WHERE search_index MATCH ?1
          ORDER BY rank LIMIT ?4",
    )?;
    // Over-fetch a little: several versions of one wire story collapse into one hit.
    let rows = stmt
        .query_map(
            params![
                expression,
                HIT_START.to_string(),
                HIT_END.to_string(),
                limit.saturating_mul(2)
            ],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, f64>(2)?,
                ))
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut hits = Vec::new();
    let mut stories_seen = std::collections::HashSet::new();
    for (rowid, snippet, rank) in rows {
        let id = rowid >> 1;
        let hit = if rowid & 1 == 0 {
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
