//! Wire provenance: how much of a draft is still an agency's text, which wire items it came
//! from, and the credit line that implies. Matching is over runs of five words (lower case,
//! letters and digits only), so it survives edits around the passages and finds copy that was
//! pasted or retyped as well as copy taken to the desk. Candidates are the draft's own source
//! item and what a phrase search of the wire index finds; nothing is stored, so the answer is
//! always about the text as it is now.
use crate::article::{self, Article, ArticleId};
use crate::desk::Desk;
use crate::error::Result;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// Words in a run that must match. Five keeps stock phrases ("said on Tuesday that the") from
/// matching by themselves while a changed word loses only itself.
const SHINGLE: usize = 5;
/// Runs of the draft searched for in the wire index, spread evenly over the body.
const PROBES: usize = 16;
/// Wire items compared run by run with the draft.
const CANDIDATES: usize = 12;
/// Fewer matching words than this is a shared quote or a stock phrase, not a source.
const MIN_SOURCE_WORDS: u32 = 12;
/// An agency with at least this share of the body is in the credit line.
pub const CREDIT_PERCENT: u32 = 10;
/// A story with at least this share of one agency's text needs that agency's credit.
pub const MOSTLY_PERCENT: u32 = 50;
/// The agency of an item that names none (a scraped page, a plain-text file): the same word
/// the desk's "*Source: …*" line uses. Counted, never credited.
const UNNAMED: &str = "wire";

/// Where a draft's text came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Provenance {
    /// Share of the body's words that still match wire copy, 0–100.
    pub wire_percent: u32,
    /// Words in the body.
    pub words: u32,
    /// Each wire item the body still quotes, most first.
    pub sources: Vec<WireSource>,
    /// Each agency's share, most first (an agency's items added up).
    pub agencies: Vec<AgencyShare>,
    /// The credit line the sources imply ("With reporting from AFP, Reuters"); `None` when no
    /// agency reaches the credit threshold.
    pub credit: Option<String>,
    /// The passages that match, in body order.
    pub passages: Vec<WirePassage>,
}

/// One wire item a draft quotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WireSource {
    pub wire_item_id: i64,
    /// The agency (the item's provider, else its source, else "wire").
    pub provider: String,
    pub headline: String,
    pub version: i64,
    /// Share of the draft's body, 0–100.
    pub percent: u32,
    /// Body words matched to this item.
    pub words: u32,
    /// The agency has killed the story since.
    pub killed: bool,
    /// A newer version of the story has arrived since this one.
    pub newer_version: Option<i64>,
}

/// An agency's share of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgencyShare {
    pub provider: String,
    pub percent: u32,
    /// Named in the byline or in the draft's own words (a credit or source line), or with no
    /// name to credit (an item that names no agency).
    pub credited: bool,
}

/// A passage of the body that matches a wire item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WirePassage {
    /// Start in the body, in UTF-16 code units (as the editor counts).
    pub from: u32,
    /// End (exclusive), in UTF-16 code units.
    pub to: u32,
    pub wire_item_id: i64,
}

/// A word of a text: lower case, letters and digits only, with where it stands.
struct Word {
    norm: String,
    from: u32,
    to: u32,
}

/// The words of `text` (runs of letters and digits), positions in UTF-16 code units.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut at = 0u32;
    let mut current: Option<Word> = None;
    for ch in text.chars() {
        let width = ch.len_utf16() as u32;
        if ch.is_alphanumeric() {
            let word = current.get_or_insert_with(|| Word {
                norm: String::new(),
                from: at,
                to: at,
            });
            word.norm.extend(ch.to_lowercase());
            word.to = at + width;
        } else if let Some(word) = current.take() {
            out.push(word);
        }
        at += width;
    }
    out.extend(current);
    out
}

fn shingle_hash(words: &[Word]) -> u64 {
    let mut h = DefaultHasher::new();
    for w in words {
        w.norm.hash(&mut h);
    }
    h.finish()
}

fn shingles(words: &[Word]) -> Vec<u64> {
    words.windows(SHINGLE).map(shingle_hash).collect()
}

/// A wire item as the matcher needs it.
struct Candidate {
    id: i64,
    provider: String,
    headline: String,
    version: i64,
    killed: bool,
    latest: i64,
    runs: HashSet<u64>,
}

fn load_candidate(conn: &Connection, id: i64) -> Result<Option<Candidate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(i.provider, i.source, ?2), i.headline, coalesce(i.standfirst, ''),
                i.body, i.version, s.killed, s.latest_version
           FROM wire_items i JOIN wire_stories s ON s.id = i.story_id
          WHERE i.id = ?1",
    )?;
    let mut rows = stmt.query(rusqlite::params![id, UNNAMED])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let (headline, standfirst, body): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
    let mut runs = HashSet::new();
    // Each part apart: a run across the headline and the body matches nothing a desk writes.
    for part in [&headline, &standfirst, &body] {
        runs.extend(shingles(&words(part)));
    }
    Ok(Some(Candidate {
        id,
        provider: r.get(0)?,
        headline,
        version: r.get(4)?,
        killed: r.get(5)?,
        latest: r.get(6)?,
        runs,
    }))
}

/// The wire items worth comparing: the draft's own source, then those the wire index finds
/// for runs of the draft's words (phrase queries, best ranked first).
fn candidate_ids(conn: &Connection, source: Option<i64>, body: &[Word]) -> Result<Vec<i64>> {
    let mut ids: Vec<i64> = source.into_iter().collect();
    let runs = body.len().saturating_sub(SHINGLE - 1);
    if runs == 0 {
        return Ok(ids);
    }
    let step = runs.div_ceil(PROBES).max(1);
    let phrases: Vec<String> = (0..runs)
        .step_by(step)
        .map(|i| {
            let run: Vec<&str> = body[i..i + SHINGLE]
                .iter()
                .map(|w| w.norm.as_str())
                .collect();
            // Letters and digits only: nothing in a phrase can break out of its quotes.
            format!("\"{}\"", run.join(" "))
        })
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT rowid FROM wire_search WHERE wire_search MATCH ?1 ORDER BY rank LIMIT ?2",
    )?;
    let found = stmt
        .query_map(
            rusqlite::params![phrases.join(" OR "), CANDIDATES as i64],
            |r| r.get::<_, i64>(0),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for id in found {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Whether the words `name` (an agency) appear in order among `words`.
fn names(words: &[&str], name: &[Word]) -> bool {
    !name.is_empty()
        && words
            .windows(name.len())
            .any(|w| w.iter().zip(name).all(|(a, b)| *a == b.norm))
}

/// Where the body `text` of `article` came from (the stored body when `text` is `None`).
pub(crate) fn of(conn: &Connection, article: &Article, text: Option<&str>) -> Result<Provenance> {
    let body = words(text.unwrap_or(&article.body));
    let total = body.len() as u32;
    let mut provenance = Provenance {
        words: total,
        ..Provenance::default()
    };
    if body.len() < SHINGLE {
        return Ok(provenance);
    }
    let runs = shingles(&body);
    let mut candidates = Vec::new();
    for id in candidate_ids(conn, article.wire_item_id, &body)? {
        if let Some(c) = load_candidate(conn, id)? {
            candidates.push(c);
        }
    }
    // Each candidate's matching runs; the one covering most claims its words first (the
    // draft's own source wins a tie, so an unchanged later version does not take its text).
    let mut matched: Vec<(usize, Vec<usize>, usize)> = candidates
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let at: Vec<usize> = (0..runs.len())
                .filter(|&i| c.runs.contains(&runs[i]))
                .collect();
            let mut covered = vec![false; body.len()];
            for &i in &at {
                covered[i..i + SHINGLE].fill(true);
            }
            let count = covered.iter().filter(|&&c| c).count();
            (n, at, count)
        })
        .filter(|(_, at, _)| !at.is_empty())
        .collect();
    matched.sort_by_key(|&(n, _, count)| {
        (
            std::cmp::Reverse(count),
            Some(candidates[n].id) != article.wire_item_id,
            n,
        )
    });
    let mut owner: Vec<Option<usize>> = vec![None; body.len()];
    for (n, at, _) in &matched {
        let mut claimed = Vec::new();
        for &i in at {
            for (w, slot) in owner[i..i + SHINGLE].iter_mut().enumerate() {
                if slot.is_none() {
                    *slot = Some(*n);
                    claimed.push(i + w);
                }
            }
        }
        // Too little to be a source: the words go back (to nobody, or to a later candidate).
        if (claimed.len() as u32) < MIN_SOURCE_WORDS {
            for w in claimed {
                owner[w] = None;
            }
        }
    }

    let percent = |n: u32| ((u64::from(n) * 100 + u64::from(total) / 2) / u64::from(total)) as u32;
    let mut counts: HashMap<usize, u32> = HashMap::new();
    for n in owner.iter().flatten() {
        *counts.entry(*n).or_default() += 1;
    }
    let quoted: u32 = counts.values().sum();
    provenance.wire_percent = percent(quoted);
    let mut sources: Vec<WireSource> = counts
        .iter()
        .map(|(&n, &count)| {
            let c = &candidates[n];
            WireSource {
                wire_item_id: c.id,
                provider: c.provider.clone(),
                headline: c.headline.clone(),
                version: c.version,
                percent: percent(count),
                words: count,
                killed: c.killed,
                newer_version: (c.latest > c.version).then_some(c.latest),
            }
        })
        .collect();
    sources.sort_by_key(|s| (std::cmp::Reverse(s.words), s.wire_item_id));

    // An agency is credited when the byline or the desk's own words (not its copy) name it.
    let own: Vec<&str> = body
        .iter()
        .zip(&owner)
        .filter(|(_, o)| o.is_none())
        .map(|(w, _)| w.norm.as_str())
        .collect();
    let byline = words(&article.byline);
    let byline: Vec<&str> = byline.iter().map(|w| w.norm.as_str()).collect();
    let mut agencies: Vec<AgencyShare> = Vec::new();
    for s in &sources {
        match agencies.iter_mut().find(|a| a.provider == s.provider) {
            Some(a) => a.percent += s.percent,
            None => {
                let name = words(&s.provider);
                agencies.push(AgencyShare {
                    provider: s.provider.clone(),
                    percent: s.percent,
                    credited: s.provider == UNNAMED || names(&own, &name) || names(&byline, &name),
                });
            }
        }
    }
    agencies.sort_by_key(|a| std::cmp::Reverse(a.percent));
    let credited: Vec<&str> = agencies
        .iter()
        .filter(|a| a.percent >= CREDIT_PERCENT && a.provider != UNNAMED)
        .map(|a| a.provider.as_str())
        .collect();
    if !credited.is_empty() {
        provenance.credit = Some(format!("With reporting from {}", credited.join(", ")));
    }

    let mut passages: Vec<WirePassage> = Vec::new();
    for (i, (w, o)) in body.iter().zip(&owner).enumerate() {
        let Some(n) = *o else { continue };
        match passages.last_mut() {
            // Words of one item next to each other: one passage, spaces and commas included.
            Some(p) if i > 0 && owner[i - 1] == Some(n) => p.to = w.to,
            _ => passages.push(WirePassage {
                from: w.from,
                to: w.to,
                wire_item_id: candidates[n].id,
            }),
        }
    }
    provenance.sources = sources;
    provenance.agencies = agencies;
    provenance.passages = passages;
    Ok(provenance)
}

impl Desk {
    /// Where a draft's text came from: `body` is the text as the editor has it now (unsaved
    /// edits included); `None` reads the saved body.
    pub fn article_provenance(&self, id: ArticleId, body: Option<&str>) -> Result<Provenance> {
        self.store().read(|c| of(c, &article::get(c, id)?, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_letters_and_digits_with_utf16_places() {
        let w = words("Kyiv's 2 cafés — 😀ok");
        let norms: Vec<&str> = w.iter().map(|w| w.norm.as_str()).collect();
        assert_eq!(norms, ["kyiv", "s", "2", "cafés", "ok"]);
        // The emoji is two UTF-16 units: "ok" starts after it.
        assert_eq!((w[4].from, w[4].to), (19, 21));
    }

    #[test]
    fn an_agency_is_named_by_its_words_in_order() {
        let text = words("with reporting from agence france presse");
        let own: Vec<&str> = text.iter().map(|w| w.norm.as_str()).collect();
        assert!(names(&own, &words("Agence France-Presse")));
        assert!(!names(&own, &words("Reuters")));
        assert!(!names(&own, &[]));
    }
}
