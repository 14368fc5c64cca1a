//! The pre-publish checklist: what an editor should see before a story goes out. Blocking
//! items stop nothing by themselves (publish and schedule enforce embargoes); they are the
//! things a careful desk would not ignore.
use crate::article::{self, Article, ArticleId};
use crate::desk::Desk;
use crate::error::Result;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

pub const HEADLINE_LIMIT: usize = 80;
pub const MIN_WORDS: u32 = 50;
pub const MAX_WORDS: u32 = 3000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum CheckLevel {
    Ok,
    Warn,
    Block,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CheckItem {
    pub level: CheckLevel,
    pub text: String,
}

fn item(level: CheckLevel, text: impl Into<String>) -> CheckItem {
    CheckItem {
        level,
        text: text.into(),
    }
}

/// What the wire source of a draft says now.
pub struct WireSourceState {
    pub killed: bool,
    /// A newer version arrived after the one the draft was taken from.
    pub newer_version: Option<i64>,
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

fn show(d: Date) -> String {
    d.strftime("%a %-d %b").to_string()
}

/// The day a relative expression means when read on `day`, if it is one we know.
fn meaning(expression: &str, day: Date) -> Option<Date> {
    let e = expression.to_lowercase();
    match e.as_str() {
        "today" | "tonight" | "this morning" | "this afternoon" | "this evening" => {
            return Some(day)
        }
        "yesterday" | "last night" => return day.yesterday().ok(),
        "tomorrow" => return day.tomorrow().ok(),
        _ => {}
    }
    let (last, name) = match e.split_once(' ') {
        Some(("last", name)) => (true, name),
        Some(("on", name)) => (false, name),
        _ => return None,
    };
    let (_, weekday) = WEEKDAYS.iter().find(|(n, _)| *n == name)?;
    // "on Wednesday" in news copy is the nearest one, usually the coming one or today;
    // "last Wednesday" is the one before.
    if last {
        day.nth_weekday(-1, *weekday).ok()
    } else if day.weekday() == *weekday {
        Some(day)
    } else {
        day.nth_weekday(1, *weekday).ok()
    }
}

/// Relative date words in `text`, in order: "today", "yesterday", "on Wednesday", …
fn relative_expressions(text: &str) -> Vec<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].to_lowercase();
        let next = words.get(i + 1).map(|n| n.to_lowercase());
        let pair = next.as_ref().map(|n| format!("{w} {n}"));
        if let Some(p) = pair.as_deref() {
            let two_words =
                p.starts_with("last ") || p.starts_with("on ") || p.starts_with("this ");
            if two_words && meaning(p, Date::constant(2026, 1, 1)).is_some() {
                found.push(p.to_string());
                i += 2;
                continue;
            }
        }
        if matches!(w.as_str(), "today" | "tonight" | "yesterday" | "tomorrow") {
            found.push(w);
        }
        i += 1;
    }
    found
}

/// What stops a story going out, whenever and however it is published (embargoes aside: they
/// have their own check and code). Only an editor's logged reason overrides these.
pub(crate) fn blockers(article: &Article, wire: Option<&WireSourceState>) -> Vec<String> {
    let mut found = Vec::new();
    if article.headline.trim().is_empty() {
        found.push("The headline is empty.".to_string());
    }
    if article.body.trim().is_empty() {
        found.push("The story has no text.".to_string());
    }
    if wire.is_some_and(|w| w.killed) {
        found.push("The wire story this was taken from has been KILLED by the agency.".to_string());
    }
    found
}

pub(crate) fn check(
    article: &Article,
    publish_at: Timestamp,
    now: Timestamp,
    wire: Option<WireSourceState>,
) -> Vec<CheckItem> {
    let mut items: Vec<CheckItem> = blockers(article, wire.as_ref())
        .into_iter()
        .map(|text| item(CheckLevel::Block, text))
        .collect();
    let headline_len = article.headline.chars().count();
    if headline_len > HEADLINE_LIMIT {
        items.push(item(
            CheckLevel::Warn,
            format!("The headline is {headline_len} characters (limit {HEADLINE_LIMIT})."),
        ));
    }
    // An empty body is a blocker, listed above.
    let has_text = !article.body.trim().is_empty();
    if has_text && article.word_count < MIN_WORDS {
        items.push(item(
            CheckLevel::Warn,
            format!(
                "Only {} words (usually at least {MIN_WORDS}).",
                article.word_count
            ),
        ));
    } else if has_text && article.word_count > MAX_WORDS {
        items.push(item(
            CheckLevel::Warn,
            format!("{} words: longer than {MAX_WORDS}.", article.word_count),
        ));
    }
    if article.byline.trim().is_empty() {
        items.push(item(CheckLevel::Warn, "No byline."));
    }
    if let Some(embargo) = &article.embargo {
        if embargo.is_active(publish_at) {
            items.push(item(
                CheckLevel::Block,
                format!("Embargoed until {} ({}).", embargo.until, embargo.zone),
            ));
        }
    }
    if let Some(wire) = wire {
        if let Some(v) = wire.newer_version {
            items.push(item(
                CheckLevel::Warn,
                format!("The wire story has a newer version (v{v}) than the one used."),
            ));
        }
    }
    // Relative dates read from the day it was written, compared with the day it goes out.
    let zone = article
        .schedule
        .as_ref()
        .and_then(|s| TimeZone::get(&s.zone).ok())
        .unwrap_or_else(TimeZone::system);
    let written = article.updated_at.to_zoned_datetime(zone.clone()).date();
    let out = publish_at.to_zoned_datetime(zone).date();
    if written != out {
        for expression in relative_expressions(&article.body) {
            if let (Some(then), Some(later)) =
                (meaning(&expression, written), meaning(&expression, out))
            {
                if then != later {
                    items.push(item(
                        CheckLevel::Warn,
                        format!(
                            "\"{expression}\" was written on {} meaning {}; published on {} it would mean {}.",
                            show(written),
                            show(then),
                            show(out),
                            show(later)
                        ),
                    ));
                }
            }
        }
    }
    if publish_at < now {
        items.push(item(
            CheckLevel::Warn,
            "The publication time is in the past.",
        ));
    }
    if items.is_empty() {
        items.push(item(CheckLevel::Ok, "Nothing to flag."));
    }
    items
}

/// Where the wire item a draft was taken from stands now: killed, or updated since.
pub(super) fn wire_source(conn: &Connection, item: i64) -> Result<Option<WireSourceState>> {
    let state = conn
        .query_row(
            "SELECT s.killed, i.version, s.latest_version
               FROM wire_items i JOIN wire_stories s ON s.id = i.story_id
              WHERE i.id = ?1",
            [item],
            |r| {
                Ok((
                    r.get::<_, bool>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )
        .optional()?;
    Ok(state.map(|(killed, used, latest)| WireSourceState {
        killed,
        newer_version: (latest > used).then_some(latest),
    }))
}

impl Desk {
    /// What an editor should see before publishing (at `at`, default now) or scheduling.
    pub fn checklist(&self, id: ArticleId, at: Option<Timestamp>) -> Result<Vec<CheckItem>> {
        let now = self.now();
        // Read before the story: the sheet is a setting, read on the same connection.
        let sheet = self.style_sheet()?;
        self.store().read(|c| {
            let article = article::get(c, id)?;
            let publish_at = at
                .or(article.schedule.as_ref().map(|s| s.at))
                .unwrap_or(now);
            let wire = match article.wire_item_id {
                None => None,
                Some(item) => wire_source(c, item)?,
            };
            let mut items = check(&article, publish_at, now, wire);
            add_house_style(&sheet.check_story(&article), &mut items);
            let provenance = crate::provenance::of(c, &article, None)?;
            add_provenance(&provenance, article.wire_item_id, &mut items);
            Ok(items)
        })
    }
}

/// What the wire copy in the story asks for: a credit for an agency whose text most of it is,
/// and a look at quoted items that have been killed or updated since. (The item the draft was
/// taken from has its own lines above.)
fn add_provenance(
    provenance: &crate::provenance::Provenance,
    taken_from: Option<i64>,
    items: &mut Vec<CheckItem>,
) {
    let before = items.len();
    for agency in &provenance.agencies {
        if agency.percent >= crate::provenance::MOSTLY_PERCENT && !agency.credited {
            items.push(item(
                CheckLevel::Warn,
                format!(
                    "{}% of the text is {}'s copy, with no credit to {}: add \"With reporting from {}\".",
                    agency.percent, agency.provider, agency.provider, agency.provider
                ),
            ));
        }
    }
    for source in provenance
        .sources
        .iter()
        .filter(|s| Some(s.wire_item_id) != taken_from)
    {
        if source.killed {
            items.push(item(
                CheckLevel::Block,
                format!(
                    "It quotes {}'s \"{}\", which the agency has killed.",
                    source.provider, source.headline
                ),
            ));
        } else if let Some(v) = source.newer_version {
            items.push(item(
                CheckLevel::Warn,
                format!(
                    "It quotes {}'s \"{}\" (v{}); v{v} has arrived since.",
                    source.provider, source.headline, source.version
                ),
            ));
        }
    }
    if items.len() > before {
        items.retain(|i| i.level != CheckLevel::Ok);
    }
}

/// The house style's flags as warnings, a few by name and then how many more.
fn add_house_style(flags: &[crate::style::StyleFlag], items: &mut Vec<CheckItem>) {
    const NAMED: usize = 5;
    if flags.is_empty() {
        return;
    }
    items.retain(|i| i.level != CheckLevel::Ok);
    for flag in flags.iter().take(NAMED) {
        let fix = match flag.suggestions.first() {
            Some(s) => format!("\"{}\" → \"{s}\"", flag.text.replace('\n', " ")),
            None => format!("\"{}\"", flag.text.replace('\n', " ")),
        };
        items.push(item(
            CheckLevel::Warn,
            format!(
                "{fix} ({}, line {}): {}",
                flag.field, flag.line, flag.message
            ),
        ));
    }
    if flags.len() > NAMED {
        items.push(item(
            CheckLevel::Warn,
            format!("{} more house-style flags.", flags.len() - NAMED),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_words_are_found_in_copy() {
        assert_eq!(
            relative_expressions("The minister said on Wednesday, and again today, that last Thursday was fine. Tonight."),
            ["on wednesday", "today", "last thursday", "tonight"]
        );
        assert!(relative_expressions("On the day, nobody knew.").is_empty());
    }

    #[test]
    fn relative_words_mean_other_days_on_another_day() {
        let mon = Date::constant(2026, 7, 6);
        let wed = Date::constant(2026, 7, 8);
        assert_eq!(meaning("today", mon), Some(mon));
        assert_eq!(meaning("yesterday", wed), Some(Date::constant(2026, 7, 7)));
        assert_eq!(meaning("on wednesday", mon), Some(wed));
        assert_eq!(meaning("on wednesday", wed), Some(wed));
        assert_eq!(
            meaning("last thursday", mon),
            Some(Date::constant(2026, 7, 2))
        );
    }
}
