//! NewsML-G2: `newsMessage` envelopes, `newsItem`s and `packageItem`s.

use roxmltree::Node;

use super::{
    attr, attr_nonempty, body_blocks, child, children, descendant, path, text_of, text_opt,
};
use crate::markdown_body::{Block, Inline};
use crate::model::{PubStatus, RemovedPart, Subject, WireFormat, WireItem};
use crate::text::non_empty;
use crate::{times, urgency};

/// Reads every text item in the document. Pictures and other media are not stories; a
/// package is read only when it arrives without its members.
pub fn read(root: Node) -> Result<Vec<WireItem>, String> {
    let header = (root.tag_name().name() == "newsMessage")
        .then(|| child(root, "header").or_else(|| child(root, "Header")))
        .flatten();
    let items: Vec<Node> = if root.tag_name().name() == "newsMessage" {
        child(root, "itemSet")
            .map(|s| s.children().filter(|c| c.is_element()).collect())
            .unwrap_or_default()
    } else {
        vec![root]
    };
    let mut out = Vec::new();
    let mut media = 0;
    let mut packages = Vec::new();
    for n in items {
        match n.tag_name().name() {
            "newsItem" => {
                let class = item_class(n);
                if matches!(class.as_str(), "" | "text") {
                    out.push(news_item(n, header));
                } else {
                    media += 1;
                }
            }
            "packageItem" => packages.push(n),
            _ => {}
        }
    }
    if out.is_empty() {
        for p in packages {
            out.push(package_item(p, header));
        }
    }
    if out.is_empty() {
        return Err(if media > 0 {
            format!("The NewsML-G2 file holds {media} picture or media item(s) and no text.")
        } else {
            "The NewsML-G2 file holds no news item.".to_string()
        });
    }
    Ok(out)
}

/// "ninat:text", "icls:text" → "text".
fn item_class(n: Node) -> String {
    path(n, &["itemMeta", "itemClass"])
        .and_then(|c| attr(c, "qcode"))
        .map(|q| q.rsplit(':').next().unwrap_or(q).to_ascii_lowercase())
        .unwrap_or_default()
}

fn qcode_value(q: &str) -> &str {
    q.split_once(':').map(|(_, v)| v).unwrap_or(q)
}

fn common(n: Node, header: Option<Node>, item: &mut WireItem) {
    item.format = WireFormat::NewsmlG2;
    item.guid = attr_nonempty(n, "guid").map(str::to_string);
    item.version = attr(n, "version").and_then(|v| v.trim().parse().ok());
    item.language = n
        .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
        .map(str::to_string);
    if let Some(h) = header {
        item.priority = text_opt(child(h, "priority")).and_then(|p| urgency::iptc(&p));
    }
    let Some(meta) = child(n, "itemMeta") else {
        return;
    };
    if let Some(p) = child(meta, "provider") {
        item.provider = attr_nonempty(p, "literal")
            .map(str::to_string)
            .or_else(|| text_opt(child(p, "name")))
            .or_else(|| attr_nonempty(p, "qcode").map(|q| qcode_value(q).to_string()));
    }
    item.sent_at = times::read_field(
        text_opt(child(meta, "versionCreated")).as_deref(),
        "versionCreated",
        &mut item.warnings,
    );
    if item.sent_at.is_none() {
        if let Some(h) = header {
            let sent = text_opt(child(h, "sent").or_else(|| child(h, "Sent")));
            item.sent_at = times::read_field(sent.as_deref(), "sent", &mut item.warnings);
        }
    }
    item.embargo = times::read_field(
        text_opt(child(meta, "embargoed")).as_deref(),
        "embargoed",
        &mut item.warnings,
    );
    match child(meta, "pubStatus")
        .and_then(|p| attr(p, "qcode"))
        .map(qcode_value)
    {
        Some("canceled" | "cancelled") => item.pub_status = PubStatus::Canceled,
        Some("withheld") => item.pub_status = PubStatus::Withheld,
        _ => {}
    }
    // dpa sorts its edNotes by role: only the editorial ones are notes to editors.
    let mut notes: Vec<String> = Vec::new();
    for e in meta
        .children()
        .filter(|c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case("edNote"))
    {
        let t = text_of(e);
        if t.is_empty() {
            continue;
        }
        let role = attr(e, "role").unwrap_or("").to_ascii_lowercase();
        let private = attr(e, "pubconstraint").is_some_and(|p| p.contains("nonpublic"));
        let kind = if role.ends_with("notepad") {
            Some("notebook")
        } else if role.ends_with("closingline") {
            Some("sign_off")
        } else if private || role.ends_with("contacts") {
            Some("contacts")
        } else if role.ends_with("picture") {
            Some("photo_refs")
        } else {
            None
        };
        match kind {
            Some(k) => item.removed.push(RemovedPart {
                kind: k.into(),
                text: t,
            }),
            None => notes.push(t),
        }
    }
    if !notes.is_empty() {
        item.ednote = Some(notes.join(" "));
    }
    let mut markers = Vec::new();
    for s in children(meta, "signal") {
        let Some(q) = attr(s, "qcode") else { continue };
        let (scheme, code) = q.split_once(':').unwrap_or(("", q));
        let m = match (scheme, code) {
            ("sig", "update") => Some("update"),
            ("sig", "correction") => Some("correction"),
            ("edStat", "U") => Some("update"),
            ("edStat", "C") => Some("correction"),
            ("edStat", "D") => Some("kill"),
            (s, "replace") if s.ends_with("sig") => Some("update"),
            _ => None,
        };
        if let Some(m) = m {
            if !markers.contains(&m) {
                markers.push(m);
            }
        }
    }
    if !markers.is_empty() {
        item.link.edit_marker = Some(markers.join(", "));
    }
    for l in children(meta, "link") {
        if let Some(g) = attr_nonempty(l, "guidref") {
            item.link.previous_guid = Some(g.to_string());
        }
    }
    if item.pub_status == PubStatus::Canceled {
        item.link.edit_marker = Some("kill".to_string());
    }
}

fn content_meta(n: Node, item: &mut WireItem) {
    let Some(cm) = child(n, "contentMeta") else {
        return;
    };
    if let Some(u) = text_opt(child(cm, "urgency")) {
        item.urgency = urgency::iptc(&u);
    }
    if let Some(l) = child(cm, "language").and_then(|l| attr_nonempty(l, "tag")) {
        item.language = Some(l.to_string());
    }
    for s in children(cm, "subject") {
        let qcode = attr_nonempty(s, "qcode");
        let name =
            text_opt(child(s, "name")).or_else(|| attr_nonempty(s, "literal").map(str::to_string));
        if qcode.is_none() && name.is_none() {
            continue;
        }
        let (scheme, code) = match qcode.and_then(|q| q.split_once(':')) {
            Some((s, c)) => (Some(s.to_string()), Some(c.to_string())),
            None => (None, qcode.map(str::to_string)),
        };
        item.subjects.push(Subject { code, name, scheme });
    }
    for k in children(cm, "keyword") {
        if let Some(w) = non_empty(&text_of(k)) {
            if !item.keywords.contains(&w) {
                item.keywords.push(w);
            }
        }
    }
    item.slugline = text_opt(child(cm, "slugline"));
    let headlines: Vec<Node> = children(cm, "headline").collect();
    let main = headlines
        .iter()
        .find(|h| attr(**h, "role").is_none_or(|r| r.ends_with("main")))
        .or(headlines.first());
    if let Some(h) = main {
        item.headline = text_of(*h);
    }
    for h in &headlines {
        if attr(*h, "role").is_some_and(|r| r.to_ascii_lowercase().contains("sub")) {
            if let Some(t) = non_empty(&text_of(*h)) {
                item.standfirst.get_or_insert(t);
            }
        }
    }
    for d in children(cm, "description") {
        let role = attr(d, "role").unwrap_or("");
        if role.ends_with("summary") || role.ends_with("abstract") || role.is_empty() {
            if let Some(t) = non_empty(&text_of(d)) {
                item.standfirst = Some(t);
            }
        }
    }
    item.dateline = text_opt(child(cm, "dateline"));
    item.byline = text_opt(child(cm, "by"));
    if item.byline.is_none() {
        // A creator is a byline only when it is a person's name, not a desk login.
        item.byline = children(cm, "creator")
            .filter_map(|c| text_opt(child(c, "name")))
            .find(|n| n.contains(' '));
    }
    item.source = children(cm, "infoSource")
        .filter_map(|s| {
            text_opt(child(s, "name")).or_else(|| attr_nonempty(s, "literal").map(str::to_string))
        })
        .next()
        .or_else(|| text_opt(child(cm, "creditline")));
    if item.dateline.is_none() {
        item.dateline = child(cm, "located").and_then(|l| text_opt(child(l, "name")));
    }
}

fn news_item(n: Node, header: Option<Node>) -> WireItem {
    let mut item = WireItem::default();
    common(n, header, &mut item);
    content_meta(n, &mut item);
    let mut blocks = Vec::new();
    if let Some(set) = child(n, "contentSet") {
        for c in set.children().filter(|c| c.is_element()) {
            let ctype = attr(c, "contenttype").unwrap_or("").to_ascii_lowercase();
            let found = match c.tag_name().name() {
                "inlineXML" => {
                    if let Some(nitf) = super::nitf::find_nitf(c) {
                        super::nitf::fill_embedded(nitf, &mut item)
                    } else {
                        let mut captions = Vec::new();
                        let root = descendant(c, "body")
                            .or_else(|| descendant(c, "BODY"))
                            .unwrap_or(c);
                        if item.dateline.is_none() {
                            item.dateline =
                                descendant(c, "DAT").and_then(|d| text_opt(child(d, "ORT")));
                        }
                        let b = body_blocks(root, &mut captions);
                        for cap in captions {
                            item.removed.push(RemovedPart {
                                kind: "media_caption".into(),
                                text: cap,
                            });
                        }
                        b
                    }
                }
                "inlineData" => {
                    let raw = c.text().unwrap_or("");
                    // ANSA sends HTML paragraphs as "text/plain".
                    let tagged = raw.contains("<p>") || raw.contains("<p ") || raw.contains("<br");
                    if tagged && !ctype.contains("html") {
                        crate::html::tagged_text_blocks(raw)
                    } else if ctype.contains("html") {
                        crate::html::to_blocks(raw)
                    } else {
                        crate::text::paragraphs(&crate::text::normalise_newlines(raw))
                            .iter()
                            .map(|p| crate::text::block_for(p))
                            .collect()
                    }
                }
                _ => Vec::new(),
            };
            if !found.is_empty() {
                blocks = found;
                break;
            }
        }
    }
    if item.slugline.is_some() && item.link.edit_marker.is_none() {
        item.link.edit_marker = item.slugline.as_deref().and_then(crate::link::marker_in);
    }
    if item.link.edit_marker.is_none() {
        item.link.edit_marker = crate::link::marker_in(&item.headline);
    }
    crate::blocks::finish_body(blocks, &mut item);
    item
}

/// A package read on its own: its headline, and a list of the items it groups.
fn package_item(n: Node, header: Option<Node>) -> WireItem {
    let mut item = WireItem::default();
    common(n, header, &mut item);
    content_meta(n, &mut item);
    let mut blocks = Vec::new();
    let mut members = 0;
    for r in n
        .descendants()
        .filter(|d| d.is_element() && d.tag_name().name() == "itemRef")
    {
        members += 1;
        let head = text_opt(child(r, "headline"))
            .or_else(|| text_opt(child(r, "title")))
            .or_else(|| attr_nonempty(r, "residref").map(str::to_string));
        let class = child(r, "itemClass")
            .and_then(|c| attr(c, "qcode"))
            .map(|q| qcode_value(q).to_string())
            .unwrap_or_default();
        if let Some(h) = head {
            let text = if class.is_empty() {
                h
            } else {
                format!("{h} ({class})")
            };
            blocks.push(Block::ListItem {
                ordered: false,
                inlines: vec![Inline::Text(text)],
            });
        }
    }
    item.warnings.push(format!(
        "NewsML-G2 package: it groups {members} item(s) that arrive as separate files; the body lists them"
    ));
    if item.headline.is_empty() {
        item.headline = blocks.first().map(Block::plain).unwrap_or_default();
    }
    item.body = crate::markdown_body::render(&blocks);
    item
}
