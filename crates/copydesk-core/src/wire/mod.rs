//! The wire desk: storing what the parsers read from wire files, tying versions into stories,
//! and the inbox worker that feeds it. Parsing itself lives in `copydesk-wire`; finding
//! complete files in the inbox folder lives in `copydesk-inbox`.
mod alert;
mod desk;
mod import;
mod inbox_choice;
mod queue;
mod watch;

pub use alert::{alerts, WireAlert, ALERTS_PER_BATCH, ALERT_MAX_AGE};
/// The parsed wire model, from `copydesk-wire`: what a stored [`WireItem`] is made of.
pub use copydesk_wire::{
    PubStatus, Rejection, RejectionCode, RemovedPart, StoryLink, Subject, WireFormat,
};
pub use import::{ImportReport, IncomingFile};
pub use inbox_choice::InboxChoice;
pub use watch::WireWatch;

/// Puts a copy of the wire file `src` into the inbox folder for the watcher to take in, as if
/// it had been dropped there ("Open with Copydesk", a file handed to the app): the original
/// stays; a file already waiting under that name is never replaced. Returns the inbox path.
pub fn deliver_to_inbox(
    src: &std::path::Path,
    inbox: &std::path::Path,
) -> crate::Result<std::path::PathBuf> {
    Ok(copydesk_inbox::deliver(src, inbox)?)
}

pub(crate) use import::{mark_shelved, read_all, record_refused, store_file};
pub(crate) use queue::{
    item, items, quarantined, quarantined_file, story, summaries_of, summary_from_row,
    SUMMARY_SELECT,
};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub type WireItemId = i64;
pub type WireStoryId = i64;
pub type WireFileId = i64;

/// What became of one item (or one unreadable file) on import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    /// The first version of a story.
    New,
    /// A newer version of a story already on the wire (including a kill).
    Update,
    /// Nothing new: the same bytes again, or a version no newer than the one we have (kept as
    /// history).
    Duplicate,
    /// The file could not be read; it was kept aside with the reason.
    Quarantined,
    /// Not read, and not recorded: a path given to an import that is no file to read (a
    /// symlink, a FIFO, a device, a folder with no files), with the reason.
    Skipped,
}

impl ImportOutcome {
    pub const ALL: [ImportOutcome; 5] = [
        ImportOutcome::New,
        ImportOutcome::Update,
        ImportOutcome::Duplicate,
        ImportOutcome::Quarantined,
        ImportOutcome::Skipped,
    ];

    /// "new", "update", "duplicate", "quarantined" or "skipped", as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportOutcome::New => "new",
            ImportOutcome::Update => "update",
            ImportOutcome::Duplicate => "duplicate",
            ImportOutcome::Quarantined => "quarantined",
            ImportOutcome::Skipped => "skipped",
        }
    }

    pub fn parse(name: &str) -> Option<ImportOutcome> {
        ImportOutcome::ALL.into_iter().find(|o| o.as_str() == name)
    }
}

/// How a stored version stands in its story (`wire_items.role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionRole {
    /// The first version of its story.
    New,
    /// Newer than the story's latest version: it becomes the latest.
    Update,
    /// The same version or an older one, arriving late: kept, never the latest.
    History,
}

impl VersionRole {
    pub const ALL: [VersionRole; 3] = [VersionRole::New, VersionRole::Update, VersionRole::History];

    pub fn as_str(self) -> &'static str {
        match self {
            VersionRole::New => "new",
            VersionRole::Update => "update",
            VersionRole::History => "history",
        }
    }

    pub fn parse(stored: &str) -> Option<VersionRole> {
        VersionRole::ALL.into_iter().find(|r| r.as_str() == stored)
    }
}

/// What the ledger (`wire_files.outcome`) says became of a received file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOutcome {
    /// Read and stored: its items are on the wire.
    Imported,
    /// Unreadable or refused unread: kept aside with the reason.
    Quarantined,
}

impl FileOutcome {
    pub const ALL: [FileOutcome; 2] = [FileOutcome::Imported, FileOutcome::Quarantined];

    pub fn as_str(self) -> &'static str {
        match self {
            FileOutcome::Imported => "imported",
            FileOutcome::Quarantined => "quarantined",
        }
    }

    pub fn parse(stored: &str) -> Option<FileOutcome> {
        FileOutcome::ALL.into_iter().find(|o| o.as_str() == stored)
    }
}

/// One line of an import report: per item, or per file when the file could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Imported {
    pub file: String,
    pub outcome: ImportOutcome,
    pub reason: Option<String>,
    pub item: Option<WireItem>,
}

/// One stored version of a wire story: the copy as the parser read it (flattened: one JSON
/// object), and where the desk keeps it.
///
/// Stored copy differs from a fresh parse in two ways: `copy.version` is always set (the wire's
/// own number, or the order of arrival for formats without one), and `copy.link` keeps one
/// story key, in `story_key` (the du-key when the wire sent one, else the slug key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WireItem {
    pub id: WireItemId,
    pub story_id: WireStoryId,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub received_at: Timestamp,
    /// `WireCopy` in the app's bindings.
    #[serde(flatten)]
    pub copy: copydesk_wire::WireItem,
}

impl WireItem {
    /// The version this item is in its story (see [`WireItem`]).
    pub fn version(&self) -> i64 {
        self.copy.version.unwrap_or(1)
    }
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
    pub format: WireFormat,
    pub slugline: Option<String>,
    pub urgency: Option<u8>,
    pub pub_status: PubStatus,
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
    pub format: Option<WireFormat>,
    /// Only items at least this urgent (1 = flash).
    pub max_urgency: Option<u8>,
    /// Only stories whose latest version arrived at or after this.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub received_since: Option<Timestamp>,
    /// At most this many, newest first (default 500; the unpaged list only).
    pub limit: Option<u32>,
}

/// A wire queue line's place in the queue (its latest version's arrival, then its id): what a
/// page boundary names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WireKey {
    pub id: WireItemId,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub received_at: Timestamp,
}

impl From<&WireItemSummary> for WireKey {
    fn from(s: &WireItemSummary) -> Self {
        WireKey {
            id: s.id,
            received_at: s.received_at,
        }
    }
}

/// The sources and formats on the wire, for the queue's filter menus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WireFacets {
    pub providers: Vec<String>,
    pub formats: Vec<WireFormat>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip_and_match_the_schema() {
        for o in ImportOutcome::ALL {
            assert_eq!(serde_json::json!(o), o.as_str());
            assert_eq!(ImportOutcome::parse(o.as_str()), Some(o));
        }
        // The names the CHECK constraints of 0002_wire.sql allow.
        let roles: Vec<&str> = VersionRole::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(roles, ["new", "update", "history"]);
        assert!(VersionRole::ALL
            .into_iter()
            .all(|r| VersionRole::parse(r.as_str()) == Some(r)));
        let outcomes: Vec<&str> = FileOutcome::ALL.iter().map(|o| o.as_str()).collect();
        assert_eq!(outcomes, ["imported", "quarantined"]);
        assert!(FileOutcome::ALL
            .into_iter()
            .all(|o| FileOutcome::parse(o.as_str()) == Some(o)));
    }
}
