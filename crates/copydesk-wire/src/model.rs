//! The normalised shapes every wire format is read into.

use serde::{Deserialize, Serialize};

/// What a file turned out to be, judged from its bytes alone.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WireFormat {
    Nitf,
    NewsmlG2,
    Newsml12,
    Anpa1312,
    Iptc7901,
    Zczc,
    Email,
    Ninjs,
    Rss,
    Atom,
    Markdown,
    Html,
    ScrapedPage,
    #[default]
    PlainText,
    /// Ritzau's `RBNews` XML.
    RitzauXml,
    /// NTB's press-release `<release>` XML.
    NtbReleaseXml,
    /// Well-formed-looking XML whose root names no format we know.
    UnknownXml,
    /// JSON that is not ninjs.
    UnknownJson,
    /// Executables, images, archives and other non-text bytes.
    Binary,
    /// Nothing but whitespace, or no bytes at all.
    Empty,
}

impl WireFormat {
    pub const ALL: [WireFormat; 20] = [
        WireFormat::Nitf,
        WireFormat::NewsmlG2,
        WireFormat::Newsml12,
        WireFormat::Anpa1312,
        WireFormat::Iptc7901,
        WireFormat::Zczc,
        WireFormat::Email,
        WireFormat::Ninjs,
        WireFormat::Rss,
        WireFormat::Atom,
        WireFormat::Markdown,
        WireFormat::Html,
        WireFormat::ScrapedPage,
        WireFormat::PlainText,
        WireFormat::RitzauXml,
        WireFormat::NtbReleaseXml,
        WireFormat::UnknownXml,
        WireFormat::UnknownJson,
        WireFormat::Binary,
        WireFormat::Empty,
    ];

    /// The name stored and shown ("nitf", "newsml_g2", "plain_text"…), as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            WireFormat::Nitf => "nitf",
            WireFormat::NewsmlG2 => "newsml_g2",
            WireFormat::Newsml12 => "newsml12",
            WireFormat::Anpa1312 => "anpa1312",
            WireFormat::Iptc7901 => "iptc7901",
            WireFormat::Zczc => "zczc",
            WireFormat::Email => "email",
            WireFormat::Ninjs => "ninjs",
            WireFormat::Rss => "rss",
            WireFormat::Atom => "atom",
            WireFormat::Markdown => "markdown",
            WireFormat::Html => "html",
            WireFormat::ScrapedPage => "scraped_page",
            WireFormat::PlainText => "plain_text",
            WireFormat::RitzauXml => "ritzau_xml",
            WireFormat::NtbReleaseXml => "ntb_release_xml",
            WireFormat::UnknownXml => "unknown_xml",
            WireFormat::UnknownJson => "unknown_json",
            WireFormat::Binary => "binary",
            WireFormat::Empty => "empty",
        }
    }

    /// The format named by [`WireFormat::as_str`], if it is one.
    pub fn parse(name: &str) -> Option<WireFormat> {
        WireFormat::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// Whether the item may be used (IPTC pubStatus).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PubStatus {
    #[default]
    Usable,
    Withheld,
    Canceled,
}

impl PubStatus {
    pub const ALL: [PubStatus; 3] = [PubStatus::Usable, PubStatus::Withheld, PubStatus::Canceled];

    /// "usable", "withheld" or "canceled", as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            PubStatus::Usable => "usable",
            PubStatus::Withheld => "withheld",
            PubStatus::Canceled => "canceled",
        }
    }

    /// The status named by [`PubStatus::as_str`], if it is one.
    pub fn parse(name: &str) -> Option<PubStatus> {
        PubStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Subject {
    pub code: Option<String>,
    pub name: Option<String>,
    pub scheme: Option<String>,
}

/// How this version relates to other versions of the same story.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct StoryLink {
    /// The id of the version this one replaces, updates or kills.
    pub previous_guid: Option<String>,
    /// The agency's own words for the kind of version: "1stLd-Writethru", "2ND LEAD", "CORRECTED", "kill"…
    pub edit_marker: Option<String>,
    /// For formats without ids: a normalised slug that successive versions share.
    pub story_key: Option<String>,
    /// The agency's key for the story, carried by every version while each has its own `guid`:
    /// NITF's `du-key` (PA: key "PA-HHH-POLITICS-Brexit", doc-id per version). Agencies reuse
    /// such keys for later stories, so a key names a story only while it runs.
    pub du_key: Option<String>,
}

/// Text taken out of the copy (page furniture, framing, sign-offs), kept so that it can be restored.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedPart {
    pub kind: String,
    pub text: String,
}

/// One story as the desk sees it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
// "WireCopy" in the app's bindings, where copydesk-core's stored `WireItem` (which holds this)
// takes the name. Only the type's name changes: JSON has no struct names.
#[cfg_attr(feature = "specta", serde(rename = "WireCopy"))]
pub struct WireItem {
    pub format: WireFormat,
    /// What the bytes were decoded from ("utf-8", "windows-1252", "utf-16le", "iso-8859-15"…).
    pub encoding: String,
    pub provider: Option<String>,
    pub source: Option<String>,
    pub guid: Option<String>,
    pub version: Option<i64>,
    pub headline: String,
    pub standfirst: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    pub slugline: Option<String>,
    /// 1 = flash … 9 = lowest, on the IPTC scale (see `crate::urgency`).
    pub urgency: Option<u8>,
    /// The provider's separate priority, 1 = flash … 6 = ordinary (Superdesk's scale).
    pub priority: Option<u8>,
    pub subjects: Vec<Subject>,
    pub keywords: Vec<String>,
    pub language: Option<String>,
    /// Note to editors: not for publication.
    pub ednote: Option<String>,
    /// Markdown: paragraphs separated by blank lines, wire text escaped to render literally.
    pub body: String,
    #[serde(with = "opt_timestamp")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub embargo: Option<jiff::Timestamp>,
    pub pub_status: PubStatus,
    #[serde(with = "opt_timestamp")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub sent_at: Option<jiff::Timestamp>,
    pub link: StoryLink,
    pub warnings: Vec<String>,
    pub removed: Vec<RemovedPart>,
}

/// Everything read from one file.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub format: WireFormat,
    pub encoding: String,
    pub items: Vec<WireItem>,
}

/// Bounds on what one file may cost to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_xml_depth: usize,
    pub max_xml_nodes: usize,
    /// Longest single line kept as it is; longer lines are cut and a warning is given.
    pub max_line_chars: usize,
    /// Most items taken from one file (feeds, e-mail parts, newsMessages).
    pub max_items: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 10 * 1024 * 1024,
            max_xml_depth: 256,
            max_xml_nodes: 1_000_000,
            max_line_chars: 1_000_000,
            max_items: 1_000,
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectionCode {
    Empty,
    Binary,
    TooLarge,
    MalformedXml,
    XmlDtdForbidden,
    TooDeep,
    TooManyNodes,
    MalformedJson,
    Unrecognised,
    NoText,
}

impl RejectionCode {
    pub const ALL: [RejectionCode; 10] = [
        RejectionCode::Empty,
        RejectionCode::Binary,
        RejectionCode::TooLarge,
        RejectionCode::MalformedXml,
        RejectionCode::XmlDtdForbidden,
        RejectionCode::TooDeep,
        RejectionCode::TooManyNodes,
        RejectionCode::MalformedJson,
        RejectionCode::Unrecognised,
        RejectionCode::NoText,
    ];

    /// The machine-readable code ("malformed_xml", "too_large"…), as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectionCode::Empty => "empty",
            RejectionCode::Binary => "binary",
            RejectionCode::TooLarge => "too_large",
            RejectionCode::MalformedXml => "malformed_xml",
            RejectionCode::XmlDtdForbidden => "xml_dtd_forbidden",
            RejectionCode::TooDeep => "too_deep",
            RejectionCode::TooManyNodes => "too_many_nodes",
            RejectionCode::MalformedJson => "malformed_json",
            RejectionCode::Unrecognised => "unrecognised",
            RejectionCode::NoText => "no_text",
        }
    }

    /// The code named by [`RejectionCode::as_str`], if it is one.
    pub fn parse(name: &str) -> Option<RejectionCode> {
        RejectionCode::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// Why a file could not be read; goes to quarantine with the message shown to an editor.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub code: RejectionCode,
    pub message: String,
}

impl Rejection {
    pub fn new(code: RejectionCode, message: impl Into<String>) -> Self {
        Rejection {
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl std::error::Error for Rejection {}

/// Times travel as RFC 3339 UTC strings ("2022-06-29T02:30:00Z").
mod opt_timestamp {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<jiff::Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<jiff::Timestamp>, D::Error> {
        let raw: Option<String> = Option::deserialize(d)?;
        match raw {
            None => Ok(None),
            Some(s) => s.parse().map(Some).map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `as_str` is the name serde writes, so stored names and JSON agree.
    #[test]
    fn names_are_the_serde_names() {
        let serde_name = |v: serde_json::Value| v.as_str().map(str::to_string);
        for f in WireFormat::ALL {
            assert_eq!(
                serde_name(serde_json::json!(f)).as_deref(),
                Some(f.as_str())
            );
            assert_eq!(WireFormat::parse(f.as_str()), Some(f));
        }
        for s in PubStatus::ALL {
            assert_eq!(
                serde_name(serde_json::json!(s)).as_deref(),
                Some(s.as_str())
            );
            assert_eq!(PubStatus::parse(s.as_str()), Some(s));
        }
        for c in RejectionCode::ALL {
            assert_eq!(
                serde_name(serde_json::json!(c)).as_deref(),
                Some(c.as_str())
            );
            assert_eq!(RejectionCode::parse(c.as_str()), Some(c));
        }
        assert_eq!(WireFormat::parse("word_perfect"), None);
    }
}
