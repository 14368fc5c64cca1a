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

mod blocks;
mod boilerplate;
mod decode;
mod detect;
mod email;
mod feed;
mod finalise;
mod html;
mod link;
mod markdown;
mod markdown_body;
mod model;
mod ninjs;
mod page_html;
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
    // Old wire systems still end lines with a bare CR: every later step splits on LF.
    let decoded_text = text::cr_line_endings_to_lf(&decoded.text);
    let format = detect::detect_text(&decoded_text);
    let mut warnings = decoded.warnings.clone();
    let text = cut_long_lines(&decoded_text, limits.max_line_chars, &mut warnings);
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
        WireFormat::Html => vec![page_html::read(&text, limits.max_xml_depth)],
        WireFormat::Ninjs | WireFormat::UnknownJson => {
            let value: serde_json::Value = serde_json::from_str(text.trim()).map_err(|e| {
                if detect::is_json_too_deep(&e) {
                    Rejection::new(
                        RejectionCode::TooDeep,
                        "The file is JSON nested more than 128 levels deep; no wire format nests like that.",
                    )
                } else {
                    Rejection::new(
                        RejectionCode::MalformedJson,
                        format!("The JSON is not well-formed: {e}."),
                    )
                }
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
        .map(|item| finalise::finalise(item, format, &encoding, &warnings))
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
