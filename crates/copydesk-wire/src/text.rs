//! Plain text: line handling shared by every text-like format, and the plain-text reader itself
//! (press releases, bulletins, tickers).

use crate::markdown_body::Block;
use crate::model::{WireFormat, WireItem};

/// CRLF and bare CR become LF.
pub fn normalise_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Text whose lines end with a bare CR (old wire systems still send it) with LF line ends;
/// any other text as it is. A bare CR is one not followed by LF; teletype's CR CR LF has as
/// many LFs as bare CRs and is left to the teletype reader.
pub fn cr_line_endings_to_lf(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('\r') {
        return std::borrow::Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let bare_cr = bytes
        .iter()
        .enumerate()
        .filter(|(i, b)| **b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    let lf = bytes.iter().filter(|b| **b == b'\n').count();
    if bare_cr > lf {
        std::borrow::Cow::Owned(normalise_newlines(s))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Removes control characters (framing leftovers, NULs) but keeps tab and newline.
pub fn strip_controls(s: &str) -> String {
    s.chars().filter(|c| !is_junk_control(*c)).collect()
}

pub fn is_junk_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{FEFF}'
}

/// One line, for metadata fields: controls gone, whitespace collapsed, trimmed.
pub fn one_line(s: &str) -> String {
    crate::markdown_body::collapse_ws(&strip_controls(s))
        .trim()
        .to_string()
}

pub fn non_empty(s: &str) -> Option<String> {
    let t = one_line(s);
    if t.is_empty() {
        None
    } else {
        Some(t)
    }
}

/// Splits text into paragraphs. Blank lines always end a paragraph. Inside a run of lines, a
/// hard-wrapped block (lines of similar width) is joined; an indented line starts a new
/// paragraph; a block of long lines keeps one paragraph per line; bullets stay separate.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            flush_run(&mut run, &mut out);
        } else {
            run.push(line);
        }
    }
    flush_run(&mut run, &mut out);
    out
}

fn flush_run(run: &mut Vec<&str>, out: &mut Vec<String>) {
    if run.is_empty() {
        return;
    }
    let widths: Vec<usize> = run.iter().map(|l| l.trim_end().chars().count()).collect();
    let max = widths.iter().copied().max().unwrap_or(0);
    // A run with one very long line is not hard-wrapped: each line is its own paragraph.
    let wrapped = run.len() > 1 && max <= 100;
    let mut current = String::new();
    for (k, line) in run.iter().enumerate() {
        let trimmed = line.trim();
        let indented = line.starts_with("  ") || line.starts_with('\t');
        let bullet = is_bullet(trimmed);
        let starts_new =
            !wrapped || k == 0 || indented || bullet || prev_ends_paragraph(run, k, max);
        if starts_new && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(trimmed);
        if bullet && wrapped {
            // A bullet's continuation lines are indented or short; keep it simple: one line.
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    run.clear();
}

/// A wrapped line is filled to within a word of the width; a clearly shorter line that ends
/// a sentence, followed by one that starts like a sentence, ends its paragraph.
fn prev_ends_paragraph(run: &[&str], k: usize, max: usize) -> bool {
    let prev = run[k - 1].trim_end();
    let short = prev.chars().count() * 100 < max * 85;
    let ends = prev.ends_with(['.', '!', '?', ':', '"', '\u{201D}', ')', '\'']);
    let next_starts = run[k].trim_start().chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\u{201C}' | '\'' | '(')
    });
    short && ends && next_starts
}

pub fn is_bullet(line: &str) -> bool {
    let mut chars = line.chars();
    matches!(
        (chars.next(), chars.next()),
        (
            Some('*' | '-' | '\u{2022}' | '\u{25CF}' | '\u{00B7}'),
            Some(' ' | '\t')
        ) | (Some('\u{2022}' | '\u{25CF}'), _)
    )
}

/// Turns a bullet line into a list-item block; any other line into a paragraph.
pub fn block_for(paragraph: &str) -> Block {
    if is_bullet(paragraph) {
        let text: String = paragraph.chars().skip(1).collect();
        Block::ListItem {
            ordered: false,
            inlines: vec![crate::markdown_body::Inline::Text(text.trim().to_string())],
        }
    } else {
        Block::paragraph(paragraph)
    }
}

/// The first sentence of a text, for copy that arrives without a headline.
pub fn first_sentence(text: &str, max_chars: usize) -> String {
    let t = one_line(text);
    let mut end = t.len();
    for (i, c) in t.char_indices() {
        if matches!(c, '.' | '!' | '?') && i > 20 {
            let rest = &t[i + c.len_utf8()..];
            let next_word = rest.trim_start();
            let spaced = rest.is_empty() || rest.starts_with(' ');
            let starts_upper = next_word.chars().next().is_none_or(|n| {
                n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '\u{201C}' | '\'')
            });
            // "U.S." or "Mr." are not sentence ends.
            let word_before: &str = t[..i].rsplit(' ').next().unwrap_or("");
            let abbreviation = c == '.'
                && (word_before.contains('.')
                    || word_before.len() <= 2
                    || matches!(
                        word_before,
                        "Mrs"
                            | "Gov"
                            | "Sen"
                            | "Rep"
                            | "Gen"
                            | "Capt"
                            | "Corp"
                            | "Inc"
                            | "Ltd"
                            | "Dept"
                    ));
            if spaced && starts_upper && !abbreviation {
                end = i + c.len_utf8();
                break;
            }
        }
    }
    let s = &t[..end];
    if s.chars().count() > max_chars {
        let cut: String = s.chars().take(max_chars).collect();
        let cut = match cut.rfind(' ') {
            Some(p) if p > max_chars / 2 => cut[..p].to_string(),
            _ => cut,
        };
        format!("{}…", cut.trim_end())
    } else {
        s.to_string()
    }
}

/// Plain text: a press release, a bulletin or a ticker. The first line is the headline unless
/// it is a "Source:"-style label line.
pub fn read_plain(text: &str) -> WireItem {
    let text = &set_title_apart(text);
    let mut item = WireItem {
        format: WireFormat::PlainText,
        ..WireItem::default()
    };
    let mut paras = paragraphs(text);
    // Press-release preamble ("Source: X", "MEDIA RELEASE PR67254").
    let mut lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut preamble = 0;
    while let Some(first) = lines.first() {
        if let Some(v) = label_value(first, &["source"]) {
            item.source = non_empty(v);
        } else if first.to_ascii_uppercase().starts_with("MEDIA RELEASE") {
            item.slugline = non_empty(first);
        } else {
            break;
        }
        lines.remove(0);
        preamble += 1;
    }
    if preamble > 0 {
        // Re-split what follows the preamble: the headline may be wrapped over two lines.
        let rest: Vec<&str> = text
            .lines()
            .skip_while(|l| l.trim().is_empty())
            .skip(preamble)
            .collect();
        paras = paragraphs(&rest.join("\n"));
    }
    // A letterhead: an id line and a few short lines ("IDN38100 / Australian Government Bureau
    // of Meteorology / New South Wales"), then the real headline.
    let first_run: Vec<&str> = text
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let id_like = |l: &str| {
        !l.contains(' ')
            && l.chars().any(|c| c.is_ascii_digit())
            && l.chars().any(|c| c.is_alphabetic())
    };
    if preamble == 0
        && first_run.len() >= 2
        && paras.len() >= 2
        && first_run
            .iter()
            .all(|l| l.chars().count() < 60 && !l.ends_with(['.', '!', '?']))
        && id_like(first_run[0])
    {
        item.slugline = Some(first_run[0].to_string());
        item.source = Some(first_run[1..].join(", "));
        paras.remove(0);
    }
    if paras.is_empty() {
        return item;
    }
    let first = paras.remove(0);
    if first.contains(" ** ") {
        // A ticker: one line of headlines joined by "**".
        let heads: Vec<&str> = first
            .split("**")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        item.headline = heads.first().map(|s| s.to_string()).unwrap_or_default();
        let blocks: Vec<Block> = heads
            .iter()
            .map(|h| Block::ListItem {
                ordered: false,
                inlines: vec![crate::markdown_body::Inline::Text(h.to_string())],
            })
            .collect();
        item.body = crate::markdown_body::render(&blocks);
        return item;
    }
    if first.chars().count() > 200 {
        // No headline line: the whole thing is body.
        paras.insert(0, first);
    } else {
        item.headline = first;
    }
    if let Some(p) = paras.first() {
        if is_dateline_only(p) {
            item.dateline = Some(p.trim_end_matches(['-', ' ']).trim().to_string());
            paras.remove(0);
        }
    }
    let blocks: Vec<Block> = paras.iter().map(|p| block_for(p)).collect();
    let mut body = crate::markdown_body::Body::new();
    for b in blocks {
        body.push(b);
    }
    crate::blocks::finish_body(body.finish(), &mut item);
    item
}

/// Plain text often has no blank line between its title and its first paragraph: a short
/// title-like line, then lines of sentences. Without a blank line the title would be joined
/// to the paragraph it heads (one long headline, no body). Returns the text with a blank line
/// after such a title; any other text as it is.
fn set_title_apart(text: &str) -> std::borrow::Cow<'_, str> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| {
        let l = l.trim();
        !l.is_empty()
            && label_value(l, &["source"]).is_none()
            && !l.to_ascii_uppercase().starts_with("MEDIA RELEASE")
    }) else {
        return std::borrow::Cow::Borrowed(text);
    };
    // The preamble must be the opening lines, not lines after a blank one.
    if lines[..start].iter().any(|l| l.trim().is_empty())
        && lines[..start].iter().any(|l| !l.trim().is_empty())
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let run: Vec<&str> = lines[start..]
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .copied()
        .collect();
    if run.len() < 2 || !is_title_above(&run) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out: Vec<&str> = Vec::with_capacity(lines.len() + 1);
    out.extend_from_slice(&lines[..=start]);
    out.push("");
    out.extend_from_slice(&lines[start + 1..]);
    std::borrow::Cow::Owned(out.join("\n"))
}

/// Whether the first line of a run of lines is a title over sentences: short, not ending
/// like a sentence or a wrapped line, clearly narrower than the lines below, which start like
/// a sentence and hold at least one sentence end.
fn is_title_above(run: &[&str]) -> bool {
    let title = run[0].trim();
    let width = title.chars().count();
    let rest = &run[1..];
    let rest_width = rest
        .iter()
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap_or(0);
    let next_starts_sentence = rest[0].trim_start().chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\u{201C}' | '\'' | '(')
    });
    let rest_has_sentence = rest.iter().any(|l| {
        let l = l.trim_end();
        l.ends_with(['.', '!', '?', '"', '\u{201D}']) || l.contains(". ")
    });
    (3..=150).contains(&width)
        && !title.ends_with(['.', ',', ';', ':', '-', '\u{2014}'])
        && !title.contains("**")
        && !is_bullet(title)
        && !run[0].starts_with([' ', '\t'])
        && width * 100 < rest_width * 85
        && next_starts_sentence
        && rest_has_sentence
}

/// "Source: X" → Some("X") when the label is one of `labels` (case-insensitive).
pub fn label_value<'a>(line: &'a str, labels: &[&str]) -> Option<&'a str> {
    let (k, v) = line.split_once(':')?;
    let k = k.trim().to_ascii_lowercase();
    if labels.contains(&k.as_str()) {
        Some(v.trim())
    } else {
        None
    }
}

/// A paragraph that is only a dateline, e.g. "LONDON, Feb. 1, 2017 /PRNewswire/ --".
fn is_dateline_only(p: &str) -> bool {
    let t = p.trim();
    t.len() < 90
        && (t.ends_with("--") || t.ends_with('/') || t.ends_with(" -"))
        && t.split_whitespace().next().is_some_and(|w| {
            let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
            !letters.is_empty() && letters.chars().all(|c| c.is_uppercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_hard_wrapped_lines() {
        let t = "    Four engineers responsible for the creation of digital imaging sensors were \ntoday honoured with the world's most prestigious engineering prize.\nTheir innovations revolutionised the visual world; the charge coupled device \n(CCD) image sensor.";
        let p = paragraphs(t);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("Four engineers"));
        assert!(p[1].starts_with("Their innovations"));
    }

    #[test]
    fn long_lines_are_paragraphs() {
        let long = "x".repeat(150);
        let t = format!("{long}\n{long}");
        assert_eq!(paragraphs(&t).len(), 2);
    }
}
