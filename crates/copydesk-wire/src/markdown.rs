//! Markdown copy, usually with YAML-style front matter (`---` … `---`).

use crate::model::{WireFormat, WireItem};
use crate::text::non_empty;

/// Whether text opens with front matter.
pub fn has_front_matter(text: &str) -> bool {
    let t = text.trim_start_matches('\u{FEFF}');
    (t.starts_with("---\n") || t.starts_with("---\r\n")) && front_matter_end(t).is_some()
}

fn front_matter_end(t: &str) -> Option<(usize, usize)> {
    let after = t.find('\n')? + 1;
    let mut pos = after;
    for line in t[after..].split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            return Some((after, pos));
        }
        pos += line.len();
        if pos - after > 64 * 1024 {
            return None;
        }
    }
    None
}

pub fn read(text: &str) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::Markdown,
        ..WireItem::default()
    };
    let text = crate::text::normalise_newlines(text);
    let mut body = text.as_str();
    if let Some((start, end)) = front_matter_end(&text).filter(|_| has_front_matter(&text)) {
        for line in text[start..end].lines() {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            let v = v.trim().trim_matches(['"', '\'']);
            match k.trim().to_ascii_lowercase().as_str() {
                "title" | "headline" => item.headline = v.to_string(),
                "summary" | "description" | "standfirst" | "abstract" => {
                    item.standfirst = non_empty(v)
                }
                "author" | "byline" | "by" => item.byline = non_empty(v),
                "slug" | "slugline" => item.slugline = non_empty(v),
                "lang" | "language" => item.language = non_empty(v),
                "id" | "guid" | "uri" => item.guid = non_empty(v),
                "source" => item.source = non_empty(v),
                "dateline" => item.dateline = non_empty(v),
                "date" | "published" => {
                    item.sent_at = crate::times::read_field(Some(v), "date", &mut item.warnings)
                }
                "embargo" | "embargoed" => {
                    item.embargo = crate::times::read_field(Some(v), "embargo", &mut item.warnings)
                }
                "tags" | "keywords" => {
                    item.keywords = v
                        .trim_matches(['[', ']'])
                        .split(',')
                        .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
                        .filter(|s| !s.is_empty())
                        .collect();
                }
                _ => {}
            }
        }
        let rest_start = text[end..]
            .find('\n')
            .map(|p| end + p + 1)
            .unwrap_or(text.len());
        body = &text[rest_start..];
    }
    let mut lines: Vec<&str> = body.lines().collect();
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    if let Some(h) = lines.first().and_then(|l| l.strip_prefix("# ")) {
        if item.headline.is_empty() {
            item.headline = h.trim().to_string();
        }
        lines.remove(0);
    }
    item.body = neutralise_html(lines.join("\n").trim());
    item
}

/// Markdown may carry raw HTML; escape the '<' of anything that looks like a tag so that it
/// shows as text and is never rendered.
fn neutralise_html(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let chars: Vec<char> = md.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '<' {
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            let escaped = i > 0 && chars[i - 1] == '\\';
            if !escaped && (next.is_ascii_alphabetic() || matches!(next, '/' | '!' | '?')) {
                out.push('\\');
            }
        }
        out.push(c);
    }
    out
}
