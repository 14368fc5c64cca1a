//! Copydesk wire-copy parsing: bytes in, normalised [`WireItem`]s out.
//!
//! No I/O, no database, no UI: [`read`] takes the bytes of one dropped file and returns a
//! [`Reading`] (the detected [`WireFormat`], the encoding the bytes were decoded from, and one
//! [`WireItem`] per story: feeds, NewsML-G2 messages and multi-message teletype files hold
//! several) or a [`Rejection`] whose [`RejectionCode`] is machine-readable and whose message
//! says, in words an editor understands, why the file was not read.
//!
//! * The format is judged from the bytes alone ([`detect`]), never from a file name.
//! * Every item's `body` is Markdown written by this crate: paragraphs separated by blank
//!   lines, wire text escaped so that it renders literally, never the wire's own HTML.
//! * Page furniture, framing and sign-offs are not thrown away: they go to
//!   [`WireItem::removed`] with a kind, so that they can be shown or restored.
//! * Urgency is normalised to the IPTC 1–9 scale; see [`urgency`] for the mapping.
//! * Input is hostile until proven otherwise: sizes are bounded ([`Limits`]), XML is
//!   pre-checked (no entity declarations, no DTD is ever read, depth and node count capped),
//!   and nothing panics.

#![forbid(unsafe_code)]

mod decode;
mod detect;
mod email;
mod feed;
mod html;
mod link;
mod markdown;
mod markdown_body;
mod model;
mod ninjs;
mod scraped;
mod teletype;
mod text;
mod times;
pub mod urgency;
mod xml;

pub use detect::detect;
pub use model::{
    Limits, PubStatus, Reading, Rejection, RejectionCode, RemovedPart, StoryLink, Subject,
    WireFormat, WireItem,
};

use markdown_body::Block;
use model::RemovedPart as Removed;

/// Reads one wire file.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Reading, Rejection> {
    if bytes.len() > limits.max_bytes {
        return Err(Rejection::new(
            RejectionCode::TooLarge,
            format!(
                "The file is {} bytes; files over {} bytes are not read.",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    if bytes.is_empty() {
        return Err(Rejection::new(
            RejectionCode::Empty,
            "The file is empty (0 bytes).",
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace() || *b == 0) {
        return Err(Rejection::new(
            RejectionCode::Empty,
            "The file holds only blank space.",
        ));
    }
    if let Some(what) = detect::binary_kind(bytes) {
        return Err(Rejection::new(
            RejectionCode::Binary,
            format!("The file is not text: it looks like {what}."),
        ));
    }

    let declared = decode::xml_declared_encoding(bytes);
    let decoded = decode::decode(bytes, declared.as_deref());
    let format = detect::detect_text(&decoded.text);
    let mut warnings = decoded.warnings.clone();
    let text = cut_long_lines(&decoded.text, limits.max_line_chars, &mut warnings);
    // NUL bytes never reach the desk, but say that they were there.
    let text = if text.contains('\0') {
        warnings.push("the file contains NUL bytes; they were removed".to_string());
        text.replace('\0', "")
    } else {
        text
    };

    let items = match format {
        WireFormat::Empty => {
            return Err(Rejection::new(
                RejectionCode::Empty,
                "The file holds no text.",
            ));
        }
        WireFormat::Binary => {
            return Err(Rejection::new(
                RejectionCode::Binary,
                "The file is not text.",
            ));
        }
        WireFormat::Nitf
        | WireFormat::NewsmlG2
        | WireFormat::Newsml12
        | WireFormat::Rss
        | WireFormat::Atom
        | WireFormat::RitzauXml
        | WireFormat::NtbReleaseXml
        | WireFormat::UnknownXml => read_xml(&text, format, limits)?,
        WireFormat::Html => vec![html_page(&text)],
        WireFormat::Ninjs | WireFormat::UnknownJson => {
            let value: serde_json::Value = serde_json::from_str(text.trim()).map_err(|e| {
                Rejection::new(
                    RejectionCode::MalformedJson,
                    format!("The JSON is not well-formed: {e}."),
                )
            })?;
            if !ninjs::looks_like_ninjs(&value) {
                return Err(Rejection::new(
                    RejectionCode::Unrecognised,
                    "The file is JSON but not ninjs (no headline, body or id fields).",
                ));
            }
            vec![ninjs::read(&value)]
        }
        WireFormat::Anpa1312 => teletype::frames(&text, limits.max_items)
            .iter()
            .map(teletype::anpa::read)
            .collect(),
        WireFormat::Iptc7901 => teletype::frames(&text, limits.max_items)
            .iter()
            .map(teletype::iptc7901::read)
            .collect(),
        WireFormat::Zczc => vec![teletype::zczc::read(&text)],
        WireFormat::Email => vec![email::read(bytes)],
        WireFormat::Markdown => vec![markdown::read(&text)],
        WireFormat::ScrapedPage => vec![scraped::read(&text)],
        WireFormat::PlainText => vec![text::read_plain(&text::normalise_newlines(&text))],
    };

    let encoding = decoded.encoding.clone();
    let mut items: Vec<WireItem> = items
        .into_iter()
        .take(limits.max_items)
        .map(|item| finalise(item, format, &encoding, &warnings))
        .collect();
    items.retain(|i| {
        !(i.headline.is_empty() && i.body.is_empty() && i.pub_status == PubStatus::Usable)
    });
    if items.is_empty() {
        return Err(Rejection::new(
            RejectionCode::NoText,
            "The file was read but holds no headline and no story text.",
        ));
    }
    Ok(Reading {
        format,
        encoding,
        items,
    })
}

fn read_xml(text: &str, format: WireFormat, limits: &Limits) -> Result<Vec<WireItem>, Rejection> {
    let prepared = xml::prepare(text, limits)?;
    let doc = xml::parse(&prepared, limits)?;
    let root = doc.root_element();
    let items = match format {
        WireFormat::Nitf => vec![xml::nitf::read(root)],
        WireFormat::NewsmlG2 => {
            xml::newsml_g2::read(root).map_err(|m| Rejection::new(RejectionCode::NoText, m))?
        }
        WireFormat::Newsml12 => xml::newsml12::read(root),
        WireFormat::Rss => feed::read_rss(root, limits.max_items),
        WireFormat::Atom => feed::read_atom(root, limits.max_items),
        WireFormat::RitzauXml => vec![xml::agency::ritzau(root)],
        WireFormat::NtbReleaseXml => vec![xml::agency::ntb_release(root)],
        _ => {
            return Err(Rejection::new(
                RejectionCode::Unrecognised,
                format!(
                    "The file is XML with a <{}> root, which is not a wire format Copydesk knows.",
                    root.tag_name().name()
                ),
            ))
        }
    };
    Ok(items)
}

/// An HTML page: the title or first heading is the headline; the page's HTML is never kept.
fn html_page(text: &str) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::Html,
        ..WireItem::default()
    };
    let lower = text.to_ascii_lowercase();
    if let (Some(s), Some(e)) = (lower.find("<title"), lower.find("</title")) {
        if let Some(gt) = lower[s..].find('>') {
            if s + gt < e {
                item.headline = text::one_line(&html::decode_entities(&text[s + gt + 1..e]));
            }
        }
    }
    let mut blocks = html::to_blocks(text);
    if let Some(pos) = blocks.iter().position(|b| matches!(b, Block::Heading(_))) {
        if pos <= 2 {
            let h = blocks.remove(pos).plain();
            if item.headline.is_empty() || h.len() > 10 {
                item.headline = h;
            }
        }
    }
    item.body = markdown_body::render(&finish_blocks(blocks, &mut item));
    item
}

/// Cuts absurdly long lines so that no later step works on megabytes of one line.
fn cut_long_lines(text: &str, max: usize, warnings: &mut Vec<String>) -> String {
    if text.len() <= max || !text.lines().any(|l| l.len() > max) {
        return text.to_string();
    }
    warnings.push(format!("a line longer than {max} characters was cut"));
    text.lines()
        .map(|l| {
            if l.len() > max {
                let mut end = max;
                while !l.is_char_boundary(end) {
                    end -= 1;
                }
                &l[..end]
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether a short last line is a desk sign-off: agency code and initials ("dpa wsz jln npr",
/// "AAP RTV ar", "hh/ph/ts/hd", "AAP be/").
pub(crate) fn is_sign_off(line: &str) -> bool {
    let t = line.trim();
    // "(SDA\/sj)": ATS wraps its sign-off in brackets.
    let t = t
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(t);
    if t.is_empty() || t.len() > 40 {
        return false;
    }
    // "(BusinessDesk)": an agency name alone in brackets closes the copy.
    if line.trim().starts_with('(')
        && !t.contains(' ')
        && t.len() <= 20
        && t.chars().all(|c| c.is_alphabetic())
    {
        return true;
    }
    // "==Kyodo": Kyodo's closing line.
    if let Some(name) = t.strip_prefix("==") {
        return !name.is_empty() && name.len() <= 12 && name.chars().all(|c| c.is_alphabetic());
    }
    // "/ritzau/": Ritzau signs with its name between slashes.
    if let Some(name) = t.strip_prefix('/').and_then(|x| x.strip_suffix('/')) {
        return !name.is_empty() && name.len() <= 12 && name.chars().all(|c| c.is_alphabetic());
    }
    let tokens: Vec<&str> = t
        .split([' ', '/', '\\'])
        .filter(|w| !w.is_empty())
        .collect();
    if tokens.is_empty() || tokens.len() > 7 {
        return false;
    }
    // "AAP RTV": an agency's name and a desk code.
    let agencies = [
        "AAP", "AP", "AFP", "DPA", "EFE", "ANSA", "PA", "UPI", "ANP", "NTB", "TT", "STT",
    ];
    if tokens.len() <= 3
        && agencies.contains(&tokens[0].to_ascii_uppercase().as_str())
        && tokens[1..]
            .iter()
            .all(|w| w.len() <= 4 && w.chars().all(|c| c.is_ascii_alphabetic()))
        && tokens.len() >= 2
    {
        return true;
    }
    // Each token is an agency code in capitals or a desk member's lower-case initials.
    let shaped = tokens.iter().all(|w| {
        (w.len() <= 5 && w.chars().all(|c| c.is_ascii_uppercase()))
            || (w.len() <= 3 && w.chars().all(|c| c.is_ascii_lowercase()))
    });
    let initials = tokens
        .iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_lowercase()))
        .count();
    shaped && initials >= 1 && (t.contains('/') || tokens.len() >= 2)
}

fn has_escaped_entity(t: &str) -> bool {
    if !t.contains('&') {
        return false;
    }
    [
        "&#39;", "&quot;", "&amp;", "&#34;", "&apos;", "&lt;", "&gt;", "&nbsp;",
    ]
    .iter()
    .any(|e| t.contains(e))
        || t.match_indices("&#").any(|(p, _)| {
            let rest = &t[p + 2..];
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && rest[digits..].starts_with(';')
        })
}

fn is_copyright_line(line: &str) -> bool {
    let t = line.trim_start();
    let lower = t.to_lowercase();
    (t.starts_with('\u{A9}') || lower.starts_with("(c)") || lower.starts_with("copyright"))
        && t.len() < 400
}

fn is_end_marker(line: &str) -> bool {
    matches!(
        line.trim().to_ascii_lowercase().as_str(),
        "ends"
            | "end"
            | "-30-"
            | "###"
            | "(end)"
            | "- end -"
            | "-end-"
            | "nnnn"
            | "more"
            | "(more)"
    )
}

/// Shared clean-up of a story's blocks: trailing end markers and desk sign-offs go to `removed`.
pub(crate) fn finish_blocks(mut blocks: Vec<Block>, item: &mut WireItem) -> Vec<Block> {
    while let Some(last @ Block::Paragraph(_)) = blocks.last() {
        let t = last.plain();
        let kind = if is_end_marker(&t) {
            "end_marker"
        } else if is_sign_off(&t) {
            "sign_off"
        } else if is_copyright_line(&t) {
            "copyright"
        } else if text::label_value(&t, &["source"]).is_some_and(|v| v.len() < 80) {
            "source_line"
        } else {
            break;
        };
        item.removed.push(Removed {
            kind: kind.to_string(),
            text: t.trim().to_string(),
        });
        blocks.pop();
    }
    // AP's typewriter dash (" _ ") in copy that went through other systems.
    for b in &mut blocks {
        if let Block::Paragraph(inlines) = b {
            for i in inlines.iter_mut() {
                if let markdown_body::Inline::Text(t) = i {
                    if t.contains(" _ ") {
                        *t = t.replace(" _ ", " \u{2014} ");
                    }
                }
            }
        }
    }
    // Entities escaped twice at the source ("o\&#39;clock") are decoded once more.
    let mut repaired = false;
    for b in &mut blocks {
        if let Block::Paragraph(inlines)
        | Block::Heading(inlines)
        | Block::ListItem { inlines, .. } = b
        {
            for i in inlines.iter_mut() {
                if let markdown_body::Inline::Text(t) = i {
                    if has_escaped_entity(t) {
                        *t = html::decode_entities(t);
                        repaired = true;
                    }
                }
            }
        }
    }
    if repaired {
        item.warnings.push(
            "decoded HTML entities that the source had escaped twice (&#39; and the like)"
                .to_string(),
        );
    }
    // A lead paragraph that is only a byline ("By Jonathan Underhill") is the byline.
    if let Some(Block::Paragraph(_)) = blocks.first() {
        let first = text::one_line(&blocks[0].plain());
        if let Some(name) = first.strip_prefix("By ") {
            if name.split_whitespace().count() <= 6 && !name.ends_with('.') && first.len() < 80 {
                item.byline = Some(first.clone());
                blocks.remove(0);
            }
        }
    }
    // A date alone at the top of the copy ("Tue 13 October 2015") is the release date.
    if let Some(Block::Paragraph(_)) = blocks.first() {
        let first = text::one_line(&blocks[0].plain());
        if scraped::is_date_line(&first) {
            if item.sent_at.is_none() {
                item.sent_at = times::prose(&first).map(|s| s.at);
            }
            item.removed.push(Removed {
                kind: "date_line".into(),
                text: first,
            });
            blocks.remove(0);
        }
    }
    // A first paragraph or heading that repeats the headline is the headline.
    if let Some(Block::Paragraph(_)) = blocks.first() {
        if !item.headline.is_empty()
            && text::one_line(&blocks[0].plain()).eq_ignore_ascii_case(item.headline.trim())
        {
            blocks.remove(0);
        }
    }
    if let Some(Block::Heading(_)) = blocks.first() {
        if text::one_line(&blocks[0].plain()).eq_ignore_ascii_case(item.headline.trim()) {
            blocks.remove(0);
        }
    }
    if item.headline.trim().is_empty() {
        let lead = item.standfirst.clone().or_else(|| {
            blocks
                .iter()
                .find(|b| matches!(b, Block::Paragraph(_)))
                .map(Block::plain)
        });
        if let Some(lead) = lead {
            let sentence = text::first_sentence(strip_dateline(&lead), 120);
            if !sentence.is_empty() {
                item.warnings
                    .push("no headline in the copy; the first sentence stands in".to_string());
                item.headline = sentence;
            }
        }
    }
    blocks
}

/// "HONOLULU (AP) — Hawaii files…" → "Hawaii files…".
fn strip_dateline(lead: &str) -> &str {
    if teletype::dateline_of(lead).is_some() {
        for sep in [") _ ", ") \u{2014} ", ") - ", ") \u{2013} "] {
            if let Some(p) = lead.find(sep) {
                if p < 100 {
                    return &lead[p + sep.len()..];
                }
            }
        }
    }
    lead
}

/// Common last steps for every item: control characters gone from every field, whitespace
/// tidy, a headline when the copy has none, the story key, and the file-level facts.
fn finalise(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_offs() {
        for s in ["dpa wsz jln npr", "AAP RTV ar", "hh/ph/ts/hd", "AAP be/"] {
            assert!(is_sign_off(s), "{s}");
        }
        for s in [
            "It did.",
            "Christmas.",
            "UP NEXT",
            "Hope is beautiful",
            "Bla bla test",
            "body1",
            "abstract",
        ] {
            assert!(!is_sign_off(s), "{s}");
        }
    }
}
