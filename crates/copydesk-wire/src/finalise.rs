//! The last steps every item goes through, whatever its format: control characters gone from
//! every field, whitespace tidy, a headline when the copy has none, the story key, and the
//! file-level facts (format, encoding, warnings).
use crate::model::{PubStatus, WireFormat, WireItem};
use crate::{link, text, times};

/// Common last steps for every item: control characters gone from every field, whitespace
/// tidy, a headline when the copy has none, the story key, and the file-level facts.
pub(crate) fn finalise(
    mut item: WireItem,
    format: WireFormat,
    encoding: &str,
    file_warnings: &[String],
) -> WireItem {
    if item.format == WireFormat::PlainText && format != WireFormat::PlainText {
        item.format = format;
    }
    item.encoding = encoding.to_string();
    let mut warnings: Vec<String> = file_warnings.to_vec();
    warnings.append(&mut item.warnings);
    let opt = |o: Option<String>| o.and_then(|s| text::non_empty(&s));
    // ANSA flags urgent copy with ">>>" before the headline.
    item.headline = text::one_line(&item.headline)
        .trim_start_matches('>')
        .trim()
        .to_string();
    item.standfirst = opt(item.standfirst);
    item.byline = opt(item.byline);
    // A dateline that is only a time stamp (Reuters packages) is not a place.
    // "STOCKHOLM, Aug 29, 2014 (AFP) -": the dash leads into the copy, not part of the place.
    item.dateline = opt(item.dateline)
        .map(|d| {
            d.trim_end_matches(['-', '\u{2013}', '\u{2014}', ':', ' '])
                .to_string()
        })
        .filter(|d| !d.is_empty())
        .filter(|d| {
            !d.chars().next().is_some_and(|c| c.is_ascii_digit())
                || times::any(d).is_none() && !d.contains(':')
        });
    item.slugline = opt(item.slugline);
    item.provider = opt(item.provider);
    item.source = opt(item.source);
    item.guid = opt(item.guid);
    item.language = opt(item.language);
    item.ednote = opt(item.ednote);
    item.link.previous_guid = opt(item.link.previous_guid);
    item.link.edit_marker = opt(item.link.edit_marker);
    item.link.story_key = opt(item.link.story_key);
    item.link.du_key = opt(item.link.du_key);
    item.body = text::strip_controls(&item.body).trim().to_string();
    // A standfirst that only repeats the headline, a keyword or the slug is not one.
    if let Some(sf) = item.standfirst.as_deref() {
        let same = |o: &str| o.eq_ignore_ascii_case(sf);
        if same(&item.headline)
            || item.keywords.iter().any(|k| same(k))
            || item.slugline.as_deref().is_some_and(same)
        {
            item.standfirst = None;
        }
    }
    let mut keywords: Vec<String> = Vec::new();
    for k in item.keywords.drain(..) {
        let k = text::one_line(&k);
        if !k.is_empty() && !keywords.contains(&k) {
            keywords.push(k);
        }
    }
    item.keywords = keywords;
    for s in &mut item.subjects {
        s.code = opt(s.code.take());
        s.name = opt(s.name.take());
        s.scheme = opt(s.scheme.take());
    }
    let mut seen = Vec::new();
    item.subjects.retain(|s| {
        let key = (s.code.clone(), s.name.clone(), s.scheme.clone());
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
    for r in &mut item.removed {
        r.text = text::strip_controls(&r.text).trim().to_string();
    }
    item.removed.retain(|r| !r.text.is_empty());
    if item.headline.is_empty() {
        let from = item
            .standfirst
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                item.body
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .to_string()
            });
        let sentence = text::first_sentence(&unescape_md(&from), 120);
        if !sentence.is_empty() {
            warnings.push("no headline in the copy; the first sentence stands in".to_string());
            item.headline = sentence;
        }
    }
    if item.link.story_key.is_none() && item.guid.is_none() {
        if let Some(slug) = &item.slugline {
            item.link.story_key = link::story_key(item.provider.as_deref(), slug, None);
        }
    }
    if item.body.is_empty() && item.pub_status == PubStatus::Usable {
        warnings.push("no story text: the item carries only its headline and metadata".to_string());
    }
    let mut unique = Vec::new();
    for w in warnings {
        if !unique.contains(&w) {
            unique.push(w);
        }
    }
    item.warnings = unique;
    item
}

/// Undoes Markdown escaping for a line of rendered body (used to borrow a headline from it).
fn unescape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.peek().copied() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    let trimmed = out.trim_start_matches(['-', ' ', '#']).to_string();
    trimmed
}
