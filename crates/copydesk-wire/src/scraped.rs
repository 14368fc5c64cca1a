//! Text scraped from a news web page: the story is there, wrapped in page furniture (a weather
//! widget, the page date, "Read more" teasers, a feed time stamp, "Most Popular" footers).
//! The furniture goes to `removed`, each piece with its kind, so that nothing is lost.

use crate::boilerplate::{self, Line, Role};
use crate::markdown_body::{Block, Body};
use crate::model::{RemovedPart, WireFormat, WireItem};
use crate::text::one_line;
use crate::times;

pub fn is_temperature(line: &str) -> bool {
    let t = line
        .trim()
        .trim_end_matches(['C', 'F', 'c', 'f'])
        .trim_end();
    let t = t.trim_end_matches(['°', 'º']).trim_end();
    let t = t.strip_prefix('-').unwrap_or(t);
    t.len() < line.trim().len()
        && !t.is_empty()
        && t.len() <= 6
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().any(|c| c.is_ascii_digit())
}

/// A line that is nothing but a date (with or without a time).
pub fn is_date_line(line: &str) -> bool {
    let t = line.trim();
    t.len() <= 48 && t.chars().any(|c| c.is_ascii_digit()) && times::prose(t).is_some()
}

fn has_time(line: &str) -> bool {
    line.contains(':')
}

pub fn is_read_more_marker(line: &str) -> bool {
    matches!(
        line.trim()
            .trim_end_matches(':')
            .to_ascii_lowercase()
            .as_str(),
        "read more"
            | "related"
            | "related stories"
            | "related articles"
            | "see also"
            | "also read"
            | "more on this"
    )
}

/// "READ MORE: Russia using…" (a teaser with its headline on the same line).
pub fn read_more_line(line: &str) -> Option<&str> {
    let t = line.trim();
    let (label, rest) = t.split_once(':')?;
    let l = label.trim().to_ascii_lowercase();
    matches!(
        l.as_str(),
        "read more" | "also read" | "related" | "see also" | "watch" | "more"
    )
    .then(|| rest.trim())
    .filter(|r| !r.is_empty())
}

pub fn is_photo_caption(line: &str) -> bool {
    let u = line.trim_start().to_ascii_uppercase();
    u.starts_with("FILE PHOTO")
        || u.starts_with("PHOTO:")
        || u.starts_with("IMAGE:")
        || u.starts_with("PICTURE:")
}

pub fn is_popular_footer(line: &str) -> bool {
    let l = line.trim().to_ascii_lowercase();
    l.len() < 40
        && (l.starts_with("most popular")
            || l.starts_with("most read")
            || l == "trending"
            || l.starts_with("trending now")
            || l == "popular"
            || l.starts_with("recommended"))
}

/// How many of the scraped-page signs a text shows; two or more make it a scraped page.
pub fn signals(text: &str) -> usize {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let head = &lines[..lines.len().min(4)];
    let tail = &lines[lines.len().saturating_sub(5)..];
    let mut n = 0;
    if head.iter().any(|l| is_temperature(l)) {
        n += 1;
    }
    if head.iter().any(|l| is_date_line(l)) {
        n += 1;
    }
    if lines
        .iter()
        .any(|l| is_read_more_marker(l) || read_more_line(l).is_some())
    {
        n += 1;
    }
    if tail.iter().any(|l| is_date_line(l) && has_time(l)) {
        n += 1;
    }
    if tail.iter().any(|l| is_popular_footer(l)) {
        n += 1;
    }
    // The furniture every news template has: several kinds of it make a page.
    let mut kinds: Vec<&str> = Vec::new();
    for l in lines.iter().take(400) {
        if let Some(k) = boilerplate::furniture_kind(l) {
            if !kinds.contains(&k) && !matches!(k, "counts" | "byline" | "timestamp") {
                kinds.push(k);
            }
        }
    }
    if kinds.len() >= 4 {
        n += 2;
    }
    n
}

pub fn read(text: &str) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::ScrapedPage,
        ..WireItem::default()
    };
    let text = crate::text::normalise_newlines(text);
    let lines: Vec<String> = text
        .lines()
        .map(one_line)
        .filter(|l| !l.is_empty())
        .collect();
    let input: Vec<Line> = lines.iter().map(|l| Line::text(l)).collect();
    let roles = boilerplate::classify(&input, None);
    let mut removed = Vec::new();
    let mut page_date: Option<(String, jiff::Timestamp)> = None;
    let mut feed_stamp: Option<(String, jiff::Timestamp)> = None;
    let mut body = Body::new();
    let last_kept = roles
        .iter()
        .rposition(|r| matches!(r, Role::Paragraph | Role::Subheading | Role::Headline));
    let total = lines.len();
    for (i, (line, role)) in lines.iter().zip(&roles).enumerate() {
        match role {
            Role::Headline => item.headline = line.clone(),
            Role::Standfirst => item.standfirst = Some(line.clone()),
            Role::Byline => {
                item.byline = Some(line.clone());
            }
            Role::Paragraph => body.push(Block::paragraph(line.clone())),
            Role::Subheading => {
                body.push(Block::Heading(vec![crate::markdown_body::Inline::Text(
                    line.clone(),
                )]))
            }
            Role::Removed(kind) => {
                let mut kind = *kind;
                // A date and time near the end of the page, after the story: the feed's stamp.
                if matches!(kind, "timestamp" | "page_end")
                    && last_kept.is_some_and(|k| i > k)
                    && total - i <= 3
                    && is_date_line(line)
                    && has_time(line)
                {
                    if let Some(s) = times::prose(line) {
                        feed_stamp.get_or_insert((line.clone(), s.at));
                        kind = "feed_timestamp";
                    }
                }
                if kind == "dateline" && item.dateline.is_none() {
                    item.dateline = Some(line.clone());
                }
                if kind == "page_date" {
                    if let Some(s) = times::prose(line) {
                        page_date.get_or_insert((line.clone(), s.at));
                    }
                }
                // The teaser headline after a "Read more" caption is a related story.
                if kind == "page_furniture" && is_photo_caption(line) {
                    kind = "photo_caption";
                }
                removed.push(part(kind, line));
            }
        }
    }
    // A byline of the kind "Name" + "Role" keeps its role.
    if let Some(b) = &item.byline {
        if let Some(p) = roles.iter().position(|r| *r == Role::Byline) {
            if let (Some(Role::Removed("byline")), Some(next)) =
                (roles.get(p + 1), lines.get(p + 1))
            {
                if next.split_whitespace().count() <= 5 {
                    item.byline = Some(format!("{b}, {next}"));
                }
            }
        }
    }
    item.removed = removed;

    item.sent_at = feed_stamp.as_ref().map(|(_, t)| *t);
    if let Some((raw, _)) = &feed_stamp {
        item.warnings.push(format!(
            "feed time stamp '{raw}' has no time zone; read as UTC"
        ));
    }
    if let (Some((pd_raw, pd)), Some((fs_raw, fs))) = (&page_date, &feed_stamp) {
        let pd_day = pd.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        let fs_day = fs.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        if pd_day != fs_day {
            item.warnings.push(format!(
                "page date '{pd_raw}' and feed stamp '{fs_raw}' disagree; sent_at uses the feed stamp"
            ));
        }
    } else if let (Some((_, pd)), None) = (&page_date, &feed_stamp) {
        item.sent_at = Some(*pd);
        item.warnings
            .push("only the page date is known; sent_at is that day at 00:00 UTC".to_string());
    }
    crate::blocks::finish_body(body.finish(), &mut item);
    item
}

fn part(kind: &str, text: &str) -> RemovedPart {
    RemovedPart {
        kind: kind.to_string(),
        text: text.to_string(),
    }
}
