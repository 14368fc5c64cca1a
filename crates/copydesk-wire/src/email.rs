//! RFC 822 / MIME e-mail: headers (folded, RFC 2047 encoded words), multipart bodies,
//! quoted-printable and base64. Each part is decoded with its own charset.
//!
//! The message is handled as a string where every byte is one char (U+0000–U+00FF), so that
//! splitting is done on text while each part's bytes come back intact for its own decoding.

use crate::decode;
use crate::markdown_body::{Block, Body};
use crate::model::{RemovedPart, WireFormat, WireItem};
use crate::text::{non_empty, one_line, paragraphs};

const MAX_PART_DEPTH: usize = 8;

fn bytes_as_chars(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

fn chars_as_bytes(s: &str) -> Vec<u8> {
    s.chars().map(|c| c as u32 as u8).collect()
}

struct Part {
    headers: Vec<(String, String)>,
    body: String,
}

impl Part {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn content_type(&self) -> (String, Vec<(String, String)>) {
        let raw = self.header("content-type").unwrap_or("text/plain");
        let mut pieces = raw.split(';');
        let mime = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let params = pieces
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| {
                (
                    k.trim().to_ascii_lowercase(),
                    v.trim().trim_matches('"').to_string(),
                )
            })
            .collect();
        (mime, params)
    }
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Splits headers from body (at the first empty line) and unfolds continuation lines.
fn split_part(raw: &str) -> Part {
    let raw = raw.trim_start_matches(['\r', '\n']);
    let (head, body) = match raw.find("\n\n") {
        Some(p) => (&raw[..p], &raw[p + 2..]),
        None => (raw, ""),
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = headers.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    Part {
        headers,
        body: body.to_string(),
    }
}

pub fn read(bytes: &[u8]) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::Email,
        ..WireItem::default()
    };
    let all = crate::text::normalise_newlines(&bytes_as_chars(bytes));
    // Some stores put a line of spaces before the headers.
    let start = all
        .lines()
        .take_while(|l| l.trim().is_empty())
        .map(|l| l.len() + 1)
        .sum::<usize>()
        .min(all.len());
    let top = split_part(&all[start..]);
    let subject = top
        .header("subject")
        .map(|s| header_text(s, &mut item.warnings));
    item.headline = subject.clone().unwrap_or_default();
    // The sender is where the copy came from; the byline, if any, is in the copy.
    item.source = top
        .header("from")
        .map(|f| header_text(f, &mut item.warnings));
    item.guid = top
        .header("message-id")
        .map(|m| m.trim().trim_matches(['<', '>']).to_string());
    item.sent_at = crate::times::read_field(top.header("date"), "Date", &mut item.warnings);

    let mut texts: Vec<(String, String)> = Vec::new();
    let mut attachments = Vec::new();
    walk(&top, 0, &mut texts, &mut attachments, &mut item.warnings);
    for a in attachments {
        item.removed.push(RemovedPart {
            kind: "attachment".into(),
            text: a,
        });
    }
    let chosen = texts
        .iter()
        .find(|(m, _)| m == "text/plain")
        .or_else(|| texts.iter().find(|(m, _)| m == "text/html"));
    let blocks = match chosen {
        Some((mime, text)) if mime == "text/html" => crate::html::to_blocks(text),
        Some((_, text)) => plain_blocks(text, &mut item),
        None => Vec::new(),
    };
    if let Some(s) = subject {
        if item.headline != s {
            item.removed.push(RemovedPart {
                kind: "email_subject".into(),
                text: s,
            });
        }
    }
    crate::blocks::finish_body(blocks, &mut item);
    item
}

fn walk(
    part: &Part,
    depth: usize,
    texts: &mut Vec<(String, String)>,
    attachments: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    let (mime, params) = part.content_type();
    if mime.starts_with("multipart/") {
        let Some(boundary) = param(&params, "boundary") else {
            warnings.push("multipart message without a boundary; read as text".into());
            texts.push(("text/plain".into(), transfer_decode(part, warnings)));
            return;
        };
        if depth >= MAX_PART_DEPTH {
            warnings.push("MIME parts nested too deeply; inner parts skipped".into());
            return;
        }
        let delimiter = format!("--{boundary}");
        let mut sections = part.body.split(delimiter.as_str());
        sections.next(); // preamble
        for section in sections {
            if section.starts_with("--") {
                break; // closing delimiter
            }
            let section = section.strip_prefix('\n').unwrap_or(section);
            walk(
                &split_part(section),
                depth + 1,
                texts,
                attachments,
                warnings,
            );
        }
        return;
    }
    let disposition = part
        .header("content-disposition")
        .unwrap_or("")
        .to_ascii_lowercase();
    let filename = part
        .header("content-disposition")
        .and_then(filename_in)
        .or_else(|| param(&params, "name").map(str::to_string));
    let is_text = mime.is_empty() || mime == "text/plain" || mime == "text/html";
    if disposition.starts_with("attachment") || !is_text {
        let size = transfer_bytes(part, &mut Vec::new()).len();
        attachments.push(format!(
            "{} ({}, {} bytes)",
            filename.unwrap_or_else(|| "unnamed".into()),
            if mime.is_empty() { "text/plain" } else { &mime },
            size
        ));
        return;
    }
    let text = transfer_decode(part, warnings);
    texts.push((
        if mime.is_empty() {
            "text/plain".into()
        } else {
            mime
        },
        text,
    ));
}

fn filename_in(disposition: &str) -> Option<String> {
    disposition
        .split(';')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("filename"))
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
}

fn transfer_bytes(part: &Part, warnings: &mut Vec<String>) -> Vec<u8> {
    let encoding = part
        .header("content-transfer-encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let raw = chars_as_bytes(&part.body);
    match encoding.as_str() {
        "quoted-printable" => quoted_printable(&raw),
        "base64" => base64(&raw).unwrap_or_else(|| {
            warnings.push("a base64 part could not be decoded".into());
            Vec::new()
        }),
        _ => raw,
    }
}

fn transfer_decode(part: &Part, warnings: &mut Vec<String>) -> String {
    let bytes = transfer_bytes(part, warnings);
    let (_, params) = part.content_type();
    let decoded = decode::decode_part(&bytes, param(&params, "charset"));
    for w in decoded.warnings {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    decoded.text
}

pub fn quoted_printable(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        if c == b'=' {
            if raw.get(i + 1) == Some(&b'\n') {
                i += 2; // soft line break
                continue;
            }
            if raw.get(i + 1) == Some(&b'\r') && raw.get(i + 2) == Some(&b'\n') {
                i += 3;
                continue;
            }
            let hex = raw
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

pub fn base64(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in raw {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Decodes a header value: RFC 2047 encoded words, and raw 8-bit bytes (UTF-8 if valid,
/// else Windows-1252).
pub fn header_text(raw: &str, warnings: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut rest = raw;
    let mut last_was_word = false;
    while !rest.is_empty() {
        match rest.find("=?") {
            Some(p) => {
                let before = &rest[..p];
                let after = &rest[p + 2..];
                match encoded_word(after) {
                    Some((text, used)) => {
                        // Whitespace between adjacent encoded words is not part of the text.
                        if !(last_was_word && before.trim().is_empty()) {
                            out.push_str(&raw_header(before));
                        }
                        let decoded = decode::decode_part(&text.1, Some(&text.0));
                        for w in decoded.warnings {
                            if !warnings.contains(&w) {
                                warnings.push(w);
                            }
                        }
                        out.push_str(&decoded.text);
                        rest = &after[used..];
                        last_was_word = true;
                    }
                    None => {
                        out.push_str(&raw_header(&rest[..p + 2]));
                        rest = after;
                        last_was_word = false;
                    }
                }
            }
            None => {
                out.push_str(&raw_header(rest));
                break;
            }
        }
    }
    one_line(&out)
}

fn raw_header(s: &str) -> String {
    let bytes = chars_as_bytes(s);
    decode::decode(&bytes, None).text
}

/// Parses "charset?Q?text?=" (after "=?"); returns (charset, bytes) and the length used.
fn encoded_word(s: &str) -> Option<((String, Vec<u8>), usize)> {
    let q1 = s.find('?')?;
    let charset = s[..q1].split('*').next()?.to_string();
    let rest = &s[q1 + 1..];
    let q2 = rest.find('?')?;
    let enc = rest[..q2].to_ascii_uppercase();
    let text_start = q1 + 1 + q2 + 1;
    let end = s[text_start..].find("?=")? + text_start;
    let text = chars_as_bytes(&s[text_start..end]);
    let bytes = match enc.as_str() {
        "Q" => {
            let underscored: Vec<u8> = text
                .iter()
                .map(|&b| if b == b'_' { b' ' } else { b })
                .collect();
            quoted_printable(&underscored)
        }
        "B" => base64(&text)?,
        _ => return None,
    };
    Some(((charset, bytes), end + 2))
}

/// The plain-text part: an optional "Headline:/Abstract:" preamble, the story, then the
/// signature ("-- ") and any disclaimer below a rule, which go to `removed`.
fn plain_blocks(text: &str, item: &mut WireItem) -> Vec<Block> {
    let text = crate::text::normalise_newlines(text);
    let mut story: Vec<&str> = Vec::new();
    let mut tail: Option<(&str, Vec<&str>)> = None;
    for l in text.lines() {
        if let Some((_, t)) = tail.as_mut() {
            t.push(l);
            continue;
        }
        if l == "-- " || l == "--" {
            tail = Some(("signature", Vec::new()));
        } else if l.len() >= 10 && l.chars().all(|c| c == '_') {
            tail = Some(("disclaimer", Vec::new()));
        } else {
            story.push(l);
        }
    }
    if let Some((kind, t)) = tail {
        let t = t.join("\n").trim().to_string();
        if !t.is_empty() {
            item.removed.push(RemovedPart {
                kind: kind.into(),
                text: t,
            });
        }
    }
    let mut paras = paragraphs(&story.join("\n"));
    if paras
        .iter()
        .any(|p| crate::text::label_value(p, &["headline"]).is_some())
    {
        let mut n = 0;
        while n < paras.len() && n < 8 {
            let p = paras[n].clone();
            if let Some(h) = crate::text::label_value(&p, &["headline"]) {
                item.headline = one_line(h);
            } else if let Some(a) = crate::text::label_value(&p, &["abstract", "summary"]) {
                item.standfirst = non_empty(a);
            } else if p.len() < 60 && !p.ends_with('.') {
                // Slug and routing lines ("SDA", "Gol PGA"), and the byline.
                if let Some(by) = p.strip_prefix("By ").filter(|_| p.contains("By ")) {
                    let mut lines = by.split_whitespace().collect::<Vec<_>>().join(" ");
                    if let Some(cut) = lines.find(" By ") {
                        lines.truncate(cut);
                    }
                    item.byline = non_empty(&lines);
                } else {
                    let (pre, by) = match p.find(" By ") {
                        Some(c) => (&p[..c], Some(&p[c + 4..])),
                        None => (p.as_str(), None),
                    };
                    if let Some(old) = item.slugline.replace(pre.trim().to_string()) {
                        item.keywords.push(old);
                    }
                    if let Some(b) = by {
                        item.byline = non_empty(b);
                    }
                }
            } else {
                break;
            }
            n += 1;
        }
        paras.drain(..n);
    }
    // A desk sign-off ("AAP be/") ends the story; the contact block below it is a signature.
    if let Some(cut) = paras
        .iter()
        .position(|p| crate::blocks::is_sign_off(p))
        .filter(|c| *c > 0)
    {
        let tail: Vec<String> = paras.drain(cut..).collect();
        item.removed.push(RemovedPart {
            kind: "sign_off".into(),
            text: tail[0].clone(),
        });
        if tail.len() > 1 {
            item.removed.push(RemovedPart {
                kind: "signature".into(),
                text: tail[1..].join("\n"),
            });
        }
    }
    let mut body = Body::new();
    for p in &paras {
        body.push(crate::text::block_for(p));
    }
    let blocks = body.finish();
    if let Some(lead) = blocks.first() {
        item.dateline = crate::teletype::dateline_of(&lead.plain());
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words() {
        let mut w = Vec::new();
        assert_eq!(
            header_text("=?utf-8?Q?Google=20Apps=20News?=", &mut w),
            "Google Apps News"
        );
        assert_eq!(
            header_text("=?ISO-8859-1?B?SGVsbG8g?= =?ISO-8859-1?Q?W=F6rld?=", &mut w),
            "Hello Wörld"
        );
        assert_eq!(header_text("plain =?bogus", &mut w), "plain =?bogus");
    }

    #[test]
    fn transfer_encodings() {
        assert_eq!(quoted_printable(b"caf=E9 long=\nline"), b"caf\xe9 longline");
        assert_eq!(base64(b"ZGF0YQo=").as_deref(), Some(&b"data\n"[..]));
    }
}
