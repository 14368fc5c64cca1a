//! NewsML 1.2: a `NewsML` envelope holding `NewsItem`s, each a tree of `NewsComponent`s.

use roxmltree::Node;

use super::{attr, attr_nonempty, body_blocks, child, children, path, text_of, text_opt};
use crate::markdown_body::Block;
use crate::model::{PubStatus, RemovedPart, Subject, WireFormat, WireItem};
use crate::text::non_empty;
use crate::{times, urgency};

pub fn read(root: Node) -> Vec<WireItem> {
    let envelope = child(root, "NewsEnvelope");
    children(root, "NewsItem")
        .map(|n| news_item(n, envelope))
        .collect()
}

fn formal<'a>(n: Option<Node<'a, '_>>) -> Option<&'a str> {
    n.and_then(|n| attr_nonempty(n, "FormalName"))
}

fn news_item(n: Node, envelope: Option<Node>) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::Newsml12,
        ..WireItem::default()
    };
    item.language = n
        .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
        .map(str::to_string);
    if let Some(env) = envelope {
        item.priority = formal(child(env, "Priority")).and_then(urgency::iptc);
    }
    identification(n, &mut item);
    if let Some(mgmt) = child(n, "NewsManagement") {
        management(mgmt, &mut item);
    }
    if item.sent_at.is_none() {
        let env_time = envelope.and_then(|e| text_opt(child(e, "DateAndTime")));
        item.sent_at = times::read_field(env_time.as_deref(), "DateAndTime", &mut item.warnings);
    }
    let mut blocks = Vec::new();
    if let Some(nc) = child(n, "NewsComponent") {
        component_meta(nc, &mut item);
        collect_text(nc, &mut item, &mut blocks);
    }
    crate::blocks::finish_body(blocks, &mut item);
    item
}

fn identification(n: Node, item: &mut WireItem) {
    let Some(id) = path(n, &["Identification", "NewsIdentifier"]) else {
        return;
    };
    let provider = text_opt(child(id, "ProviderId"));
    let date = text_opt(child(id, "DateId"));
    let news_id = text_opt(child(id, "NewsItemId"));
    let public = text_opt(child(id, "PublicIdentifier"));
    let revision = child(id, "RevisionId");
    let rev_text = revision.map(text_of).unwrap_or_default();
    item.version = rev_text.parse().ok();
    if !rev_text.is_empty() && item.version.is_none() {
        item.warnings
            .push(format!("RevisionId '{rev_text}' is not a number"));
    }
    // The story's identity leaves the revision out, so that all revisions share it.
    let base = match (&provider, &date, &news_id) {
        (Some(p), Some(d), Some(i)) => Some(format!("urn:newsml:{p}:{d}:{i}")),
        _ => public.as_ref().map(|p| match p.rsplit_once(':') {
            Some((b, _)) => b.to_string(),
            None => p.clone(),
        }),
    };
    item.guid = base.clone();
    if let Some(prev) = revision
        .and_then(|r| attr(r, "PreviousRevision"))
        .map(str::trim)
    {
        if !prev.is_empty() && prev != "0" {
            item.link.previous_guid = base.map(|b| format!("{b}:{prev}"));
            item.link.edit_marker = Some("update".to_string());
        }
    }
    if item.provider.is_none() {
        item.provider = provider;
    }
    item.slugline = path(n, &["Identification", "NameLabel"])
        .map(text_of)
        .filter(|t| !t.is_empty());
}

fn management(m: Node, item: &mut WireItem) {
    match formal(child(m, "Status"))
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("canceled" | "cancelled") => {
            item.pub_status = PubStatus::Canceled;
            item.link.edit_marker = Some("kill".to_string());
        }
        Some("withheld") => item.pub_status = PubStatus::Withheld,
        _ => {}
    }
    if let Some(u) = formal(child(m, "Urgency")) {
        item.urgency = urgency::iptc(u);
    }
    let created =
        text_opt(child(m, "ThisRevisionCreated")).or_else(|| text_opt(child(m, "FirstCreated")));
    item.sent_at = times::read_field(
        created.as_deref(),
        "ThisRevisionCreated",
        &mut item.warnings,
    );
    if let Some(change) = child(m, "StatusWillChange") {
        let future = formal(child(change, "FutureStatus")).map(str::to_ascii_lowercase);
        if future.as_deref() == Some("usable") {
            let when = text_opt(child(change, "DateAndTime"));
            item.embargo =
                times::read_field(when.as_deref(), "StatusWillChange", &mut item.warnings);
        }
    }
}

fn component_meta(nc: Node, item: &mut WireItem) {
    if let Some(lines) = child(nc, "NewsLines") {
        if let Some(h) = text_opt(child(lines, "HeadLine")) {
            item.headline = h;
        }
        item.standfirst = text_opt(child(lines, "SubHeadLine"));
        item.byline = text_opt(child(lines, "ByLine"));
        item.dateline = text_opt(child(lines, "DateLine"));
        if let Some(s) = text_opt(child(lines, "SlugLine")) {
            item.slugline = Some(s);
        }
        for k in children(lines, "KeywordLine") {
            if let Some(w) = non_empty(&text_of(k)) {
                item.keywords.push(w);
            }
        }
        if item.source.is_none() {
            item.source = text_opt(child(lines, "CreditLine"));
        }
    }
    if let Some(admin) = child(nc, "AdministrativeMetadata") {
        if let Some(p) = formal(path(admin, &["Provider", "Party"])) {
            item.provider = Some(p.to_string());
        }
        if let Some(s) = formal(path(admin, &["Source", "Party"])) {
            item.source = Some(s.to_string());
        }
    }
    if let Some(desc) = child(nc, "DescriptiveMetadata") {
        if let Some(l) = formal(child(desc, "Language")) {
            item.language = Some(l.to_string());
        }
        for sc in children(desc, "SubjectCode") {
            for s in sc.children().filter(|c| c.is_element()) {
                if let Some(code) = attr_nonempty(s, "FormalName") {
                    item.subjects.push(Subject {
                        code: Some(code.to_string()),
                        name: None,
                        scheme: Some(
                            attr_nonempty(s, "Scheme")
                                .unwrap_or("iptc-subjectcode")
                                .to_string(),
                        ),
                    });
                }
            }
        }
        for p in children(desc, "Property") {
            if attr(p, "FormalName").is_some_and(|f| f.eq_ignore_ascii_case("Keyword")) {
                if let Some(v) = attr_nonempty(p, "Value") {
                    item.keywords.push(v.to_string());
                }
            }
        }
    }
}

/// Walks the component tree in order and keeps every textual content item.
fn collect_text(nc: Node, item: &mut WireItem, blocks: &mut Vec<Block>) {
    for c in nc.children().filter(|c| c.is_element()) {
        match c.tag_name().name() {
            "NewsComponent" => collect_text(c, item, blocks),
            "ContentItem" => {
                let media = formal(child(c, "MediaType")).map(str::to_ascii_lowercase);
                if media.as_deref().is_some_and(|m| m != "text") {
                    continue;
                }
                let Some(data) = child(c, "DataContent") else {
                    continue;
                };
                let found = data_blocks(data, item);
                // Some agencies repeat the headline as a content item of its own.
                if found.len() == 1 && crate::text::one_line(&found[0].plain()) == item.headline {
                    continue;
                }
                blocks.extend(found);
            }
            _ => {}
        }
    }
}

fn data_blocks(data: Node, item: &mut WireItem) -> Vec<Block> {
    if let Some(nitf) = super::nitf::find_nitf(data) {
        return super::nitf::fill_embedded(nitf, item);
    }
    if data.children().any(|c| c.is_element()) {
        let mut captions = Vec::new();
        let b = body_blocks(data, &mut captions);
        for cap in captions {
            item.removed.push(RemovedPart {
                kind: "media_caption".into(),
                text: cap,
            });
        }
        return b;
    }
    let raw: String = data.children().filter_map(|c| c.text()).collect();
    if raw.contains('<') && raw.contains('>') {
        // Escaped HTML inside the text (Belga, ANA).
        return crate::html::to_blocks(&raw);
    }
    crate::text::paragraphs(&crate::text::normalise_newlines(&raw))
        .iter()
        .map(|p| crate::text::block_for(p))
        .collect()
}
