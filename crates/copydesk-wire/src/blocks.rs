//! The clean-up every parser runs on a story's blocks before they become its body: trailing
//! end markers, sign-offs, copyright and source lines go to [`WireItem::removed`]; a lead
//! byline or date line becomes the item's byline or send time; a first paragraph that repeats
//! the headline goes; entities escaped twice are decoded once more.
use crate::markdown_body::{self, Block};
use crate::model::{RemovedPart as Removed, WireItem};
use crate::{html, scraped, teletype, text, times};

/// Cleans up `blocks` ([`finish_blocks`]) and renders them as the item's Markdown body.
pub(crate) fn finish_body(blocks: Vec<Block>, item: &mut WireItem) {
    let blocks = finish_blocks(blocks, item);
    item.body = markdown_body::render(&blocks);
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

/// A last line of routing codes ("51 77 03 CRO01 1113 APE4800 GEST GEST03 MAE03 LOC03", ANSA):
/// for the agency's systems, not the reader. Capitals and digits only, several short codes, at
/// least one mixing letters and digits (so a line of index figures, "DAX 15000 15100", stays).
fn is_routing_codes(line: &str) -> bool {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let short_codes = tokens.len() >= 4
        && tokens.iter().all(|t| {
            t.len() <= 10
                && t.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        });
    let with_digits = tokens
        .iter()
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .count();
    let mixed = tokens.iter().any(|t| {
        t.chars().any(|c| c.is_ascii_digit()) && t.chars().any(|c| c.is_ascii_uppercase())
    });
    short_codes && mixed && with_digits * 2 >= tokens.len()
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

/// Embed code that arrived as text ("<div class=\"faktisk-embed\"…></div><script src=…>"):
/// markup an editor cannot use as copy.
fn is_embed_code(t: &str) -> bool {
    let t = t.trim_start();
    let lower = t.to_ascii_lowercase();
    t.starts_with('<')
        && (lower.contains("<script")
            || lower.contains("<iframe")
            || lower.contains("<blockquote class=\"twitter"))
}

/// Embed code shown as text, and the "Embed (large):" label over it, go to `removed`.
fn remove_embeds(blocks: &mut Vec<Block>, item: &mut WireItem) {
    let mut k = 0;
    while k < blocks.len() {
        let t = blocks[k].plain();
        if !is_embed_code(&t) {
            k += 1;
            continue;
        }
        if k > 0 {
            let label = blocks[k - 1].plain();
            if matches!(blocks[k - 1], Block::Heading(_))
                && label.trim().to_lowercase().starts_with("embed")
            {
                item.removed.push(Removed {
                    kind: "embed".into(),
                    text: label.trim().to_string(),
                });
                blocks.remove(k - 1);
                k -= 1;
            }
        }
        item.removed.push(Removed {
            kind: "embed".into(),
            text: t.trim().to_string(),
        });
        blocks.remove(k);
    }
}

/// "N i e u w bericht, vervangt: …" (ANP), "Replaces: …": a note that this copy replaces other.
fn is_replacement_note(line: &str) -> bool {
    let compact: String = line
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(40)
        .collect::<String>()
        .to_lowercase();
    line.split_whitespace().count() <= 40
        && (compact.starts_with("nieuwbericht")
            || compact.starts_with("vervangt:")
            || compact.starts_with("replaces:")
            || compact.starts_with("thisreplaces")
            || compact.starts_with("ersetzt:"))
}

/// An AP-style keyword slug: "BC-BBN--Top Ten", "BC-US--APNewsAlert".
fn is_agency_slug(headline: &str) -> bool {
    let h = headline.trim();
    h.starts_with("BC-") && h.contains("--") && !h.contains(' ')
        || h.starts_with("BC-") && h.contains("--") && h.len() <= 40
}

/// Shared clean-up of a story's blocks: trailing end markers and desk sign-offs go to `removed`.
fn finish_blocks(mut blocks: Vec<Block>, item: &mut WireItem) -> Vec<Block> {
    remove_embeds(&mut blocks, item);
    while let Some(last @ Block::Paragraph(_)) = blocks.last() {
        let t = last.plain();
        let kind = if is_end_marker(&t) {
            "end_marker"
        } else if is_sign_off(&t) {
            "sign_off"
        } else if is_copyright_line(&t) {
            "copyright"
        } else if is_routing_codes(&t) {
            "routing_codes"
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
    // A replacement note opening the copy ("N i e u w bericht, vervangt: …", ANP) is for the
    // editor, not the reader.
    if let Some(Block::Paragraph(_)) = blocks.first() {
        let first = text::one_line(&blocks[0].plain());
        if is_replacement_note(&first) {
            item.ednote = Some(match item.ednote.take() {
                Some(e) => format!("{first}\n{e}"),
                None => first,
            });
            blocks.remove(0);
        }
    }
    // An agency slug as headline ("BC-BBN--Top Ten", AP) while the real title opens the copy.
    if is_agency_slug(&item.headline) {
        // The slug may open the copy too.
        let slug_first = blocks
            .first()
            .is_some_and(|b| text::one_line(&b.plain()).eq_ignore_ascii_case(item.headline.trim()));
        let at = usize::from(slug_first);
        if let Some(b @ (Block::Paragraph(_) | Block::Heading(_))) = blocks.get(at) {
            let first = text::one_line(&b.plain());
            let words = first.split_whitespace().count();
            if (1..=14).contains(&words)
                && !first.ends_with(['.', ':'])
                && !first.starts_with("By ")
            {
                if item.slugline.is_none() {
                    item.slugline = Some(item.headline.clone());
                }
                item.headline = first;
                blocks.drain(..=at);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routing_codes_are_not_copy() {
        assert!(is_routing_codes(
            "51 77 03 CRO01 1113 APE4800 GEST GEST03 MAE03 LOC03 QBXBSXB"
        ));
        for copy in [
            "DAX 15000 15100 15050",
            "The G7 met in 2023.",
            "NATO EU UN G7",
            "Scores: 1 2 3 4",
        ] {
            assert!(!is_routing_codes(copy), "{copy}");
        }
    }

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
