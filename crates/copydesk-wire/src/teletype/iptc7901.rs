//! IPTC 7901 (dpa, ATS): SOH, a header line ("eca062 4 i 211 …"), keyword lines, STX, version
//! lines, headline and byline ending in " =", the hard-wrapped text, ETX and a time stamp.
//! dpa also sends it with every control character stripped; that is read the same way.

use super::{agency_in_dateline, clean, dateline_of, Frame};
use crate::markdown_body::Body;
use crate::model::{RemovedPart, WireFormat, WireItem};
use crate::text::{is_bullet, one_line, paragraphs};
use crate::{link, urgency};

/// Parsed header line: source letters, sequence, priority, category, word count.
pub struct Header {
    pub service: String,
    pub priority: char,
    pub category: String,
}

/// "eca062 4 i 211 ccccb   dpa 061" (after SOH, or at the top of a stripped file).
pub fn header(line: &str) -> Option<Header> {
    let line = line.trim_start_matches(|c: char| c.is_control() || c.is_whitespace());
    let mut words = line.split(' ').filter(|w| !w.is_empty());
    let first = words.next()?;
    let letters: String = first
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let digits = &first[letters.len()..];
    if letters.is_empty() || digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let priority = words.next()?;
    let mut pc = priority.chars();
    let p = pc.next()?;
    if pc.next().is_some() || !p.is_ascii_alphanumeric() {
        return None;
    }
    let category = words.next()?;
    if category.is_empty()
        || category.len() > 3
        || !category.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let count = words.next()?;
    if !count.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(Header {
        service: letters,
        priority: p,
        category: category.to_string(),
    })
}

pub fn read(frame: &Frame) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::Iptc7901,
        ..WireItem::default()
    };
    // A stripped file has no STX: the header block runs to the first blank line after the keywords.
    let (head_text, text) = if frame.had_stx {
        (clean(&frame.header), clean(&frame.text))
    } else {
        split_stripped(&clean(&frame.header))
    };
    let mut head_lines = head_text.lines().map(str::trim).filter(|l| !l.is_empty());
    if let Some(h) = head_lines.next().and_then(header) {
        item.urgency = urgency::iptc(&h.priority.to_string());
        item.subjects.push(crate::model::Subject {
            code: Some(h.category),
            name: None,
            scheme: Some("iptc7901-category".into()),
        });
        item.source = Some(h.service);
    }
    let keyword_lines: Vec<&str> = head_lines.collect();
    let keyword = keyword_lines.join("");
    if !keyword.is_empty() {
        item.slugline = Some(keyword.clone());
        for part in keyword.split('/').map(str::trim).filter(|p| !p.is_empty()) {
            if !item.keywords.iter().any(|k| k == part) {
                item.keywords.push(part.to_string());
            }
        }
    }

    // The text's own header: version lines, headline, byline, up to the first blank line.
    let mut lines = text.lines().peekable();
    let mut block: Vec<String> = Vec::new();
    while lines.peek().is_some_and(|l| l.trim().is_empty()) {
        lines.next();
    }
    for l in lines.by_ref() {
        if l.trim().is_empty() {
            break;
        }
        block.push(l.trim().to_string());
    }
    let mut rest: Vec<&str> = lines.collect();
    // A stripped file ends with its stamp ("101137 GMT Dez 18") as a plain last line.
    let mut stripped_stamp = String::new();
    if !frame.had_stx {
        while rest.last().is_some_and(|l| l.trim().is_empty()) {
            rest.pop();
        }
        if rest.last().is_some_and(|l| is_stamp(l)) {
            stripped_stamp = rest.pop().map(|l| l.trim().to_string()).unwrap_or_default();
        }
    }
    let mut markers = Vec::new();
    let mut others = Vec::new();
    for l in &block {
        if link::is_version_line(l) {
            markers.push(l.clone());
        } else if l.to_ascii_lowercase().starts_with("by ") {
            let by = l.trim_end_matches('=').trim().to_string();
            item.byline = Some(match item.byline.take() {
                Some(prev) => format!("{prev}; {by}"),
                None => by,
            });
        } else {
            others.push(l.clone());
        }
    }
    if !markers.is_empty() {
        item.link.edit_marker = Some(markers.join(", "));
    }
    // The headline is the line ending " ="; lines above it are a kicker.
    let ended = others.iter().position(|l| l.ends_with('='));
    let head_index = ended.unwrap_or(0);
    for (k, l) in others.iter().enumerate() {
        let t = l.trim_end_matches('=').trim().to_string();
        if k == head_index {
            item.headline = t;
        } else if k < head_index {
            item.removed.push(RemovedPart {
                kind: "kicker".into(),
                text: t,
            });
        } else {
            // Extra header lines below the headline: a second headline line.
            item.headline = format!("{} {}", item.headline, t).trim().to_string();
        }
    }

    let (story, notebook) = split_notebook(&rest.join("\n"));
    let mut body = Body::new();
    for p in paragraphs(&story) {
        body.push(crate::text::block_for(&p));
    }
    let blocks = body.finish();
    if let Some(lead) = blocks.first() {
        let lead = lead.plain();
        item.dateline = dateline_of(&lead);
        item.provider = agency_in_dateline(&lead);
    }
    if let Some(nb) = notebook {
        notes(&nb, &mut item);
    }
    let stamp = if frame.had_stx {
        one_line(&frame.trailer)
    } else {
        stripped_stamp
    };
    if !stamp.is_empty() {
        item.removed.push(RemovedPart {
            kind: "transmission_stamp".into(),
            text: stamp,
        });
    }
    let day = item
        .removed
        .iter()
        .find(|r| r.kind == "transmission_stamp")
        .and_then(|r| stamp_day(&r.text));
    if !keyword.is_empty() {
        item.link.story_key = link::story_key(
            item.provider.as_deref().or(item.source.as_deref()),
            &keyword,
            day.as_deref(),
        );
    }
    crate::blocks::finish_body(blocks, &mut item);
    item
}

/// For a file without framing: header line, keyword lines (with '/'), then the text.
fn split_stripped(all: &str) -> (String, String) {
    let mut head = Vec::new();
    let mut lines = all.lines().peekable();
    while lines.peek().is_some_and(|l| l.trim().is_empty()) {
        lines.next();
    }
    if let Some(h) = lines.next() {
        head.push(h.to_string());
    }
    while lines.peek().is_some_and(|l| l.trim().is_empty()) {
        lines.next();
    }
    while let Some(l) = lines.peek() {
        let t = l.trim();
        if t.contains('/') && !t.contains(' ') {
            head.push(t.to_string());
            lines.next();
        } else {
            break;
        }
    }
    (head.join("\n"), lines.collect::<Vec<_>>().join("\n"))
}

/// dpa's "# Notebook" and everything after it is for editors, not readers.
fn split_notebook(text: &str) -> (String, Option<String>) {
    let mut story = Vec::new();
    let mut notebook: Option<Vec<&str>> = None;
    for l in text.lines() {
        let t = l.trim();
        let starts_notes = t.starts_with("# ") && t.to_ascii_lowercase().contains("notebook")
            || t == "* * * *"
            || t.to_ascii_lowercase()
                .starts_with("the following information is not");
        match notebook.as_mut() {
            Some(nb) => nb.push(l),
            None if starts_notes => notebook = Some(vec![l]),
            None => story.push(l),
        }
    }
    (story.join("\n"), notebook.map(|n| n.join("\n")))
}

/// Keeps the notebook, lifts "Note to editors" items into the ednote, and the desk sign-off.
fn notes(notebook: &str, item: &mut WireItem) {
    let lines: Vec<&str> = notebook.lines().map(str::trim).collect();
    let mut in_notes = false;
    let mut ednotes = Vec::new();
    for l in &lines {
        if *l == "* * * *" {
            in_notes = false;
            continue;
        }
        if let Some(h) = l.strip_prefix("## ") {
            in_notes = h.to_ascii_lowercase().contains("note to editors");
            continue;
        }
        if in_notes && is_bullet(l) {
            ednotes.push(l.chars().skip(2).collect::<String>().trim().to_string());
        }
    }
    if !ednotes.is_empty() {
        item.ednote = Some(ednotes.join("; "));
    }
    let mut text: Vec<&str> = lines.clone();
    while text.last().is_some_and(|l| l.is_empty()) {
        text.pop();
    }
    // The last line is the desk sign-off ("dpa wsz jln npr").
    if let Some(last) = text.last() {
        if crate::blocks::is_sign_off(last) {
            item.removed.push(RemovedPart {
                kind: "sign_off".into(),
                text: last.to_string(),
            });
            text.pop();
        }
    }
    let nb = text.join("\n").trim().to_string();
    if !nb.is_empty() {
        item.removed.push(RemovedPart {
            kind: "notebook".into(),
            text: nb,
        });
    }
}

fn is_stamp(l: &str) -> bool {
    let t = l.trim();
    let mut words = t.split_whitespace();
    words
        .next()
        .is_some_and(|w| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit()))
        && t.split_whitespace().count() <= 4
}

/// "131137 GMT Nov 13" → "13" (the day of the month: the only date part 7901 sends).
fn stamp_day(stamp: &str) -> Option<String> {
    let first = stamp.split_whitespace().next()?;
    (first.len() == 6 && first.chars().all(|c| c.is_ascii_digit())).then(|| first[..2].to_string())
}
