//! Agency-proprietary XML that we know by name: Ritzau's `RBNews` and NTB's press-release
//! `<release>`. Both carry their body as escaped HTML.

use roxmltree::Node;

use super::{attr_nonempty, child, children, text_opt};
use crate::model::{PubStatus, RemovedPart, Subject, WireFormat, WireItem};
use crate::{times, urgency};

fn is_nil(n: Node) -> bool {
    n.attributes()
        .any(|a| a.name() == "nil" && a.value().trim() == "true")
}

/// Text of a child, unless it is absent, empty or `i:nil="true"`.
fn field(n: Node, name: &str) -> Option<String> {
    child(n, name)
        .filter(|c| !is_nil(*c))
        .and_then(|c| text_opt(Some(c)))
}

fn flag(n: Node, name: &str) -> bool {
    field(n, name).is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// Ritzau `RBNews`.
pub fn ritzau(root: Node) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::RitzauXml,
        provider: Some("Ritzau".to_string()),
        ..WireItem::default()
    };
    item.guid = field(root, "NewsID");
    item.version = field(root, "version").and_then(|v| v.parse().ok());
    item.sent_at = times::read_field(
        field(root, "PublishDate").as_deref(),
        "PublishDate",
        &mut item.warnings,
    );
    item.slugline = field(root, "strapline");
    item.headline = field(root, "headline").unwrap_or_default();
    item.standfirst = field(root, "subtitle");
    item.dateline = field(root, "town");
    item.source = field(root, "origin").map(|o| o.trim_matches('/').to_string());
    item.byline = field(root, "byLine");
    item.ednote = field(root, "TilRedaktionen");
    item.priority = field(root, "Priority").and_then(|p| urgency::iptc(&p));
    item.urgency = field(root, "format").and_then(|f| urgency::word(&f));
    if let Some(section) = field(root, "section") {
        item.subjects.push(Subject {
            code: field(root, "sectionID"),
            name: Some(section),
            scheme: Some("ritzau-section".to_string()),
        });
    }
    item.link.previous_guid = field(root, "Replaces").or_else(|| field(root, "replacedID"));
    if flag(root, "Annuleret") {
        item.pub_status = PubStatus::Canceled;
        item.link.edit_marker = Some("kill".to_string());
    } else if flag(root, "Korrektion") {
        item.link.edit_marker = Some("correction".to_string());
    } else if flag(root, "NyVersion") {
        item.link.edit_marker = Some("update".to_string());
    }
    let blocks = field(root, "content")
        .map(|html| crate::html::to_blocks(&html))
        .unwrap_or_default();
    crate::blocks::finish_body(blocks, &mut item);
    item
}

/// NTB `<release>` (press releases distributed by NTB info).
pub fn ntb_release(root: Node) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::NtbReleaseXml,
        provider: Some("NTB".to_string()),
        ..WireItem::default()
    };
    item.guid = attr_nonempty(root, "id").map(str::to_string);
    item.language = attr_nonempty(root, "lang").map(str::to_string);
    item.headline = field(root, "title").unwrap_or_default();
    item.standfirst =
        field(root, "leadtext").map(|t| crate::text::one_line(&crate::html::to_text(&t)));
    item.source = child(root, "publisher").and_then(|p| field(p, "name"));
    // Both times are written "dd.MM.yyyy HH:mm" in Norwegian local time.
    item.sent_at = times::read_field(
        field(root, "publicationDate").as_deref(),
        "publicationDate",
        &mut item.warnings,
    );
    item.embargo = times::read_field(
        field(root, "embargo").as_deref(),
        "embargo",
        &mut item.warnings,
    );
    if let Some(k) = field(root, "keywords") {
        item.keywords = k
            .split(',')
            .map(crate::text::one_line)
            .filter(|s| !s.is_empty())
            .collect();
    }
    let mut blocks = field(root, "body")
        .map(|html| crate::html::to_blocks(&html))
        .unwrap_or_default();
    if let Some(b) = field(root, "boilerplate") {
        blocks.extend(crate::html::to_blocks(&b));
    }
    if let Some(contacts) =
        child(root, "contactsAsText").map(|c| c.text().unwrap_or("").to_string())
    {
        let lines: Vec<String> = contacts
            .lines()
            .map(crate::text::one_line)
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            item.removed.push(RemovedPart {
                kind: "contacts".to_string(),
                text: lines.join("\n"),
            });
        }
    }
    if let Some(images) = child(root, "images") {
        for img in children(images, "image") {
            if let Some(c) = field(img, "caption") {
                item.removed.push(RemovedPart {
                    kind: "media_caption".to_string(),
                    text: c,
                });
            }
        }
    }
    crate::blocks::finish_body(blocks, &mut item);
    item
}
