//! The normalised shapes every wire format is read into.

use serde::{Deserialize, Serialize};

/// What a file turned out to be, judged from its bytes alone.
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

/// Whether the item may be used (IPTC pubStatus).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PubStatus {
    #[default]
    Usable,
    Withheld,
    Canceled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Subject {
    pub code: Option<String>,
    pub name: Option<String>,
    pub scheme: Option<String>,
}

/// How this version relates to other versions of the same story.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedPart {
    pub kind: String,
    pub text: String,
}

/// One story as the desk sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
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
    pub embargo: Option<jiff::Timestamp>,
    pub pub_status: PubStatus,
    #[serde(with = "opt_timestamp")]
    pub sent_at: Option<jiff::Timestamp>,
    pub link: StoryLink,
    pub warnings: Vec<String>,
    pub removed: Vec<RemovedPart>,
}

/// Everything read from one file.
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

/// Why a file could not be read; goes to quarantine with the message shown to an editor.
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
