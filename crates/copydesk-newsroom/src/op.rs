//! Operations: each change a desk makes, pushed with `POST /v1/ops`.
//!
//! Every operation carries a UUID the desk made when the change was made (and stored in its
//! queue with it). The server applies an operation once: it keeps every op id with the answer
//! it gave, so resending an operation (after a lost reply, a crash, a reconnect) returns the
//! original answer and changes nothing. An op id sent again with different content is refused
//! with `invalid` (and that refusal is not stored).
use crate::entity::ArticleSnapshot;
use crate::{Action, ApiError, ArticleStatus, Disambiguation};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST /v1/ops`: at most [`crate::MAX_OPS_PER_PUSH`] operations, applied in order, all in
/// one transaction (a savepoint each).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub ops: Vec<Op>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Op {
    pub op_id: Uuid,
    pub op: OpBody,
}

/// What an operation does, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum OpBody {
    ArticleCreate(ArticleCreate),
    ArticleSave(ArticleSave),
    ArticleMove(ArticleMove),
    ArticleSchedule(ArticleSchedule),
    ArticleEmbargo(ArticleEmbargo),
    CommentAdd(CommentAdd),
    CommentEdit(CommentRef),
    CommentDelete(CommentRef),
    CommentResolve(CommentRef),
    CommentReopen(CommentRef),
    WireFileAdd(WireFileAdd),
}

impl OpBody {
    pub fn kind(&self) -> &'static str {
        match self {
            OpBody::ArticleCreate(_) => "article_create",
            OpBody::ArticleSave(_) => "article_save",
            OpBody::ArticleMove(_) => "article_move",
            OpBody::ArticleSchedule(_) => "article_schedule",
            OpBody::ArticleEmbargo(_) => "article_embargo",
            OpBody::CommentAdd(_) => "comment_add",
            OpBody::CommentEdit(_) => "comment_edit",
            OpBody::CommentDelete(_) => "comment_delete",
            OpBody::CommentResolve(_) => "comment_resolve",
            OpBody::CommentReopen(_) => "comment_reopen",
            OpBody::WireFileAdd(_) => "wire_file_add",
        }
    }
}

/// A wire file one desk's inbox took in, shared with the newsroom: stored once by its
/// SHA-256 whichever desk sends it first; every desk imports it from the feed as its own
/// inbox would. At most [`crate::MAX_SHARED_WIRE_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireFileAdd {
    /// Lowercase hex SHA-256 of the original bytes.
    pub sha256: String,
    /// The file's name as received.
    pub name: String,
    pub received_at: Timestamp,
    /// The original bytes, base64 (standard alphabet, padded).
    pub original: String,
}

fn five() -> u8 {
    5
}

/// A new article, in `draft`, authored by the signed-in account. The desk makes its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleCreate {
    pub article: Uuid,
    pub headline: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub standfirst: String,
    #[serde(default)]
    pub byline: String,
    #[serde(default)]
    pub dateline: String,
    #[serde(default)]
    pub section: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default = "five")]
    pub urgency: u8,
}

/// A save: the whole editable metadata, and the body if it changed. Based on `base_version`:
/// a save based on an older version is refused with `conflict` (its text kept as a `conflict`
/// revision). A body change while another desk holds the lease is refused with `locked` (its
/// text kept as an `unleased` revision). Metadata-only saves (`body: null`) need no lease.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleSave {
    pub article: Uuid,
    pub base_version: i64,
    pub headline: String,
    pub slug: String,
    pub standfirst: String,
    pub byline: String,
    pub dateline: String,
    pub section: String,
    pub tags: Vec<String>,
    pub urgency: u8,
    #[serde(default)]
    pub body: Option<String>,
    /// Typing, not an explicit save: folds into the author's open autosave revision.
    #[serde(default)]
    pub autosave: bool,
}

/// A workflow move other than `schedule` (which has [`ArticleSchedule`]). `from` is the status
/// the desk saw: if the article has moved since, the move is refused with `conflict`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleMove {
    pub article: Uuid,
    pub action: Action,
    pub from: ArticleStatus,
    #[serde(default)]
    pub note: String,
    /// Publish despite an active embargo (editors only; logged with the move).
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// Schedule (or reschedule) a ready or scheduled story for a wall time in an IANA zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleSchedule {
    pub article: Uuid,
    pub from: ArticleStatus,
    /// "YYYY-MM-DD HH:MM" (or with a `T`).
    pub wall: String,
    pub zone: String,
    #[serde(default)]
    pub disambiguation: Option<Disambiguation>,
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// Set an embargo (`until`) or lift it (`until: null`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleEmbargo {
    pub article: Uuid,
    pub until: Option<EmbargoUntil>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbargoUntil {
    pub wall: String,
    pub zone: String,
    #[serde(default)]
    pub disambiguation: Option<Disambiguation>,
}

/// A new comment (the desk makes its id); with `reply_to`, an answer in that comment's thread
/// (which reopens the thread).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentAdd {
    pub comment: Uuid,
    pub article: Uuid,
    pub body: String,
    #[serde(default)]
    pub reply_to: Option<Uuid>,
}

/// Edit (with `body`), delete, resolve or reopen a comment. Resolve and reopen act on the
/// thread the comment belongs to. No version check: comments only append or change their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentRef {
    pub comment: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpOutcome {
    /// Applied (or, for a no-op such as resolving a resolved thread, accepted).
    Applied,
    /// Refused for good: resending it gets the same refusal. `error` says why.
    Refused,
}

/// The server's stored answer to one operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpResult {
    pub op_id: Uuid,
    pub outcome: OpOutcome,
    /// The highest seq this operation's changes got (a refusal that kept a revision has one
    /// too). Once a desk has pulled up to it, its working copy shows the effect. None when
    /// nothing was written.
    pub seq: Option<i64>,
    pub error: Option<ApiError>,
    /// For `conflict`, `locked`, `illegal_transition` and `embargoed`: the article as it was
    /// when the operation was refused.
    pub current: Option<ArticleSnapshot>,
    /// The revision the refused text was kept as (`conflict` / `unleased`).
    pub kept_revision: Option<Uuid>,
    /// When the server first answered (a replay shows the original time).
    pub answered_at: Timestamp,
    /// True when this answer is a replay of one stored earlier.
    #[serde(default)]
    pub replayed: bool,
}

/// The answer to a push: one result per operation, in order. If the database fails midway,
/// the push answers 503 `unavailable` instead; the operations that were applied before it are
/// stored, so resending the whole batch is safe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<OpResult>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_op_round_trips_and_unknown_fields_are_refused() {
        let json = r#"{"op_id":"6c8f4b8e-9b7e-4d5e-8b7a-1f2e3d4c5b6a",
            "op":{"kind":"article_move","article":"0e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b",
                  "action":"submit","from":"draft"}}"#;
        let op: Op = serde_json::from_str(json).expect("parses");
        match &op.op {
            OpBody::ArticleMove(m) => {
                assert_eq!(m.action, Action::Submit);
                assert_eq!(m.from, ArticleStatus::Draft);
            }
            other => panic!("parsed as {other:?}"),
        }
        let back: Op = serde_json::from_str(&serde_json::to_string(&op).expect("serialises"))
            .expect("round trip");
        assert_eq!(back, op);

        let extra = json.replace("\"from\":\"draft\"", "\"from\":\"draft\",\"sneaky\":1");
        assert!(serde_json::from_str::<Op>(&extra).is_err(), "unknown field");
        let outer = json.replacen("{\"op_id\"", "{\"x\":1,\"op_id\"", 1);
        assert!(
            serde_json::from_str::<Op>(&outer).is_err(),
            "unknown outer field"
        );
        let kind = json.replace("article_move", "article_nuke");
        assert!(serde_json::from_str::<Op>(&kind).is_err(), "unknown kind");
        let action = json.replace("\"submit\"", "\"launch\"");
        assert!(
            serde_json::from_str::<Op>(&action).is_err(),
            "unknown action"
        );
    }

    #[test]
    fn a_comment_edit_carries_its_body() {
        let op = Op {
            op_id: Uuid::nil(),
            op: OpBody::CommentEdit(CommentRef {
                comment: Uuid::nil(),
                body: Some("better".into()),
            }),
        };
        let json = serde_json::to_value(&op).expect("serialises");
        assert_eq!(json["op"]["kind"], "comment_edit");
        assert_eq!(json["op"]["body"], "better");
    }
}
