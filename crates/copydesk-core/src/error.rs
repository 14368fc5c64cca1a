//! One error type for the core, with a small stable code that the UI and the CLI branch on.
use std::path::PathBuf;

/// What went wrong, worded for the person at the desk.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("article {0} does not exist")]
    ArticleNotFound(i64),
    #[error("{0} does not exist")]
    NotFound(String),
    #[error("wire inbox: {0}")]
    Inbox(#[from] copydesk_inbox::InboxError),
    #[error("{0}")]
    Invalid(String),
    #[error(
        "article {id} was changed elsewhere (you edited version {expected}, it is now at version {actual}); your text was not saved over it{}",
        kept_revision.map(|r| format!(" but kept as revision {r}")).unwrap_or_default()
    )]
    Conflict {
        id: i64,
        expected: i64,
        actual: i64,
        /// Where the refused text was kept.
        kept_revision: Option<i64>,
    },
    #[error(
        "the database {path} was written by a newer Copydesk (schema {found}; this version knows up to {known}). Update Copydesk to open it; the file was not changed"
    )]
    DatabaseTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("cannot {action} an article that is {from}")]
    IllegalTransition {
        action: &'static str,
        from: &'static str,
    },
    #[error("a {role} cannot {action}; ask an editor")]
    ForbiddenForRole {
        action: &'static str,
        role: &'static str,
    },
    #[error("{wall} does not exist in {zone}: {detail}")]
    NonexistentLocalTime {
        wall: String,
        zone: String,
        detail: String,
    },
    #[error("{wall} in {zone} is ambiguous: {detail}")]
    AmbiguousLocalTime {
        wall: String,
        zone: String,
        detail: String,
    },
    #[error("embargoed until {until} ({zone}); an editor can override it with a reason")]
    Embargoed { until: String, zone: String },
    /// The pre-publish checklist has blocking items (a killed wire source, no text…).
    #[error("the checklist blocks this: {}; an editor can override it with a reason", items.join(" "))]
    Blocked { items: Vec<String> },
    #[error("a comment needs some text")]
    EmptyComment,
    #[error("a comment can be at most {max} characters long; this one has {chars}")]
    CommentTooLong { chars: usize, max: usize },
    /// Comments are edited and deleted only by whoever wrote them.
    #[error("only {author} can {action} this comment")]
    NotAuthor {
        action: &'static str,
        author: String,
    },
    /// A move that lost a race: someone else moved the article between our read and our write.
    #[error("article {id} was moved by someone else before your {action} went through; look at it again")]
    MovedElsewhere { id: i64, action: &'static str },
    /// A fault in Copydesk itself, not in what the user gave.
    #[error("internal error: {0}")]
    Internal(String),
    /// What the newsroom server said (or that it could not be reached), with its code.
    #[error("{message}")]
    Newsroom { code: ErrorCode, message: String },
    #[error("{}", storage_message(.0))]
    Storage(#[from] rusqlite::Error),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

/// The codes a caller can rely on. Only add one when a caller branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    Invalid,
    Conflict,
    DatabaseTooNew,
    Storage,
    Io,
    IllegalTransition,
    ForbiddenForRole,
    NonexistentLocalTime,
    AmbiguousLocalTime,
    Embargoed,
    /// The pre-publish checklist has blocking items; an editor may override with a reason.
    Blocked,
    /// Someone else's comment: only its author may edit or delete it.
    NotAuthor,
    /// A fault in Copydesk itself (a crashed worker, a bug), not in what the user gave.
    Internal,
    /// The newsroom server cannot be reached; the change waits in the queue.
    Offline,
    /// The newsroom does not know this session (signed out, expired, revoked): sign in again.
    Unauthorised,
    /// Another desk holds the story's body.
    Locked,
}

impl ErrorCode {
    /// The code as it is printed by the CLI and sent over IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::Invalid => "invalid",
            ErrorCode::Conflict => "conflict",
            ErrorCode::DatabaseTooNew => "database_too_new",
            ErrorCode::Storage => "storage",
            ErrorCode::Io => "io",
            ErrorCode::Internal => "internal",
            ErrorCode::IllegalTransition => "illegal_transition",
            ErrorCode::ForbiddenForRole => "forbidden_for_role",
            ErrorCode::NonexistentLocalTime => "nonexistent_local_time",
            ErrorCode::AmbiguousLocalTime => "ambiguous_local_time",
            ErrorCode::Embargoed => "embargoed",
            ErrorCode::Blocked => "blocked",
            ErrorCode::NotAuthor => "not_author",
            ErrorCode::Offline => "offline",
            ErrorCode::Unauthorised => "unauthorised",
            ErrorCode::Locked => "locked",
        }
    }
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::ArticleNotFound(_) | Error::NotFound(_) => ErrorCode::NotFound,
            Error::Inbox(_) => ErrorCode::Io,
            Error::Invalid(_) => ErrorCode::Invalid,
            Error::Conflict { .. } | Error::MovedElsewhere { .. } => ErrorCode::Conflict,
            Error::Internal(_) => ErrorCode::Internal,
            Error::Newsroom { code, .. } => *code,
            Error::DatabaseTooNew { .. } => ErrorCode::DatabaseTooNew,
            Error::Storage(_) => ErrorCode::Storage,
            Error::Io { .. } => ErrorCode::Io,
            Error::IllegalTransition { .. } => ErrorCode::IllegalTransition,
            Error::ForbiddenForRole { .. } => ErrorCode::ForbiddenForRole,
            Error::NonexistentLocalTime { .. } => ErrorCode::NonexistentLocalTime,
            Error::AmbiguousLocalTime { .. } => ErrorCode::AmbiguousLocalTime,
            Error::Embargoed { .. } => ErrorCode::Embargoed,
            Error::Blocked { .. } => ErrorCode::Blocked,
            Error::EmptyComment | Error::CommentTooLong { .. } => ErrorCode::Invalid,
            Error::NotAuthor { .. } => ErrorCode::NotAuthor,
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a failed write means for the person at the desk: above all, that the change was not
/// saved and what was saved before is safe (a transaction is all or nothing).
fn storage_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DiskFull) => format!(
            "the disk is full: this change was not saved (what was saved before is safe); \
             free some space and try again ({e})"
        ),
        Some(C::SystemIoFailure) => format!(
            "the desk's database could not be written: this change was not saved (what was \
             saved before is safe); check the disk and try again ({e})"
        ),
        Some(C::ReadOnly) => format!(
            "the desk's database is read-only: this change was not saved; check the data \
             folder's permissions ({e})"
        ),
        _ => format!("storage error: {e}"),
    }
}
