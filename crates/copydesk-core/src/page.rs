//! Lists read a page at a time. Keyset paging: a page starts just after (or before) a row named
//! by its sort key, so scrolling costs the same at the top of a year's desk as at its bottom,
//! and rows inserted meanwhile neither repeat nor vanish between pages. Each list order has an
//! index that walks it (migration 11); filters that no index serves (the filter box, a tag)
//! are checked on the rows the walk visits.
use crate::article::{self, ArticleStatus, ArticleSummary};
use crate::error::{Error, Result};
use jiff::Timestamp;
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// The most rows one page may hold.
pub const MAX_PAGE: u32 = 500;

/// Where a page starts, in the list's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "from", content = "key", rename_all = "snake_case")]
pub enum Seek<K> {
    /// The list's first rows (Home).
    First,
    /// The list's last rows (End).
    Last,
    /// The rows just after the row with this key (scrolling down).
    After(K),
    /// The rows just before the row with this key (scrolling up).
    Before(K),
    /// The rows from this position on: a jump far from anything loaded (the scroll bar
    /// dragged). Costs a walk over the rows before it.
    Offset(u32),
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Page<T, K> {
    pub items: Vec<T>,
    /// How many rows the whole list has, with its filters.
    pub total: u32,
    /// The position of the first item in the list, when the seek fixes it (first, last,
    /// offset); after or before a key the caller knows where that key was.
    pub start: Option<u32>,
    /// `Seek::After(next)` reads on; `None` when this page ends the list.
    pub next: Option<K>,
    /// `Seek::Before(previous)` reads back; `None` when this page starts the list.
    pub previous: Option<K>,
}

/// How an article list is ordered. Each order has one direction, and ties fall back to the
/// most recently changed first, then the highest id, so every row has one place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ArticleSort {
    /// Most recently changed first.
    #[default]
    Updated,
    /// Headline A–Z (ignoring ASCII case).
    Headline,
    /// Longest first.
    Words,
    /// Most urgent (1, flash) first.
    Urgency,
}

/// Which articles a list shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArticleFilter {
    /// The queue: articles in this state (killed stories are listed with the published ones).
    /// `None`: every article.
    pub queue: Option<ArticleStatus>,
    /// Only this author's ("My drafts").
    pub author: Option<String>,
    /// Words typed in the list's filter box: each must appear in the headline, slug, section
    /// or a tag (ignoring ASCII case).
    pub text: String,
    /// Exactly this section; empty for any.
    pub section: String,
    /// Carrying this tag (any case); empty for any.
    pub tag: String,
    pub sort: ArticleSort,
}

/// A row's place in every article order: what a page boundary names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArticleKey {
    pub id: article::ArticleId,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub updated_at: Timestamp,
    pub headline: String,
    pub word_count: u32,
    pub urgency: u8,
}

impl From<&ArticleSummary> for ArticleKey {
    fn from(a: &ArticleSummary) -> Self {
        ArticleKey {
            id: a.id,
            updated_at: a.updated_at,
            headline: a.headline.clone(),
            word_count: a.word_count,
            urgency: a.urgency,
        }
    }
}

impl From<&article::Article> for ArticleKey {
    fn from(a: &article::Article) -> Self {
        ArticleKey {
            id: a.id,
            updated_at: a.updated_at,
            headline: a.headline.clone(),
            word_count: a.word_count,
            urgency: a.urgency,
        }
    }
}

/// How many articles each queue holds, and the wire's and quarantine's sizes: the
/// navigator's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ListCounts {
    /// Drafts written by the profile the desk acts as.
    pub my_drafts: u32,
    pub drafts: u32,
    pub in_review: u32,
    pub ready: u32,
    pub scheduled: u32,
    /// Published and killed.
    pub published: u32,
    pub spiked: u32,
    /// Stories on the wire (one per story, its latest version).
    pub wire: u32,
    pub quarantine: u32,
}

/// The sections and tags a queue's articles use, for a list's filter menus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArticleFacets {
    pub sections: Vec<String>,
    pub tags: Vec<String>,
}

/// The queue column's value for a state (killed stories sit with the published).
fn queue_name(status: ArticleStatus) -> &'static str {
    match status {
        ArticleStatus::Killed => ArticleStatus::Published.as_str(),
        other => other.as_str(),
    }
}

fn like_pattern(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// A WHERE clause built from parts, with its positional values in order.
#[derive(Default)]
pub(crate) struct Clause {
    parts: Vec<String>,
    values: Vec<Value>,
}

impl Clause {
    fn push(&mut self, sql: impl Into<String>, values: impl IntoIterator<Item = Value>) {
        self.parts.push(sql.into());
        self.values.extend(values);
    }

    fn sql(&self) -> String {
        if self.parts.is_empty() {
            "1".into()
        } else {
            self.parts.join(" AND ")
        }
    }

    fn and(&self, more: &Clause) -> Clause {
        Clause {
            parts: self.parts.iter().chain(&more.parts).cloned().collect(),
            values: self.values.iter().chain(&more.values).cloned().collect(),
        }
    }
}

fn article_filter(filter: &ArticleFilter) -> Clause {
    let mut c = Clause::default();
    if let Some(queue) = filter.queue {
        c.push("queue = ?", [Value::Text(queue_name(queue).into())]);
    }
    if let Some(author) = &filter.author {
        c.push("author = ?", [Value::Text(author.clone())]);
    }
    let section = filter.section.trim();
    if !section.is_empty() {
        c.push("section = ?", [Value::Text(section.into())]);
    }
    let tag = filter.tag.trim();
    if !tag.is_empty() {
        // tags.name is COLLATE NOCASE: any case finds the tag.
        c.push(
            "EXISTS (SELECT 1 FROM article_tags x JOIN tags t ON t.id = x.tag_id
                      WHERE x.article_id = articles.id AND t.name = ?)",
            [Value::Text(tag.into())],
        );
    }
    for word in filter.text.split_whitespace() {
        let p = Value::Text(like_pattern(word));
        c.push(
            "(headline LIKE ? ESCAPE '\\' OR slug LIKE ? ESCAPE '\\' OR section LIKE ? ESCAPE '\\'
              OR EXISTS (SELECT 1 FROM article_tags x JOIN tags t ON t.id = x.tag_id
                          WHERE x.article_id = articles.id AND t.name LIKE ? ESCAPE '\\'))",
            [p.clone(), p.clone(), p.clone(), p],
        );
    }
    c
}

/// The column a sort orders by before the shared tie-break, its direction, and the key's
/// value for it.
fn primary(sort: ArticleSort, key: &ArticleKey) -> Option<(&'static str, bool, Value)> {
    match sort {
        ArticleSort::Updated => None,
        ArticleSort::Headline => Some((
            "headline COLLATE NOCASE",
            false,
            Value::Text(key.headline.clone()),
        )),
        ArticleSort::Words => Some(("word_count", true, Value::Integer(key.word_count.into()))),
        ArticleSort::Urgency => Some(("urgency", false, Value::Integer(key.urgency.into()))),
    }
}

fn primary_column(sort: ArticleSort) -> Option<(&'static str, bool)> {
    let any = ArticleKey {
        id: 0,
        updated_at: Timestamp::UNIX_EPOCH,
        headline: String::new(),
        word_count: 0,
        urgency: 5,
    };
    primary(sort, &any).map(|(col, desc, _)| (col, desc))
}

/// ORDER BY for the list's order, or its reverse (reading back from a key or from the end).
fn article_order(sort: ArticleSort, reverse: bool) -> String {
    let dir = |desc: bool| if desc != reverse { "DESC" } else { "ASC" };
    let tail = format!("updated_at {0}, id {0}", dir(true));
    match primary_column(sort) {
        Some((col, desc)) => format!("{col} {}, {tail}", dir(desc)),
        None => tail,
    }
}

/// The rows strictly after `key` in the list's order (or strictly before, `reverse`).
/// Written as `col >= v AND (col > v OR tie-break)` so the index range starts at the key
/// rather than at the top of the queue.
fn article_beyond(sort: ArticleSort, key: &ArticleKey, reverse: bool) -> Clause {
    let u = Value::Integer(key.updated_at.as_millisecond());
    let i = Value::Integer(key.id);
    // Newest first: "after" is older, or as old with a lower id.
    let tie = if reverse {
        "(updated_at, id) > (?, ?)"
    } else {
        "(updated_at, id) < (?, ?)"
    };
    let mut c = Clause::default();
    match primary(sort, key) {
        None => c.push(tie, [u, i]),
        Some((col, desc, v)) => {
            let (strict, or_equal) = if desc != reverse {
                ("<", "<=")
            } else {
                (">", ">=")
            };
            c.push(
                format!("{col} {or_equal} ? AND ({col} {strict} ? OR {tie})"),
                [v.clone(), v, u, i],
            );
        }
    }
    c
}

fn count(conn: &Connection, sql: &str, values: &[Value]) -> Result<u32> {
    let n: i64 = conn
        .prepare_cached(sql)?
        .query_row(rusqlite::params_from_iter(values), |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

fn check_limit(limit: u32) -> Result<i64> {
    if limit == 0 || limit > MAX_PAGE {
        return Err(Error::Invalid(format!(
            "a page holds 1 to {MAX_PAGE} rows, not {limit}"
        )));
    }
    Ok(limit.into())
}

/// What a list gives the pager: how to filter, order and read its rows.
struct Listing<'a, K> {
    /// `SELECT … FROM …`, without WHERE.
    select: String,
    /// The query that counts the whole list, and its values: a few rows of the maintained
    /// `list_counts` when no filter needs to see the rows themselves, else a COUNT.
    count: (String, Vec<Value>),
    filter: Clause,
    order: &'a dyn Fn(bool) -> String,
    beyond: &'a dyn Fn(&K, bool) -> Clause,
}

/// The query that reads one page (one row more than `limit`, which says whether the list goes
/// on), and its values.
fn page_sql<K>(listing: &Listing<'_, K>, seek: &Seek<K>, limit: i64) -> (String, Clause) {
    let reverse = matches!(seek, Seek::Last | Seek::Before(_));
    let clause = match seek {
        Seek::After(k) => listing.filter.and(&(listing.beyond)(k, false)),
        Seek::Before(k) => listing.filter.and(&(listing.beyond)(k, true)),
        _ => listing.filter.and(&Clause::default()),
    };
    let offset = match seek {
        Seek::Offset(n) => i64::from(*n),
        _ => 0,
    };
    let sql = format!(
        "{} WHERE {} ORDER BY {} LIMIT {} OFFSET {offset}",
        listing.select,
        clause.sql(),
        (listing.order)(reverse),
        limit + 1
    );
    (sql, clause)
}

fn read_page<T, K>(
    conn: &Connection,
    listing: Listing<'_, K>,
    seek: &Seek<K>,
    limit: u32,
    row: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    key: impl Fn(&T) -> K,
) -> Result<Page<T, K>> {
    let limit = check_limit(limit)?;
    let total = count(conn, &listing.count.0, &listing.count.1)?;
    let reverse = matches!(seek, Seek::Last | Seek::Before(_));
    let (sql, clause) = page_sql(&listing, seek, limit);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut items = stmt
        .query_map(rusqlite::params_from_iter(&clause.values), row)?
        .collect::<rusqlite::Result<Vec<T>>>()?;
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    if reverse {
        items.reverse();
    }
    let n = items.len() as u32;
    let (start, more_before, more_after) = match seek {
        Seek::First => (Some(0), false, more),
        Seek::Offset(o) => (Some(*o), *o > 0, more),
        Seek::Last => (Some(total.saturating_sub(n)), more, false),
        Seek::After(_) => (None, true, more),
        Seek::Before(_) => (None, more, true),
    };
    let next = more_after.then(|| items.last().map(&key)).flatten();
    let previous = more_before.then(|| items.first().map(&key)).flatten();
    Ok(Page {
        items,
        total,
        start,
        next,
        previous,
    })
}

fn article_listing<'a>(
    filter: &ArticleFilter,
    order: &'a dyn Fn(bool) -> String,
    beyond: &'a dyn Fn(&ArticleKey, bool) -> Clause,
) -> Listing<'a, ArticleKey> {
    let clause = article_filter(filter);
    let plain = filter.text.trim().is_empty()
        && filter.section.trim().is_empty()
        && filter.tag.trim().is_empty();
    let count = if plain {
        let mut c = Clause::default();
        match filter.queue {
            Some(queue) => c.push("list = ?", [Value::Text(queue_name(queue).into())]),
            None => c.push("list != 'wire'", []),
        }
        if let Some(author) = &filter.author {
            c.push("author = ?", [Value::Text(author.clone())]);
        }
        (
            format!(
                "SELECT coalesce(sum(n), 0) FROM list_counts WHERE {}",
                c.sql()
            ),
            c.values,
        )
    } else {
        (
            format!("SELECT count(*) FROM articles WHERE {}", clause.sql()),
            clause.values.clone(),
        )
    };
    Listing {
        select: format!("SELECT {} FROM articles", article::SUMMARY_COLUMNS),
        count,
        filter: clause,
        order,
        beyond,
    }
}

pub(crate) fn articles(
    conn: &Connection,
    filter: &ArticleFilter,
    seek: &Seek<ArticleKey>,
    limit: u32,
) -> Result<Page<ArticleSummary, ArticleKey>> {
    let sort = filter.sort;
    let order = move |reverse| article_order(sort, reverse);
    let beyond = move |key: &ArticleKey, reverse| article_beyond(sort, key, reverse);
    read_page(
        conn,
        article_listing(filter, &order, &beyond),
        seek,
        limit,
        article::summary_from_row,
        |a: &ArticleSummary| ArticleKey::from(a),
    )
}

/// The navigator's counts, `me` being the profile the desk acts as: the maintained
/// `list_counts` rows, and the quarantine's partial index.
pub(crate) fn counts(conn: &Connection, me: &str) -> Result<ListCounts> {
    let mut out = ListCounts::default();
    // The maintained counts: a row per queue and author, and the wire's.
    let mut stmt = conn.prepare_cached(
        "SELECT list, sum(n), total(CASE WHEN author = ?1 THEN n END) FROM list_counts
          GROUP BY list",
    )?;
    let mut rows = stmt.query([me])?;
    while let Some(r) = rows.next()? {
        let list: String = r.get(0)?;
        let n = u32::try_from(r.get::<_, i64>(1)?).unwrap_or(u32::MAX);
        if list == "wire" {
            out.wire = n;
            continue;
        }
        match ArticleStatus::parse(&list) {
            ArticleStatus::Draft => {
                out.drafts += n;
                out.my_drafts += r.get::<_, f64>(2)? as u32;
            }
            ArticleStatus::InReview => out.in_review += n,
            ArticleStatus::Ready => out.ready += n,
            ArticleStatus::Scheduled => out.scheduled += n,
            ArticleStatus::Published | ArticleStatus::Killed => out.published += n,
            ArticleStatus::Spiked => out.spiked += n,
        }
    }
    out.quarantine = count(
        conn,
        "SELECT count(*) FROM wire_files WHERE outcome = 'quarantined'",
        &[],
    )?;
    Ok(out)
}

/// The sections and tags in use in a queue (all articles for `None`), A–Z.
pub(crate) fn facets(conn: &Connection, queue: Option<ArticleStatus>) -> Result<ArticleFacets> {
    let queue = queue.map(queue_name);
    let sections = conn
        .prepare_cached(
            "SELECT DISTINCT section FROM articles
              WHERE (?1 IS NULL OR queue = ?1) AND section != ''
              ORDER BY section COLLATE NOCASE",
        )?
        .query_map([queue], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    let tags = conn
        .prepare_cached(
            "SELECT t.name FROM tags t
              WHERE EXISTS (SELECT 1 FROM article_tags x JOIN articles a ON a.id = x.article_id
                             WHERE x.tag_id = t.id AND (?1 IS NULL OR a.queue = ?1))
              ORDER BY t.name COLLATE NOCASE",
        )?
        .query_map([queue], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ArticleFacets { sections, tags })
}

pub(crate) mod wire {
    //! The wire queue a page at a time: the latest version of each story, newest first.
    use super::{read_page, Clause, Listing, Page, Seek};
    use crate::error::Result;
    use crate::wire::{WireFilter, WireFormat, WireItemSummary, WireKey};
    use rusqlite::types::Value;
    use rusqlite::Connection;

    fn filter_clause(filter: &WireFilter) -> Clause {
        let mut c = Clause::default();
        // The partial index wire_stories_latest holds exactly these stories.
        c.push("s.latest_item_id IS NOT NULL", []);
        if let Some(since) = filter.received_since {
            c.push(
                "s.updated_at >= ?",
                [Value::Integer(since.as_millisecond())],
            );
        }
        if let Some(p) = &filter.provider {
            c.push("i.provider = ?", [Value::Text(p.clone())]);
        }
        if let Some(f) = filter.format {
            c.push("i.format = ?", [Value::Text(WireFormat::as_str(f).into())]);
        }
        if let Some(u) = filter.max_urgency {
            c.push("i.urgency <= ?", [Value::Integer(u.into())]);
        }
        c
    }

    pub(crate) fn page(
        conn: &Connection,
        filter: &WireFilter,
        seek: &Seek<WireKey>,
        limit: u32,
    ) -> Result<Page<WireItemSummary, WireKey>> {
        let on_items =
            filter.provider.is_some() || filter.format.is_some() || filter.max_urgency.is_some();
        let clause = filter_clause(filter);
        // The whole queue's size is kept in list_counts; a filter on the stories alone counts
        // the stories' index, one on their latest version joins it.
        let count = if on_items {
            format!(
                "SELECT count(*) FROM wire_stories s JOIN wire_items i ON i.id = s.latest_item_id
                  WHERE {}",
                clause.sql()
            )
        } else if filter.received_since.is_some() {
            format!("SELECT count(*) FROM wire_stories s WHERE {}", clause.sql())
        } else {
            "SELECT coalesce(sum(n), 0) FROM list_counts WHERE list = 'wire'".into()
        };
        let values = if on_items || filter.received_since.is_some() {
            clause.values.clone()
        } else {
            Vec::new()
        };
        read_page(
            conn,
            Listing {
                select: crate::wire::SUMMARY_SELECT.to_string(),
                count: (count, values),
                filter: clause,
                order: &|reverse| {
                    if reverse {
                        "s.updated_at ASC, s.latest_item_id ASC".into()
                    } else {
                        "s.updated_at DESC, s.latest_item_id DESC".into()
                    }
                },
                beyond: &|key: &WireKey, reverse| {
                    let mut c = Clause::default();
                    let op = if reverse { ">" } else { "<" };
                    c.push(
                        format!("(s.updated_at, s.latest_item_id) {op} (?, ?)"),
                        [
                            Value::Integer(key.received_at.as_millisecond()),
                            Value::Integer(key.id),
                        ],
                    );
                    c
                },
            },
            seek,
            limit,
            crate::wire::summary_from_row,
            |s: &WireItemSummary| WireKey::from(s),
        )
    }

    /// The sources and formats on the wire, for the queue's filter menus.
    pub(crate) fn facets(conn: &Connection) -> Result<crate::wire::WireFacets> {
        let providers = conn
            .prepare_cached(
                "SELECT DISTINCT provider FROM wire_stories
                  WHERE provider != '' AND latest_item_id IS NOT NULL ORDER BY provider",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        let formats = conn
            .prepare_cached(
                "SELECT DISTINCT format FROM wire_files
                  WHERE outcome = 'imported' AND format IS NOT NULL ORDER BY format",
            )?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        let formats = formats
            .iter()
            .filter_map(|f| WireFormat::parse(f))
            .collect();
        Ok(crate::wire::WireFacets { providers, formats })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(conn: &Connection, sql: &str, values: &[Value]) -> String {
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("explain");
        let rows = stmt
            .query_map(rusqlite::params_from_iter(values), |r| {
                Ok((r.get::<_, i64>(1)?, r.get::<_, String>(3)?))
            })
            .expect("plan")
            // The query's own steps, not those of the per-row tag subquery.
            .filter(|row| !matches!(row, Ok((parent, _)) if *parent != 0))
            .map(|row| row.map(|(_, detail)| detail));
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .expect("rows")
            .join(" | ")
    }

    /// Every order, from every kind of seek, walks an index in the list's order: no sort of
    /// the whole queue per page, so a page costs the same at any depth.
    #[test]
    fn every_list_order_reads_an_index_and_sorts_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = crate::store::Store::open(&dir.path().join("copydesk.sqlite3")).expect("store");
        let key = ArticleKey {
            id: 7,
            updated_at: Timestamp::UNIX_EPOCH,
            headline: "Harbour".into(),
            word_count: 300,
            urgency: 3,
        };
        let seeks = [
            Seek::First,
            Seek::Last,
            Seek::After(key.clone()),
            Seek::Before(key.clone()),
            Seek::Offset(40),
        ];
        for sort in [
            ArticleSort::Updated,
            ArticleSort::Headline,
            ArticleSort::Words,
            ArticleSort::Urgency,
        ] {
            for author in [None, Some("ana".to_string())] {
                let filter = ArticleFilter {
                    queue: Some(ArticleStatus::Draft),
                    author: author.clone(),
                    sort,
                    ..Default::default()
                };
                let order = move |reverse| article_order(sort, reverse);
                let beyond = move |k: &ArticleKey, reverse| article_beyond(sort, k, reverse);
                for seek in &seeks {
                    let listing = article_listing(&filter, &order, &beyond);
                    let (sql, clause) = page_sql(&listing, seek, 50);
                    let plan = store
                        .read(|c| Ok(plan(c, &sql, &clause.values)))
                        .expect("read");
                    let main = plan.split(" | ").next().unwrap_or_default();
                    assert!(
                        main.contains("INDEX articles_queue_"),
                        "{sort:?} {author:?} {seek:?}: {plan}"
                    );
                    // "My drafts" in an order other than the newest may sort the author's
                    // rows within the queue index's walk; every other list sorts nothing.
                    if author.is_none() || sort == ArticleSort::Updated {
                        assert!(
                            !plan.contains("TEMP B-TREE"),
                            "{sort:?} {author:?} {seek:?}: {plan}"
                        );
                    }
                }
            }
        }
    }
}
