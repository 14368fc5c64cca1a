//! Copydesk's core: the newsroom's domain types, their SQLite storage, and [`Desk`], the one API
//! that both the desktop shell and the `copydesk` CLI call. Nothing here knows about Tauri.
#![forbid(unsafe_code)]

pub mod article;
pub mod backup;
pub mod change;
pub mod clock;
pub mod comment;
pub mod crash;
pub mod data_dir;
pub mod desk;
pub mod error;
pub mod newsroom;
pub mod outside;
pub mod page;
pub mod profile;
pub mod provenance;
pub mod revision;
pub mod search;
pub mod storage;
/// Storage is the desk's own business; tests and benches reach it with `test-support`.
#[cfg(feature = "test-support")]
pub mod store;
#[cfg(not(feature = "test-support"))]
pub(crate) mod store;
pub mod style;
pub mod wire;
pub mod workflow;

pub use article::{
    Article, ArticleDraft, ArticleEdit, ArticleId, ArticleStatus, ArticleSummary, TagUse,
};
pub use backup::{BackupFolder, Restored, Snapshot};
pub use change::Change;
pub use clock::{Clock, ManualClock, SystemClock};
pub use comment::{Comment, CommentId, CommentThread, MAX_COMMENT_CHARS};
/// The inbox configuration (folder, polling, intervals), from `copydesk-inbox`.
pub use copydesk_inbox::InboxConfig;
pub use data_dir::{resolve_inbox, resolve_outbox, DataDir, InboxPlace};
pub use desk::{Desk, DeskConfig};
pub use error::{Error, ErrorCode, Result};
pub use newsroom::{
    ArticleLease, FollowOptions, HeldStory, NewsroomActivity, NewsroomFollow, NewsroomLink,
    NewsroomStatus, SessionKeeper, SyncReport,
};
pub use outside::{OutsideMark, OutsideWrites};
pub use page::{
    ArticleFacets, ArticleFilter, ArticleKey, ArticleSort, ListCounts, Page, Seek, MAX_PAGE,
};
pub use profile::Profile;
pub use provenance::{AgencyShare, Provenance, WirePassage, WireSource};
pub use revision::{DiffChunk, DiffOp, Revision, RevisionKind};
pub use search::{HitKind, SearchHit};
pub use storage::{Compacted, StorageReport};
pub use style::{StyleFlag, StyleSheet};
pub use wire::{
    ImportOutcome, ImportReport, Imported, InboxChoice, IncomingFile, PubStatus, QuarantinedFile,
    WireFacets, WireFilter, WireFormat, WireItem, WireItemSummary, WireKey, WireStory, WireWatch,
};
pub use workflow::{
    Action, Disambiguation, DueReport, Embargo, MissedPolicy, OutboxFile, OutboxState, Publication,
    PublicationKind, Role, Schedule, Scheduler, Transition,
};
