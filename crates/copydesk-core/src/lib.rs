//! Copydesk's core: the newsroom's domain types, their SQLite storage, and [`Desk`], the one API
//! that both the desktop shell and the `copydesk` CLI call. Nothing here knows about Tauri.
#![forbid(unsafe_code)]

pub mod article;
pub mod change;
pub mod clock;
pub mod comment;
pub mod data_dir;
pub mod desk;
pub mod error;
pub mod profile;
pub mod revision;
pub mod search;
pub mod store;
pub mod wire;
pub mod workflow;

pub use article::{
    Article, ArticleDraft, ArticleEdit, ArticleId, ArticleStatus, ArticleSummary, TagUse,
};
pub use change::Change;
pub use clock::{Clock, ManualClock, SystemClock};
pub use comment::{Comment, CommentId, CommentThread, MAX_COMMENT_CHARS};
/// The inbox configuration (folder, polling, intervals), from `copydesk-inbox`.
pub use copydesk_inbox::InboxConfig;
pub use data_dir::{resolve_inbox, resolve_outbox, DataDir};
pub use desk::{Desk, DeskConfig};
pub use error::{Error, ErrorCode, Result};
pub use profile::Profile;
pub use revision::{DiffChunk, DiffOp, Revision, RevisionKind};
pub use search::{HitKind, SearchHit};
pub use wire::{
    InboxChoice, IncomingFile, IngestOutcome, Ingested, QuarantinedFile, Receipt, WireFilter,
    WireItem, WireItemSummary, WireStory, WireWatch,
};
pub use workflow::{
    Action, Disambiguation, DueReport, Embargo, MissedPolicy, OutboxFile, Publication,
    PublicationKind, Role, Schedule, Scheduler, Transition,
};
