//! NITF 3.x, standalone or inside NewsML-G2 `inlineXML` and NewsML 1.2 `DataContent`.

use roxmltree::Node;

use super::{
    attr, attr_nonempty, body_blocks, child, children, descendant, path, text_of, text_opt,
};
use crate::markdown_body::Block;
use crate::model::{PubStatus, RemovedPart, Subject, WireFormat, WireItem};
use crate::text::non_empty;
use crate::{times, urgency};

/// A standalone NITF document.
pub fn read(nitf: Node) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::Nitf,
        ..WireItem::default()
    };
    item.language = attr_nonempty(nitf, "baselang").map(str::to_string);
    if let Some(head) = child(nitf, "head") {
        head_meta(head, &mut item);
    }
    let blocks = fill_body(nitf, &mut item);
    crate::blocks::finish_body(blocks, &mut item);
    item
}

/// The `<head>`: identity, status, dates, classification.
fn head_meta(head: Node, item: &mut WireItem) {
    let title = text_opt(child(head, "title"));
    if let Some(t) = title {
        item.headline = t;
    }
    for meta in children(head, "meta") {
        let (Some(name), Some(content)) = (attr(meta, "name"), attr_nonempty(meta, "content"))
        else {
            continue;
        };
        match name.to_ascii_lowercase().as_str() {
            "anpa-keyword" | "ntbstikkord" => item.slugline = non_empty(content),
            "aap-source" => item.source = non_empty(content),
            "aap-priority" => item.priority = urgency::iptc(content),
            _ => {}
        }
    }
    if let Some(tobject) = child(head, "tobject") {
        for s in children(tobject, "tobject.subject") {
            let code = attr_nonempty(s, "tobject.subject.refnum");
            let name = attr_nonempty(s, "tobject.subject.detail")
                .or_else(|| attr_nonempty(s, "tobject.subject.matter"))
                .or_else(|| attr_nonempty(s, "tobject.subject.type"));
            if code.is_none() && name.is_none() {
                continue;
            }
            let scheme = match attr_nonempty(s, "tobject.subject.ipr") {
                Some(ipr) if !ipr.eq_ignore_ascii_case("IPTC") => ipr.to_string(),
                _ => "iptc-subjectcode".to_string(),
            };
            item.subjects.push(Subject {
                code: code.map(str::to_string),
                name: name.map(str::to_string),
                scheme: Some(scheme),
            });
        }
    }
    // Some agencies put <urgency> straight under <head>.
    if let Some(u) = child(head, "urgency").and_then(|u| attr(u, "ed-urg")) {
        item.urgency = urgency::iptc(u);
    }
    if let Some(docdata) = child(head, "docdata") {
        docdata_meta(docdata, item);
    }
}

fn docdata_meta(docdata: Node, item: &mut WireItem) {
    if let Some(doc_id) = child(docdata, "doc-id") {
        item.guid = attr_nonempty(doc_id, "id-string").map(str::to_string);
        if item.provider.is_none() {
            item.provider = attr_nonempty(doc_id, "regsrc").map(str::to_string);
        }
    }
    if item.provider.is_none() {
        item.provider = path(docdata, &["del-list", "from-src"])
            .and_then(|f| attr_nonempty(f, "src-name"))
            .map(str::to_string);
    }
    if let Some(u) = child(docdata, "urgency").and_then(|u| attr(u, "ed-urg")) {
        item.urgency = urgency::iptc(u);
    }
    let status = attr(docdata, "management-status").map(|s| s.trim().to_ascii_lowercase());
    match status.as_deref() {
        Some("canceled" | "cancelled") => {
            item.pub_status = PubStatus::Canceled;
            item.link.edit_marker = Some("kill".to_string());
        }
        Some("withheld") => item.pub_status = PubStatus::Withheld,
        _ => {}
    }
    item.link.previous_guid = attr_nonempty(docdata, "management-doc-idref").map(str::to_string);

    let issue_raw = child(docdata, "date.issue").and_then(|d| attr(d, "norm"));
    let release_raw = child(docdata, "date.release").and_then(|d| attr(d, "norm"));
    item.sent_at = times::read_field(issue_raw, "date.issue", &mut item.warnings);
    let release = times::read_field(release_raw, "date.release", &mut item.warnings);
    if let Some(expire) = child(docdata, "date.expire").and_then(|d| attr(d, "norm")) {
        // Only checked, so that a junk expiry is reported like a junk release.
        let _ = times::read_field(Some(expire), "date.expire", &mut item.warnings);
    }
    // A release time is an embargo when the status says so or when it lies after the issue time.
    let embargoed = status.as_deref() == Some("embargoed");
    item.embargo = match (release, item.sent_at) {
        (Some(r), _) if embargoed => Some(r),
        (Some(r), Some(issue)) if r > issue => Some(r),
        (Some(r), None) => Some(r),
        _ => None,
    };
    if embargoed && item.embargo.is_none() {
        item.warnings.push(
            "management-status is 'embargoed' but there is no readable release time".to_string(),
        );
    }

    if let Some(du) = child(docdata, "du-key") {
        if let Some(v) = attr(du, "version").and_then(|v| v.trim().parse().ok()) {
            item.version = Some(v);
        }
        // The story's key across versions; the doc-id (the guid) names this version only.
        if let Some(k) = attr_nonempty(du, "key") {
            item.link.du_key = Some(k.trim().to_string());
        }
    }
    let notes: Vec<String> = children(docdata, "ed-msg")
        .filter_map(|m| attr_nonempty(m, "info"))
        .map(crate::text::one_line)
        .collect();
    if !notes.is_empty() {
        item.ednote = Some(notes.join(" "));
    }
    if let Some(list) = child(docdata, "key-list") {
        for k in children(list, "keyword") {
            let word = attr_nonempty(k, "key")
                .map(str::to_string)
                .or_else(|| non_empty(&text_of(k)));
            if let Some(w) = word {
                if !item.keywords.contains(&w) {
                    item.keywords.push(w);
                }
            }
        }
    }
    if item.source.is_none() {
        item.source = child(docdata, "doc.copyright")
            .and_then(|c| attr_nonempty(c, "holder"))
            .map(str::to_string);
    }
}

/// The `<body>`: headline, byline, dateline, abstract, notes, then the content blocks.
pub fn fill_body(nitf: Node, item: &mut WireItem) -> Vec<Block> {
    let Some(body) = child(nitf, "body") else {
        return Vec::new();
    };
    if item.language.is_none() {
        item.language = body
            .descendants()
            .find_map(|d| d.attribute(("http://www.w3.org/XML/1998/namespace", "lang")))
            .map(str::to_string);
    }
    if let Some(bh) = child(body, "body.head") {
        // AP's NewsML-G2 NITF writes <headline> where NITF has <hedline>.
        let hedline = child(bh, "hedline").or_else(|| child(bh, "headline"));
        if let Some(h) = hedline {
            if let Some(hl1) = text_opt(child(h, "hl1")) {
                item.headline = hl1;
            }
            for hl2 in children(h, "hl2") {
                let t = text_of(hl2);
                let dup = t.is_empty()
                    || t == item.headline
                    || item.keywords.iter().any(|k| k.eq_ignore_ascii_case(&t));
                if !dup {
                    item.removed.push(RemovedPart {
                        kind: "subheadline".to_string(),
                        text: t,
                    });
                }
            }
        }
        for note in children(bh, "note") {
            let t = text_of(note);
            if !t.is_empty() {
                item.ednote = Some(match item.ednote.take() {
                    Some(prev) => format!("{prev} {t}"),
                    None => t,
                });
            }
        }
        if let Some(by) = child(bh, "byline") {
            item.byline = byline(by);
        }
        if let Some(dl) = child(bh, "dateline") {
            // The dateline's words, without its machine-readable <story.date>; the parts of a
            // <location> are separated by commas.
            let mut parts: Vec<String> = Vec::new();
            for c in dl.children() {
                if c.is_text() {
                    parts.push(c.text().unwrap_or("").to_string());
                } else if c.tag_name().name() == "location" {
                    let mut loc: Vec<String> = Vec::new();
                    for p in c.children() {
                        let t = if p.is_element() {
                            text_of(p)
                        } else {
                            crate::text::one_line(p.text().unwrap_or(""))
                        };
                        let t = t.trim_matches([',', ' ']).to_string();
                        if !t.is_empty() {
                            loc.push(t);
                        }
                    }
                    parts.push(loc.join(", "));
                } else if c.tag_name().name() != "story.date" {
                    parts.push(text_of(c));
                }
            }
            let t = crate::text::one_line(&parts.join(" "))
                .trim_end_matches([',', ' '])
                .to_string();
            if !t.is_empty() {
                item.dateline = Some(t);
            }
        }
        if let Some(a) = child(bh, "abstract") {
            let t = text_of(a);
            if !t.is_empty() {
                item.standfirst = Some(t);
            }
        }
        if item.source.is_none() {
            item.source = text_opt(child(bh, "distributor"));
        }
    }
    let mut captions = Vec::new();
    let mut blocks = child(body, "body.content")
        .map(|c| body_blocks(c, &mut captions))
        .unwrap_or_default();
    if let Some(end) = child(body, "body.end") {
        blocks.extend(body_blocks(end, &mut captions));
    }
    for c in captions {
        item.removed.push(RemovedPart {
            kind: "media_caption".to_string(),
            text: c,
        });
    }
    // A lead paragraph that only repeats the abstract is the abstract.
    if let (Some(first), Some(sf)) = (blocks.first(), item.standfirst.as_ref()) {
        if crate::text::one_line(&first.plain()) == *sf {
            blocks.remove(0);
        }
    }
    blocks
}

/// "By <person>Alan Karben</person><byttl>NITF Network News Online</byttl>" →
/// "By Alan Karben, NITF Network News Online".
fn byline(by: Node) -> Option<String> {
    let mut main = String::new();
    let mut titles = Vec::new();
    for d in by.descendants() {
        if d.is_text() {
            let inside_title = d
                .ancestors()
                .any(|a| a.is_element() && a.tag_name().name() == "byttl");
            if let Some(t) = d.text() {
                if inside_title {
                    titles.push(t.to_string());
                } else {
                    main.push_str(t);
                    main.push(' ');
                }
            }
        }
    }
    let main = crate::text::one_line(&main);
    let title = crate::text::one_line(&titles.join(" "));
    match (main.is_empty(), title.is_empty()) {
        (true, true) => None,
        (false, true) => Some(main),
        (true, false) => Some(title),
        (false, false) => Some(format!("{main}, {title}")),
    }
}

/// Whether a node is (or holds) NITF, for the container formats.
pub fn find_nitf<'a, 'i>(n: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    if n.is_element() && n.tag_name().name() == "nitf" {
        return Some(n);
    }
    descendant(n, "nitf")
}

/// Fills head and body of an embedded NITF into an item that already has container metadata;
/// the container's values win where both have one.
pub fn fill_embedded(nitf: Node, item: &mut WireItem) -> Vec<Block> {
    let mut inner = WireItem::default();
    if let Some(head) = child(nitf, "head") {
        head_meta(head, &mut inner);
    }
    let blocks = fill_body(nitf, &mut inner);
    if item.headline.is_empty() {
        item.headline = inner.headline;
    }
    macro_rules! fill {
        ($($f:ident),*) => { $( if item.$f.is_none() { item.$f = inner.$f; } )* };
    }
    fill!(standfirst, byline, dateline, slugline, ednote, embargo, sent_at, urgency, language);
    if item.subjects.is_empty() {
        item.subjects = inner.subjects;
    }
    for k in inner.keywords {
        if !item.keywords.contains(&k) {
            item.keywords.push(k);
        }
    }
    item.removed.extend(inner.removed);
    item.warnings.extend(inner.warnings);
    blocks
}
