//! Text scraped from a news web page: the story is there, wrapped in page furniture (a weather
//! widget, the page date, "Read more" teasers, a feed time stamp, "Most Popular" footers).
//! The furniture goes to `removed`, each piece with its kind, so that nothing is lost.

use crate::markdown_body::{Block, Body};
use crate::model::{RemovedPart, WireFormat, WireItem};
use crate::text::one_line;
use crate::times;

/// Lines in a scraped page are paragraphs; a teaser block ends at a line this long.
const REAL_PARAGRAPH_WORDS: usize = 20;

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

fn is_furniture_word(line: &str) -> bool {
    matches!(
        line.trim().to_ascii_lowercase().as_str(),
        "share"
            | "tweet"
            | "advertisement"
            | "subscribe"
            | "print"
            | "email"
            | "comments"
            | "share this article"
    )
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
    n
}

pub fn read(text: &str) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::ScrapedPage,
        ..WireItem::default()
    };
    let text = crate::text::normalise_newlines(text);
    let lines: Vec<String> = text.lines().map(one_line).collect();
    let mut removed = Vec::new();
    let mut page_date: Option<(String, jiff::Timestamp)> = None;
    let mut feed_stamp: Option<(String, jiff::Timestamp)> = None;

    // Footer: from a "Most Popular" line to the end.
    let mut end = lines.len();
    if let Some(p) = lines.iter().rposition(|l| is_popular_footer(l)) {
        if p * 2 > lines.len() {
            let footer: Vec<&str> = lines[p..]
                .iter()
                .map(String::as_str)
                .filter(|l| !l.is_empty())
                .collect();
            removed.push(part("most_popular", &footer.join("\n")));
            end = p;
        }
    }
    // Trailing time stamps (the feed's "January 11, 2024 at 07:58PM").
    while let Some(last) = lines[..end].iter().rposition(|l| !l.is_empty()) {
        let l = &lines[last];
        if !is_date_line(l) {
            break;
        }
        if let Some(s) = times::prose(l) {
            if feed_stamp.is_none() {
                feed_stamp = Some((l.clone(), s.at));
            }
        }
        removed.push(part("feed_timestamp", l));
        end = last;
    }

    // Head: weather and date lines before the headline.
    let mut k = 0;
    let mut head_removed = Vec::new();
    while k < end {
        let l = &lines[k];
        if l.is_empty() {
            k += 1;
        } else if is_temperature(l) {
            head_removed.push(part("weather_line", l));
            k += 1;
        } else if is_date_line(l) {
            if let Some(s) = times::prose(l) {
                page_date.get_or_insert((l.clone(), s.at));
            }
            head_removed.push(part("page_date", l));
            k += 1;
        } else if is_furniture_word(l) {
            head_removed.push(part("page_furniture", l));
            k += 1;
        } else {
            break;
        }
    }
    if k < end {
        item.headline = lines[k].clone();
        k += 1;
    }
    // The standfirst: the first paragraph after the headline when it is short.
    while k < end && lines[k].is_empty() {
        k += 1;
    }
    if k < end
        && lines[k].chars().count() <= 320
        && lines[k].split_whitespace().count() < 60
        && !is_read_more_marker(&lines[k])
    {
        item.standfirst = Some(lines[k].clone());
        k += 1;
    }

    let mut body = Body::new();
    let mut teaser = false;
    while k < end {
        let l = &lines[k];
        k += 1;
        if l.is_empty() {
            continue;
        }
        let words = l.split_whitespace().count();
        if teaser {
            if words >= REAL_PARAGRAPH_WORDS {
                teaser = false;
            } else {
                let kind = if is_photo_caption(l) {
                    "photo_caption"
                } else {
                    "related_story"
                };
                head_removed.push(part(kind, l));
                continue;
            }
        }
        if is_read_more_marker(l) {
            head_removed.push(part("read_more", l));
            teaser = true;
        } else if read_more_line(l).is_some() {
            head_removed.push(part("read_more", l));
        } else if is_photo_caption(l) {
            head_removed.push(part("photo_caption", l));
        } else if is_furniture_word(l) {
            head_removed.push(part("page_furniture", l));
        } else {
            body.push(Block::paragraph(l.clone()));
        }
    }
    // Report in reading order: head and inline furniture, then what came off the end.
    removed.reverse();
    head_removed.extend(removed);
    item.removed = head_removed;

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
    item.body = crate::markdown_body::render(&crate::finish_blocks(body.finish(), &mut item));
    item
}

fn part(kind: &str, text: &str) -> RemovedPart {
    RemovedPart {
        kind: kind.to_string(),
        text: text.to_string(),
    }
}
