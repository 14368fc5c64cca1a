//! What changed after a committed write. The shell forwards these to the UI as events, so the
//! backend stays the source of truth and every window updates from the same stream.
use crate::article::{ArticleId, ArticleSummary};
use crate::comment::{CommentId, CommentThread};
use crate::wire::{QuarantinedFile, WireItemSummary};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    ArticleCreated {
        article: ArticleSummary,
    },
    ArticleSaved {
        article: ArticleSummary,
    },
    ArticleDeleted {
        id: ArticleId,
    },
    /// New stories or versions arrived: the queue line of each story touched.
    WireReceived {
        stories: Vec<WireItemSummary>,
    },
    /// A file could not be imported and was kept aside.
    WireQuarantined {
        file: QuarantinedFile,
    },
    /// The inbox found this many files at once (a large drop): progress is coming.
    WireScanned {
        found: u32,
    },
    /// The inbox worker finished a batch: this many files were taken in and shelved (archived
    /// or quarantined). After `WireScanned`, adding these up shows a large drop's progress.
    WireBatchDone {
        files: u32,
    },
    /// The newsroom recorded a publication of the article (a desk's move or its scheduler's),
    /// or its outbox wrote the files.
    PublicationRecorded {
        article_id: ArticleId,
        publication: crate::workflow::Publication,
    },
    /// A webhook delivery of one of the article's publications was attempted or re-queued.
    DeliveryUpdated {
        article_id: ArticleId,
        delivery: crate::workflow::Delivery,
    },
    /// A comment thread on an article was started, answered, edited, resolved or reopened, or
    /// one of its comments was deleted.
    CommentsChanged {
        article_id: ArticleId,
        thread_id: CommentId,
        /// The thread as it is now; `None` once its last comment is gone.
        thread: Option<CommentThread>,
        /// Unresolved threads on the article now, for a count badge.
        open_threads: u32,
    },
    /// Who holds an article's body changed (acquired, renewed, taken over, released).
    LeaseChanged {
        article_id: ArticleId,
        /// `None`: nobody holds it now.
        lease: Option<crate::newsroom::ArticleLease>,
    },
    /// The newsroom refused a change this desk made (a race another desk won, a role the
    /// account lacks, a time already past): the story is as the server has it now, and any
    /// text this desk wrote is kept in its history.
    NewsroomRefused {
        /// The story it was about, when it is on this desk.
        article_id: Option<ArticleId>,
        headline: Option<String>,
        /// What was refused, in a word or two: "schedule", "approve", "save", "comment"…
        what: String,
        /// The server's error code (`conflict`, `forbidden`, `invalid`…).
        code: String,
        message: String,
    },
    /// The desk's link with its newsroom changed (online, syncing, offline, signed out), or
    /// how many changes wait to go, or the last error.
    NewsroomStatus {
        link: crate::newsroom::NewsroomLink,
        pending: u32,
        last_error: Option<String>,
    },
}
