//! ANPA-1312 (AP, Kyodo): SYN SYN SOH, a service/sequence line, a keyword line with priority,
//! category, format, slug, version and date, then STX, '^' header lines and the text.

use super::{clean, dateline_of, typewriter_to_typographic, Frame};
use crate::markdown_body::{Block, Body};
use crate::model::{RemovedPart, WireFormat, WireItem};
use crate::text::{non_empty, one_line};
use crate::{link, urgency};

pub fn read(frame: &Frame) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::Anpa1312,
        ..WireItem::default()
    };
    let header_lines: Vec<&str> = frame.header.lines().collect();
    // Line 2: priority, category, format, keyword, version, reference, date, word count.
    let mut keyword = String::new();
    let mut date = None;
    let mut tabular = false;
    if let Some(line) = header_lines.get(1) {
        let mut chars = line.chars();
        let priority = chars.next();
        let _ = chars.next();
        let category = chars.next();
        if let Some(p) = priority {
            item.urgency = urgency::anpa(p);
        }
        if let Some(c) = category.filter(char::is_ascii_alphabetic) {
            item.subjects.push(crate::model::Subject {
                code: Some(c.to_string()),
                name: None,
                scheme: Some("anpa-category".to_string()),
            });
        }
        tabular = line.contains('\u{14}');
        let rest: String = clean(&line.chars().skip(3).collect::<String>());
        let mut tokens: Vec<&str> = rest.split_whitespace().collect();
        if tokens
            .last()
            .is_some_and(|t| t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()))
        {
            tokens.pop();
        }
        if tokens.last().is_some_and(|t| is_mm_dd(t)) {
            date = tokens.pop().map(str::to_string);
        }
        if !tokens.is_empty() {
            keyword = tokens.remove(0).to_string();
        }
        if let Some(v) = tokens.iter().find(|t| link::is_version_line(t)) {
            item.link.edit_marker = Some(v.to_string());
        }
    }
    item.provider = if header_lines.first().is_some_and(|l| l.contains("KYODO")) {
        Some("Kyodo".to_string())
    } else if keyword.starts_with("BC-") || keyword.starts_with("AP-") {
        Some("AP".to_string())
    } else {
        None
    };
    if !keyword.is_empty() {
        item.slugline = Some(keyword.clone());
        item.link.story_key = link::story_key(item.provider.as_deref(), &keyword, date.as_deref());
    }

    // Text: '^' header lines ending in '<' (flush left) or '=' (centred), then the body.
    let text = clean(&frame.text);
    let mut lines: Vec<&str> = text.lines().collect();
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    let mut body_start = 0;
    let mut headline: Option<String> = None;
    let mut summary: Vec<String> = Vec::new();
    let mut leftovers: Vec<String> = Vec::new();
    let mut after_byline = false;
    let squashed_keyword: String = keyword.chars().filter(|c| !c.is_whitespace()).collect();
    for (k, raw) in lines.iter().enumerate() {
        let l = raw.trim();
        let is_header = l.starts_with('^') && (l.ends_with('<') || l.ends_with('='));
        let is_keyword_echo = k == 0
            && !squashed_keyword.is_empty()
            && l.trim_start_matches('^')
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .starts_with(&squashed_keyword.chars().take(12).collect::<String>());
        if !is_header && !is_keyword_echo {
            body_start = k;
            break;
        }
        body_start = k + 1;
        let centred = l.ends_with('=');
        let content = l
            .trim_start_matches('^')
            .trim_end_matches(['<', '='])
            .trim();
        // "^*9006< ^AP-Top-…<": several header fields on one line; the last is the keyword line.
        let content = content.rsplit("< ^").next().unwrap_or(content).trim();
        let keyword_head: String = keyword.chars().take(6).collect();
        if k == 0
            && (is_keyword_echo || (!keyword_head.is_empty() && content.contains(&keyword_head)))
        {
            let full = strip_word_count(content);
            item.slugline = non_empty(&link::strip_marker(&full));
            if let Some(m) = link::marker_in(&full) {
                item.link.edit_marker = Some(m);
            }
            continue;
        }
        let lower = content.to_ascii_lowercase();
        if lower.starts_with("ap photo")
            || lower.starts_with("ap video")
            || lower.starts_with("ap graphic")
        {
            item.removed.push(RemovedPart {
                kind: "photo_refs".into(),
                text: content.to_string(),
            });
        } else if lower.starts_with("eds:")
            || lower.starts_with("editor's note")
            || lower.starts_with("editors:")
        {
            let note = typewriter_to_typographic(content);
            item.ednote = Some(super::join_notes(item.ednote.take(), &note));
        } else if lower.starts_with("by ") && centred {
            item.byline = Some(content.to_string());
            after_byline = true;
        } else if after_byline && centred && (is_credit(content) || !content.contains(' ')) {
            if let Some(b) = item.byline.as_mut() {
                b.push_str(", ");
                b.push_str(content);
            }
            after_byline = false;
        } else if headline.is_none() {
            headline = Some(typewriter_to_typographic(content));
        } else if !centred && item.byline.is_none() {
            summary.push(typewriter_to_typographic(content));
        } else {
            leftovers.push(content.to_string());
        }
    }
    if let Some(h) = headline {
        item.headline = h.trim_end_matches('+').trim().to_string();
    }
    if let Some(s) = summary.first() {
        item.standfirst = Some(s.clone());
    }

    let body_lines = &lines[body_start.min(lines.len())..];
    let mut body = Body::new();
    for l in &leftovers {
        body.push(Block::paragraph(l.clone()));
    }
    // The format code says tabular; the copy must agree (Kyodo flags prose as tabular).
    let looks_tabular = frame
        .text
        .lines()
        .filter(|l| l.matches(';').count() >= 2 || l.contains('\u{8}') || l.contains('\u{1E}'))
        .count()
        >= 2;
    if tabular && looks_tabular {
        tabular_body(body_lines, &mut body);
    } else {
        text_body(body_lines, &mut body, &mut item);
    }
    let mut blocks = body.finish();
    if item.headline.is_empty() && tabular && looks_tabular {
        // Tables have no headline line; the slug names them ("BC-WEA--Global Weather-Fahrenheit").
        if let Some(slug) = item.slugline.as_deref() {
            item.headline = slug.rsplit("--").next().unwrap_or(slug).trim().to_string();
        }
    }
    if item.headline.is_empty() {
        // Kyodo: no '^' lines; the first unindented line is the headline.
        if let Some(Block::Paragraph(_)) = blocks.first() {
            let first = blocks[0].plain();
            if first.len() < 160 && !first.contains(" (AP) ") {
                item.headline = first.trim_end_matches('+').trim().to_string();
                blocks.remove(0);
            }
        }
    }
    if let Some(lead) = blocks.iter().find(|b| matches!(b, Block::Paragraph(_))) {
        item.dateline = dateline_of(&lead.plain());
    }
    // The summary line often repeats the lead; keep it once.
    if let (Some(sf), Some(first)) = (item.standfirst.as_ref(), blocks.first()) {
        if first.plain().contains(sf.as_str()) {
            item.standfirst = None;
        }
    }
    trailer(frame, &mut item);
    crate::blocks::finish_body(blocks, &mut item);
    item
}

fn is_credit(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.contains("associated press")
        || l.contains("writer")
        || l.contains("correspondent")
        || l.contains("editor")
}

fn is_mm_dd(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 5 && b[2] == b'-' && b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit)
}

/// "BC-LT--Argentina-Cancer Beauty,466" → "BC-LT--Argentina-Cancer Beauty".
fn strip_word_count(s: &str) -> String {
    match s.rsplit_once(',') {
        Some((head, tail)) if tail.trim().chars().all(|c| c.is_ascii_digit()) => {
            head.trim().to_string()
        }
        _ => s.trim().to_string(),
    }
}

/// Text copy: paragraphs begin with a tab (AP) or an indent (Kyodo); blank lines separate.
fn text_body(lines: &[&str], body: &mut Body, item: &mut WireItem) {
    let mut para = String::new();
    let flush = |para: &mut String, body: &mut Body| {
        let t = one_line(para);
        if !t.is_empty() {
            body.push(Block::paragraph(typewriter_to_typographic(&t)));
        }
        para.clear();
    };
    for raw in lines {
        let l = raw.trim_end();
        let t = l.trim().trim_end_matches('<').trim_end();
        if t.is_empty() {
            flush(&mut para, body);
            continue;
        }
        if let Some(sign) = t.strip_prefix("==") {
            flush(&mut para, body);
            item.removed.push(RemovedPart {
                kind: "sign_off".into(),
                text: sign.trim().to_string(),
            });
            continue;
        }
        let starts = l.starts_with('\t') || l.starts_with("  ") || t.starts_with('^');
        if starts {
            flush(&mut para, body);
        }
        para.push(' ');
        para.push_str(t.trim_start_matches('^').trim_end_matches('='));
        if t.starts_with('^') {
            flush(&mut para, body);
        }
    }
    flush(&mut para, body);
}

/// Tabular copy (format DC4 DC2): keep the lines as they are; semicolon grids become tables.
fn tabular_body(lines: &[&str], body: &mut Body) {
    let cleaned: Vec<String> = lines
        .iter()
        .map(|l| {
            l.trim_end()
                .trim_end_matches('<')
                .trim_end()
                .trim_start_matches('^')
                .to_string()
        })
        .collect();
    let mut pending: Vec<String> = Vec::new();
    let mut grid: Vec<Vec<String>> = Vec::new();
    let flush_pre = |pending: &mut Vec<String>, body: &mut Body| {
        while pending.first().is_some_and(|l| l.trim().is_empty()) {
            pending.remove(0);
        }
        while pending.last().is_some_and(|l| l.trim().is_empty()) {
            pending.pop();
        }
        if !pending.is_empty() {
            let text = pending
                .iter()
                .map(|l| l.trim_end_matches('=').trim_start_matches('\t').to_string())
                .collect::<Vec<_>>()
                .join("\n");
            body.push(Block::Preformatted(text));
        }
        pending.clear();
    };
    for l in cleaned {
        let prose = l.split_whitespace().count() > 12 && !l.contains(';');
        if prose {
            if !grid.is_empty() {
                body.push(Block::Table(std::mem::take(&mut grid)));
            }
            flush_pre(&mut pending, body);
            body.push(Block::paragraph(typewriter_to_typographic(&one_line(&l))));
            continue;
        }
        let cells: Vec<String> = l.trim().split(';').map(|c| c.trim().to_string()).collect();
        if cells.len() >= 3 && grid.last().is_none_or(|g| g.len() == cells.len()) {
            flush_pre(&mut pending, body);
            grid.push(cells);
            continue;
        }
        if !grid.is_empty() {
            body.push(Block::Table(std::mem::take(&mut grid)));
        }
        pending.push(l);
    }
    if !grid.is_empty() {
        body.push(Block::Table(grid));
    }
    flush_pre(&mut pending, body);
}

/// "AP-WF-11-13-13 1509GMT" or Kyodo's "KWS-21:37-09-12-18": the transmission time.
fn trailer(frame: &Frame, item: &mut WireItem) {
    let t = one_line(&clean(&frame.trailer));
    let t = t.trim_end_matches('<').trim().to_string();
    if t.is_empty() {
        return;
    }
    item.sent_at = ap_stamp(&t).or_else(|| kyodo_stamp(&t, &mut item.warnings));
    item.removed.push(RemovedPart {
        kind: "transmission_stamp".into(),
        text: t,
    });
}

fn ap_stamp(t: &str) -> Option<jiff::Timestamp> {
    // …-MM-DD-YY HHMMGMT
    let (date_part, time_part) = t.rsplit_once(' ')?;
    let hhmm = time_part.strip_suffix("GMT")?;
    let nums: Vec<&str> = date_part.rsplit('-').take(3).collect();
    let (yy, dd, mm) = (nums.first()?, nums.get(1)?, nums.get(2)?);
    let iso = format!(
        "20{yy}-{mm}-{dd}T{}:{}:00Z",
        hhmm.get(..2)?,
        hhmm.get(2..4)?
    );
    crate::times::iso8601(&iso).map(|s| s.at)
}

fn kyodo_stamp(t: &str, warnings: &mut Vec<String>) -> Option<jiff::Timestamp> {
    // XXX-HH:MM-MM-DD-YY
    let parts: Vec<&str> = t.split('-').collect();
    if parts.len() != 5 || !parts[1].contains(':') {
        return None;
    }
    let iso = format!("20{}-{}-{}T{}:00", parts[4], parts[2], parts[3], parts[1]);
    let at = crate::times::iso8601(&iso)?.at;
    warnings.push(format!(
        "transmission time '{t}' has no time zone; read as UTC"
    ));
    Some(at)
}
