//! AAP's ZCZC … NNNN teletype framing. Header lines start with one sign whose meaning depends
//! on the feed ("%A", "#slug", "$headline" …), or are News Bites' "KEY#value" lines.

use super::clean;
use crate::markdown_body::{Block, Body};
use crate::model::{Subject, WireFormat, WireItem};
use crate::text::{non_empty, one_line, paragraphs};
use crate::{link, times};

pub fn read(text: &str) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::Zczc,
        ..WireItem::default()
    };
    let text = clean(&crate::text::normalise_newlines(text));
    let mut lines = text
        .lines()
        .skip_while(|l| !l.trim().to_ascii_uppercase().starts_with("ZCZC"));
    if let Some(z) = lines.next() {
        item.provider = non_empty(z.trim()[4..].trim());
    }
    let mut lines: Vec<&str> = lines.collect();
    if let Some(end) = lines.iter().position(|l| l.trim() == "NNNN") {
        lines.truncate(end);
    }
    let is_key_value = lines.first().is_some_and(|l| key_value(l).is_some());
    let body_lines = if is_key_value {
        key_value_header(&lines, &mut item)
    } else {
        sign_header(&lines, &mut item)
    };
    let mut body = Body::new();
    for p in paragraphs(&body_lines.join("\n")) {
        body.push(crate::text::block_for(&p));
    }
    let mut blocks = body.finish();
    if item.headline.is_empty() {
        // MediaNet releases: the first short paragraph is the headline.
        if blocks
            .first()
            .is_some_and(|b| matches!(b, Block::Paragraph(_)) && b.plain().len() < 200)
        {
            item.headline = blocks.remove(0).plain();
        }
    }
    if let Some(slug) = item.slugline.clone() {
        item.link.story_key = link::story_key(item.provider.as_deref(), &slug, None);
        item.link.edit_marker = item
            .link
            .edit_marker
            .take()
            .or_else(|| link::marker_in(&slug));
    }
    crate::blocks::finish_body(blocks, &mut item);
    item
}

/// "TI#UGL continues…" → ("TI", "UGL continues…").
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (k, v) = line.split_once('#')?;
    (k.len() == 2 && k.chars().all(|c| c.is_ascii_uppercase())).then_some((k, v))
}

fn key_value_header<'a>(lines: &[&'a str], item: &mut WireItem) -> Vec<&'a str> {
    for (n, l) in lines.iter().enumerate() {
        let Some((k, v)) = key_value(l) else {
            return lines[n..].to_vec();
        };
        let v = v.trim();
        match k {
            "AN" => item.guid = non_empty(v),
            "KN" => item.source = non_empty(v),
            "PD" => item.sent_at = times::read_field(Some(v), "PD#", &mut item.warnings),
            "TI" => item.headline = one_line(v),
            "AB" => item.standfirst = non_empty(v),
            "BY" => item.byline = non_empty(v),
            "KY" => item
                .keywords
                .extend(v.split_whitespace().map(str::to_string)),
            "CO" => {
                if let Some(c) = non_empty(v) {
                    item.subjects.push(Subject {
                        code: Some(c),
                        name: None,
                        scheme: Some("company".into()),
                    });
                }
            }
            "TX" => {
                let mut rest = Vec::new();
                if !v.is_empty() {
                    rest.push(*l);
                }
                rest.extend_from_slice(&lines[n + 1..]);
                if let Some(first) = rest.first_mut() {
                    if let Some((_, v)) = key_value(first) {
                        *first = v;
                    }
                }
                return rest;
            }
            _ => {}
        }
    }
    Vec::new()
}

fn sign_header<'a>(lines: &[&'a str], item: &mut WireItem) -> Vec<&'a str> {
    for (n, raw) in lines.iter().enumerate() {
        let l = raw.trim_end();
        let mut chars = l.chars();
        let Some(sign) = chars.next() else {
            return lines[n..].to_vec();
        };
        if !"%#$:&*@~^=+".contains(sign) || l.starts_with("* ") {
            return lines[n..].to_vec();
        }
        let v = chars.as_str().trim();
        match sign {
            '%' => {
                for c in v.split_whitespace() {
                    item.subjects.push(category(c));
                }
            }
            '#' => item.slugline = non_empty(v),
            // '$' is the headline in AAP's own feeds, a one-letter category in MediaNet's.
            '$' if v.len() > 3 => item.headline = one_line(v),
            '$' if !v.is_empty() => item.subjects.push(category(v)),
            '^' => item.headline = one_line(v),
            ':' => {
                if let Some(place) = v.strip_prefix('(').and_then(|p| p.strip_suffix(')')) {
                    item.dateline = non_empty(place);
                } else if !v.is_empty() && !v.chars().all(|c| c.is_ascii_digit()) {
                    item.source = non_empty(v);
                }
            }
            '&' => item.byline = non_empty(v),
            '*' | '+' if v.len() == 8 && v.chars().all(|c| c.is_ascii_digit()) => {
                item.subjects.push(Subject {
                    code: Some(v.to_string()),
                    name: None,
                    scheme: Some("iptc-subjectcode".into()),
                });
            }
            '@' => {
                if let Some(p) = non_empty(v) {
                    item.keywords.push(p);
                }
            }
            '~' => {
                if let Some(g) = non_empty(v) {
                    item.keywords.push(g);
                }
            }
            '=' => item.link.edit_marker = non_empty(v),
            _ => {}
        }
    }
    item.warnings
        .push("the ZCZC message has header lines but no text".into());
    Vec::new()
}

fn category(code: &str) -> Subject {
    Subject {
        code: Some(code.to_string()),
        name: None,
        scheme: Some("aap-category".into()),
    }
}
