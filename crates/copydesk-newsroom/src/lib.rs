//! The newsroom protocol: what a desk and `copydesk-server` say to each other over HTTP+JSON.
//!
//! - [`op`]: operations a desk pushes (`POST /v1/ops`), each with a client-made UUID, and the
//!   answer the server stores for it.
//! - [`entity`]: the snapshots a desk pulls (`GET /v1/changes`): articles, revisions, comments,
//!   workflow log entries, profiles and leases, each carrying the `seq` of its last change.
//! - [`auth`]: signing in and out; [`lease`]: body edit leases.
//! - [`ErrorCode`]: the stable codes (the same strings as copydesk-core's `ErrorCode`).
//! - [`client`]: a small blocking client the desk's sync engine calls.
//!
//! This crate does not depend on copydesk-core (the core's sync engine depends on it); the
//! enums that mirror core's ([`ArticleStatus`], [`Action`]) use the same strings, and the
//! server's tests check that they agree. `docs/newsroom-protocol.md` is the prose version.
#![forbid(unsafe_code)]

pub mod auth;
pub mod client;
pub mod entity;
pub mod lease;
pub mod op;

pub use auth::{SessionInfo, SignIn};
pub use client::{Client, ClientError};
pub use entity::{
    ArticleSnapshot, Change, CommentSnapshot, DeliverySnapshot, Embargo, Entity, LeaseHolder,
    LeaseSnapshot, Page, ProfileSnapshot, PublicationSnapshot, RevisionKind, RevisionSnapshot,
    Schedule, TransitionSnapshot,
};
pub use lease::{LeaseRequest, LeaseResponse};
pub use op::{Op, OpBody, OpOutcome, OpResult, PushRequest, PushResponse};

use serde::{Deserialize, Serialize};

/// Sent in the `Copydesk-Protocol` response header and by `/health`; bumped on a breaking change.
pub const PROTOCOL_VERSION: u32 = 1;

/// The largest request body the server reads, in bytes. One operation always fits (a body of
/// [`MAX_BODY_CHARS`] characters is at most 6 MB as JSON, even if every character needs a
/// `\uXXXX` escape); a desk sizes its batches to stay under it.
pub const MAX_REQUEST_BYTES: usize = 8 * 1024 * 1024;
/// The most operations one push may carry.
pub const MAX_OPS_PER_PUSH: usize = 100;
/// The most changes one pull page holds (a larger `limit` is clamped).
pub const MAX_PAGE: u32 = 500;
/// The longest long poll, in seconds (a larger `wait` is clamped).
pub const MAX_WAIT_SECS: u64 = 30;
/// Longest article body, in characters.
pub const MAX_BODY_CHARS: usize = 1_000_000;
/// Wire files larger than this stay on the desk that took them in (a push request is at most
/// [`MAX_REQUEST_BYTES`], and base64 adds a third).
pub const MAX_SHARED_WIRE_BYTES: usize = 4 * 1024 * 1024;
/// Wire files in one pull page at most, so a page stays a few megabytes.
pub const MAX_WIRE_FILES_PER_PAGE: u32 = 8;

/// The original bytes of a shared wire file, checked against its SHA-256; `None` when the
/// encoding or the hash is wrong (a corrupt message never half-applies).
pub fn wire_original(sha256: &str, original: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    use sha2::Digest as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(original)
        .ok()?;
    let digest = sha2::Sha256::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    (hex == sha256).then_some(bytes)
}

/// base64 of a wire file's original bytes, as [`op::WireFileAdd`] carries them.
pub fn encode_original(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
/// Longest headline, slug, byline and other one-line fields, in characters.
pub const MAX_LINE_CHARS: usize = 1_000;
/// Longest comment, in characters (copydesk-core's `MAX_COMMENT_CHARS`).
pub const MAX_COMMENT_CHARS: usize = 10_000;

/// What a person may do in the newsroom. Writers write and submit; editors also approve,
/// schedule, publish, kill, override embargoes and take over leases; admins are editors who
/// also manage accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Writer,
    Editor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Writer, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Writer => "writer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Editors and admins: may do every workflow move.
    pub fn is_editor(self) -> bool {
        matches!(self, Role::Editor | Role::Admin)
    }
}

/// Where an article stands in the workflow (copydesk-core's `ArticleStatus`, same strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    Draft,
    InReview,
    Ready,
    Scheduled,
    Published,
    Spiked,
    Killed,
}

impl ArticleStatus {
    pub const ALL: [ArticleStatus; 7] = [
        ArticleStatus::Draft,
        ArticleStatus::InReview,
        ArticleStatus::Ready,
        ArticleStatus::Scheduled,
        ArticleStatus::Published,
        ArticleStatus::Spiked,
        ArticleStatus::Killed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ArticleStatus::Draft => "draft",
            ArticleStatus::InReview => "in_review",
            ArticleStatus::Ready => "ready",
            ArticleStatus::Scheduled => "scheduled",
            ArticleStatus::Published => "published",
            ArticleStatus::Spiked => "spiked",
            ArticleStatus::Killed => "killed",
        }
    }

    pub fn parse(s: &str) -> Option<ArticleStatus> {
        ArticleStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A workflow move (copydesk-core's `Action`, same strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Submit,
    Return,
    Approve,
    Schedule,
    Unschedule,
    Publish,
    Correct,
    Kill,
    Spike,
    Unspike,
}

impl Action {
    pub const ALL: [Action; 10] = [
        Action::Submit,
        Action::Return,
        Action::Approve,
        Action::Schedule,
        Action::Unschedule,
        Action::Publish,
        Action::Correct,
        Action::Kill,
        Action::Spike,
        Action::Unspike,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Return => "return",
            Action::Approve => "approve",
            Action::Schedule => "schedule",
            Action::Unschedule => "unschedule",
            Action::Publish => "publish",
            Action::Correct => "correct",
            Action::Kill => "kill",
            Action::Spike => "spike",
            Action::Unspike => "unspike",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Which reading of an ambiguous wall time (an autumn fold) was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disambiguation {
    Earlier,
    Later,
}

/// The stable codes a desk branches on. The strings are copydesk-core's where they exist;
/// `unauthorised`, `locked`, `too_large`, `unavailable` and `offline` are the newsroom's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No such article, comment or account.
    NotFound,
    /// The request or operation is malformed or breaks a rule (empty headline, bad urgency…).
    Invalid,
    /// Stale: the article moved or was saved since the desk's copy (`current` shows it now).
    Conflict,
    /// This move does not exist from the article's current state.
    IllegalTransition,
    /// The account's role may not do this (writers cannot approve, schedule, publish, kill…).
    ForbiddenForRole,
    /// Blocked by an embargo (an editor may override with a reason).
    Embargoed,
    /// Only the author may edit or delete a comment.
    NotAuthor,
    /// A schedule or embargo wall time that does not exist in its zone (a DST gap).
    NonexistentLocalTime,
    /// A wall time that happens twice in its zone (a DST fold): send a `disambiguation`.
    AmbiguousLocalTime,
    /// No valid session: sign in (again). Also wrong name or password.
    Unauthorised,
    /// Someone else holds the article's body lease; the refused text was kept as a revision.
    Locked,
    /// The request body is larger than the server reads.
    TooLarge,
    /// The server cannot reach its database right now; retry later (nothing was applied).
    Unavailable,
    /// Client side only: the server could not be reached at all.
    Offline,
    /// A fault in the server itself.
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 15] = [
        ErrorCode::NotFound,
        ErrorCode::Invalid,
        ErrorCode::Conflict,
        ErrorCode::IllegalTransition,
        ErrorCode::ForbiddenForRole,
        ErrorCode::Embargoed,
        ErrorCode::NotAuthor,
        ErrorCode::NonexistentLocalTime,
        ErrorCode::AmbiguousLocalTime,
        ErrorCode::Unauthorised,
        ErrorCode::Locked,
        ErrorCode::TooLarge,
        ErrorCode::Unavailable,
        ErrorCode::Offline,
        ErrorCode::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::Invalid => "invalid",
            ErrorCode::Conflict => "conflict",
            ErrorCode::IllegalTransition => "illegal_transition",
            ErrorCode::ForbiddenForRole => "forbidden_for_role",
            ErrorCode::Embargoed => "embargoed",
            ErrorCode::NotAuthor => "not_author",
            ErrorCode::NonexistentLocalTime => "nonexistent_local_time",
            ErrorCode::AmbiguousLocalTime => "ambiguous_local_time",
            ErrorCode::Unauthorised => "unauthorised",
            ErrorCode::Locked => "locked",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Offline => "offline",
            ErrorCode::Internal => "internal",
        }
    }

    /// The HTTP status a request-level error is sent with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::NotFound => 404,
            ErrorCode::Invalid => 400,
            ErrorCode::NonexistentLocalTime | ErrorCode::AmbiguousLocalTime => 400,
            ErrorCode::Conflict | ErrorCode::Locked => 409,
            ErrorCode::IllegalTransition | ErrorCode::Embargoed => 409,
            ErrorCode::ForbiddenForRole | ErrorCode::NotAuthor => 403,
            ErrorCode::Unauthorised => 401,
            ErrorCode::TooLarge => 413,
            ErrorCode::Unavailable | ErrorCode::Offline => 503,
            ErrorCode::Internal => 500,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refusal: a stable code and a sentence for the person at the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// The body of every non-2xx answer: `{"error":{"code":…,"message":…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: ApiError,
}

/// `GET /health`: unauthenticated; 200 when the database answers, 503 otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// "ok" or "unavailable".
    pub status: String,
    pub protocol: u32,
    /// The server's migration level.
    pub schema: i32,
}
