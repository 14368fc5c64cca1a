//! RSS 2.0 (including WordPress WXR exports) and Atom feeds: every entry is an item.

use roxmltree::Node;

use crate::markdown_body::Block;
use crate::model::{RemovedPart, WireFormat, WireItem};
use crate::text::non_empty;
use crate::times;
use crate::xml::{attr, attr_nonempty, child, children, text_of, text_opt};

pub fn read_rss(root: Node, max_items: usize) -> Vec<WireItem> {
    let channel = child(root, "channel").unwrap_or(root);
    let language = text_opt(child(channel, "language"));
    let source = text_opt(child(channel, "title"));
    // RSS 1.0 (RDF) puts items beside the channel, RSS 2.0 inside it.
    let entries: Vec<Node> = children(channel, "item")
        .chain(children(root, "item"))
        .take(max_items)
        .collect();
    entries
        .into_iter()
        .map(|e| {
            let mut item = WireItem {
                format: WireFormat::Rss,
                language: language.clone(),
                source: source.clone(),
                ..WireItem::default()
            };
            item.headline = text_opt(child(e, "title"))
                .map(|t| crate::html::to_text(&t))
                .unwrap_or_default();
            item.guid = text_opt(child(e, "guid")).or_else(|| text_opt(child(e, "link")));
            item.sent_at = times::read_field(
                text_opt(child(e, "pubDate").or_else(|| child(e, "date"))).as_deref(),
                "pubDate",
                &mut item.warnings,
            );
            item.byline = text_opt(child(e, "creator")).or_else(|| text_opt(child(e, "author")));
            for c in children(e, "category") {
                if let Some(w) = non_empty(&text_of(c)) {
                    if !item.keywords.iter().any(|k| k.eq_ignore_ascii_case(&w)) {
                        item.keywords.push(w);
                    }
                }
            }
            let description = child(e, "description").map(|d| d.text().unwrap_or("").to_string());
            let content = child(e, "encoded").map(|d| d.text().unwrap_or("").to_string());
            let blocks = match (content.filter(|c| !c.trim().is_empty()), description) {
                (Some(c), d) => {
                    if let Some(d) = d.filter(|d| !d.trim().is_empty()) {
                        item.standfirst = non_empty(&crate::html::to_text(&d));
                    }
                    crate::html::to_blocks_keeping_lines(&c)
                }
                (None, Some(d)) => crate::html::to_blocks_keeping_lines(&d),
                (None, None) => Vec::new(),
            };
            crate::blocks::finish_body(blocks, &mut item);
            item
        })
        .collect()
}

pub fn read_atom(root: Node, max_items: usize) -> Vec<WireItem> {
    let language = root
        .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
        .map(str::to_string);
    let source = text_opt(child(root, "title"));
    children(root, "entry")
        .take(max_items)
        .map(|e| {
            let mut item = WireItem {
                format: WireFormat::Atom,
                language: language.clone(),
                source: source.clone(),
                ..WireItem::default()
            };
            item.guid = text_opt(child(e, "id"));
            item.headline = child(e, "title").map(atom_text).unwrap_or_default();
            let when = text_opt(child(e, "published")).or_else(|| text_opt(child(e, "updated")));
            item.sent_at = times::read_field(when.as_deref(), "updated", &mut item.warnings);
            item.byline = child(e, "author").and_then(|a| text_opt(child(a, "name")));
            item.standfirst = child(e, "summary").map(atom_text).filter(|s| !s.is_empty());
            for c in children(e, "category") {
                if let Some(t) = attr_nonempty(c, "term") {
                    item.keywords.push(t.to_string());
                }
            }
            let mut blocks = child(e, "content").map(atom_blocks).unwrap_or_default();
            // WENN carries the real story in its own ContentMetadata extension.
            if let Some(cm) = child(e, "ContentMetadata") {
                let mut wenn = Vec::new();
                if let Some(first) = text_opt(child(cm, "first_line")) {
                    wenn.push(Block::paragraph(first));
                }
                if let Some(body) = child(cm, "body").and_then(|b| b.text()) {
                    wenn.extend(
                        crate::text::paragraphs(&crate::text::normalise_newlines(body))
                            .iter()
                            .map(|p| crate::text::block_for(p)),
                    );
                }
                if !wenn.is_empty() {
                    let replaced: Vec<String> = blocks.iter().map(Block::plain).collect();
                    if !replaced.is_empty() {
                        item.removed.push(RemovedPart {
                            kind: "feed_content".to_string(),
                            text: replaced.join("\n"),
                        });
                    }
                    blocks = wenn;
                }
                if let Some(slug) = text_opt(child(cm, "slug")) {
                    item.removed.push(RemovedPart {
                        kind: "sign_off".to_string(),
                        text: slug,
                    });
                }
                if let Some(tags) = child(cm, "tags") {
                    for t in children(tags, "tag") {
                        if let Some(v) = attr_nonempty(t, "value") {
                            item.keywords.push(v.to_string());
                        }
                    }
                }
                if let Some(l) = attr_nonempty(cm, "lang") {
                    item.language = Some(l.to_string());
                }
            }
            if let Some(nm) = child(e, "NewsManagement") {
                item.urgency = text_opt(child(nm, "feedarticle_priority"))
                    .and_then(|p| crate::urgency::word(&p));
            }
            crate::blocks::finish_body(blocks, &mut item);
            item
        })
        .collect()
}

fn atom_text(n: Node) -> String {
    match attr(n, "type").unwrap_or("text") {
        "html" => crate::html::to_text(n.text().unwrap_or("")),
        _ => text_of(n),
    }
}

fn atom_blocks(n: Node) -> Vec<Block> {
    match attr(n, "type").unwrap_or("text") {
        "html" => crate::html::to_blocks(n.text().unwrap_or("")),
        "xhtml" => {
            let mut captions = Vec::new();
            crate::xml::body_blocks(n, &mut captions)
        }
        _ => crate::text::paragraphs(&crate::text::normalise_newlines(n.text().unwrap_or("")))
            .iter()
            .map(|p| crate::text::block_for(p))
            .collect(),
    }
}
