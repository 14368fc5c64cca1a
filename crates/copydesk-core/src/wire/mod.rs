//! The wire desk: storing what the parsers read from wire files, tying versions into stories,
//! and the inbox worker that feeds it. Parsing itself lives in `copydesk-wire`; finding
//! complete files in the inbox folder lives in `copydesk-inbox`.
mod alert;
mod desk;
mod inbox_choice;
mod ingest;
mod queue;
mod watch;

pub use alert::{alerts, WireAlert, ALERTS_PER_BATCH, ALERT_MAX_AGE};
pub use inbox_choice::InboxChoice;
pub use ingest::{IncomingFile, Receipt};
pub use watch::WireWatch;

pub(crate) use ingest::{ingest, mark_shelved, read_all, record_refused};
pub(crate) use queue::{item, items, quarantined, quarantined_file, story, summaries_of};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub type WireItemId = i64;
pub type WireStoryId = i64;
pub type WireFileId = i64;

/// What became of one item (or one unreadable file) on import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum IngestOutcome {
    /// The first version of a story.
    New,
    /// A newer version of a story already on the wire (including a kill).
    Update,
    /// Nothing new: the same bytes again, or a version no newer than the one we have (kept as
    /// history).
    Duplicate,
    /// The file could not be read; it was kept aside with the reason.
    Quarantined,
}

/// One line of an import report: per item, or per file when the file could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Ingested {
    pub file: String,
    pub outcome: IngestOutcome,
    pub reason: Option<String>,
    pub item: Option<WireItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WireSubject {
    pub code: Option<String>,
    pub name: Option<String>,
    pub scheme: Option<String>,
}

/// Page furniture or trailer text the parser took out of the body, kept so an editor can see
/// and restore it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RemovedPart {
    pub kind: String,
    pub text: String,
}

/// One stored version of a wire story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WireItem {
    pub id: WireItemId,
    pub story_id: WireStoryId,
    /// The wire's own version number, or the order of arrival for formats without one.
    pub version: i64,
    pub format: String,
    pub encoding: String,
    pub provider: Option<String>,
    pub source: Option<String>,
    pub guid: Option<String>,
    pub headline: String,
    pub standfirst: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    pub slugline: Option<String>,
    /// 1 (flash) to 9 (lowest), IPTC style.
    pub urgency: Option<u8>,
    pub priority: Option<u8>,
    pub language: Option<String>,
    /// The agency's note to editors, never part of the copy.
    pub ednote: Option<String>,
    pub subjects: Vec<WireSubject>,
    pub keywords: Vec<String>,
    /// Markdown, with the wire's text escaped: never the wire's own HTML.
    pub body: String,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub embargo: Option<Timestamp>,
    /// usable, withheld or canceled.
    pub pub_status: String,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub sent_at: Option<Timestamp>,
    pub edit_marker: Option<String>,
    pub warnings: Vec<String>,
    pub removed: Vec<RemovedPart>,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub received_at: Timestamp,
}

/// One line of the wire queue: the latest version of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WireItemSummary {
    pub id: WireItemId,
    pub story_id: WireStoryId,
    pub version: i64,
    pub versions: i64,
    pub headline: String,
    pub provider: Option<String>,
    pub format: String,
    pub slugline: Option<String>,
    pub urgency: Option<u8>,
    pub pub_status: String,
    pub killed: bool,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub embargo: Option<Timestamp>,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub sent_at: Option<Timestamp>,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub received_at: Timestamp,
}

/// A story's versions, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WireStory {
    pub id: WireStoryId,
    pub killed: bool,
    pub versions: Vec<WireItem>,
}

/// A file kept aside because it could not be imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuarantinedFile {
    pub id: WireFileId,
    pub name: String,
    pub size: u64,
    pub reason_code: String,
    pub reason: String,
    /// Where the file is now, if it was moved out of the inbox.
    pub path: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub received_at: Timestamp,
}

/// Which wire items to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct WireFilter {
    pub provider: Option<String>,
    pub format: Option<String>,
    /// Only items at least this urgent (1 = flash).
    pub max_urgency: Option<u8>,
    /// At most this many, newest first (default 500).
    pub limit: Option<u32>,
}
