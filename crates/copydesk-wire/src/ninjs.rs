//! ninjs, IPTC's JSON news format (versions 1.x and 2.x field names).

use serde_json::Value;

use crate::model::{PubStatus, Subject, WireFormat, WireItem};
use crate::text::non_empty;
use crate::{times, urgency};

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// A number that may arrive as a JSON number or a string ("version": "11").
fn n(v: &Value, key: &str) -> Option<i64> {
    match v.get(key)? {
        Value::Number(x) => x.as_i64(),
        Value::String(t) => t.trim().parse().ok(),
        _ => None,
    }
}

/// Whether a JSON document looks like ninjs rather than any other JSON.
pub fn looks_like_ninjs(v: &Value) -> bool {
    v.is_object()
        && [
            "headline",
            "headlines",
            "body_html",
            "body_text",
            "bodies",
            "uri",
            "guid",
            "versioncreated",
        ]
        .iter()
        .filter(|k| v.get(**k).is_some())
        .count()
            >= 2
}

pub fn read(v: &Value) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::Ninjs,
        ..WireItem::default()
    };
    item.guid = s(v, "guid").or_else(|| s(v, "uri")).map(str::to_string);
    item.version = n(v, "version");
    item.headline = s(v, "headline")
        .map(str::to_string)
        .or_else(|| {
            v.get("headlines")?
                .as_array()?
                .iter()
                .find_map(|h| s(h, "value").map(str::to_string))
        })
        .unwrap_or_default();
    item.byline = s(v, "byline").map(str::to_string).or_else(|| {
        let names: Vec<&str> = v
            .get("authors")?
            .as_array()?
            .iter()
            .filter(|a| s(a, "role").is_none_or(|r| r != "editor"))
            .filter_map(|a| s(a, "name"))
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    });
    item.slugline = s(v, "slugline").map(str::to_string);
    item.language = s(v, "language").map(str::to_string);
    item.ednote = s(v, "ednote").map(str::to_string);
    item.source = s(v, "source")
        .map(str::to_string)
        .or_else(|| s(v, "copyrightholder").map(str::to_string));
    item.provider = v
        .get("provider")
        .and_then(|p| s(p, "name"))
        .map(str::to_string);
    item.dateline = s(v, "located").map(str::to_string);
    item.urgency = n(v, "urgency").and_then(|u| urgency::iptc(&u.to_string()));
    item.priority = n(v, "priority").and_then(|p| urgency::iptc(&p.to_string()));
    item.standfirst = s(v, "description_text")
        .map(str::to_string)
        .or_else(|| s(v, "description_html").and_then(|h| non_empty(&crate::html::to_text(h))));
    item.sent_at = times::read_field(s(v, "versioncreated"), "versioncreated", &mut item.warnings);
    item.embargo = times::read_field(
        s(v, "embargoed").or_else(|| s(v, "embargoedUntil")),
        "embargoed",
        &mut item.warnings,
    );
    match s(v, "pubstatus").map(str::to_ascii_lowercase).as_deref() {
        Some("canceled" | "cancelled") => {
            item.pub_status = PubStatus::Canceled;
            item.link.edit_marker = Some("kill".to_string());
        }
        Some("withheld") => item.pub_status = PubStatus::Withheld,
        _ => {}
    }
    if let Some(subjects) = v.get("subject").and_then(Value::as_array) {
        for sub in subjects {
            let code = s(sub, "code").or_else(|| s(sub, "uri")).map(str::to_string);
            let name = s(sub, "name").map(str::to_string);
            if code.is_some() || name.is_some() {
                item.subjects.push(Subject {
                    code,
                    name,
                    scheme: s(sub, "scheme").map(str::to_string),
                });
            }
        }
    }
    if let Some(k) = v.get("keywords").and_then(Value::as_array) {
        item.keywords = k
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
    }
    let html = s(v, "body_html").or_else(|| s(v, "body_xhtml"));
    let blocks = match (html, s(v, "body_text")) {
        (Some(h), _) => crate::html::to_blocks(h),
        (None, Some(t)) => crate::text::paragraphs(&crate::text::normalise_newlines(t))
            .iter()
            .map(|p| crate::text::block_for(p))
            .collect(),
        (None, None) => v
            .get("bodies")
            .and_then(Value::as_array)
            .and_then(|b| b.iter().find_map(|x| s(x, "value")))
            .map(crate::html::to_blocks)
            .unwrap_or_default(),
    };
    crate::blocks::finish_body(blocks, &mut item);
    item
}
