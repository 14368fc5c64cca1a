//! What a desk pulls: snapshots of whole entities as they are now, each with the `seq` of its
//! last change. A desk applies them by id (upsert), in page order; a later snapshot of the same
//! entity replaces an earlier one. Nothing is ever deleted from the feed: a deleted comment is a
//! tombstone (`deleted_at` set, empty body), a released lease has no holder, a revoked account
//! is a profile with `revoked: true`.
use crate::{Action, ArticleStatus, Role};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// When a story is to be published: the instant, and the wall time and zone as picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub at: Timestamp,
    /// IANA zone, e.g. "Europe/Berlin".
    pub zone: String,
    /// The wall time as picked, "YYYY-MM-DDTHH:MM".
    pub wall: String,
}

/// Publication is blocked until `until` (unless an editor overrides with a reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Embargo {
    pub until: Timestamp,
    pub zone: String,
}

/// Who holds an article's body lease, and until when (server time). A lease past
/// `expires_at` is free, even if no change says so: the holder's desk vanished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaseHolder {
    pub account: String,
    pub desk: Uuid,
    pub acquired_at: Timestamp,
    pub expires_at: Timestamp,
}

/// A whole article as the newsroom has it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleSnapshot {
    pub id: Uuid,
    pub slug: String,
    pub headline: String,
    pub standfirst: String,
    pub byline: String,
    pub dateline: String,
    pub section: String,
    pub body: String,
    pub tags: Vec<String>,
    /// 1 (flash) to 8 (lowest); 5 is routine.
    pub urgency: u8,
    pub status: ArticleStatus,
    /// Where a spiked story was (unspike returns it there; a spiked schedule comes back ready).
    pub spiked_from: Option<ArticleStatus>,
    /// The account that created it.
    pub author: String,
    pub word_count: u32,
    /// Bumped by every accepted save (text or metadata); a save names the version it started
    /// from. Workflow moves do not bump it: they check `status` instead.
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub schedule: Option<Schedule>,
    pub embargo: Option<Embargo>,
    pub published_at: Option<Timestamp>,
    /// The body lease as it was when this snapshot was read.
    pub lease: Option<LeaseHolder>,
}

/// Why a revision exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    Created,
    Save,
    /// Autosaves by one person within 5 minutes fold into one revision (it changes in place).
    Autosave,
    Restore,
    /// A save based on an older version: its text, kept aside, not applied.
    Conflict,
    /// A body save while someone else held the lease: its text, kept aside, not applied.
    Unleased,
    /// The text as it stood when an editor took the lease over (in the former holder's name).
    TakeOver,
}

impl RevisionKind {
    pub const ALL: [RevisionKind; 7] = [
        RevisionKind::Created,
        RevisionKind::Save,
        RevisionKind::Autosave,
        RevisionKind::Restore,
        RevisionKind::Conflict,
        RevisionKind::Unleased,
        RevisionKind::TakeOver,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RevisionKind::Created => "created",
            RevisionKind::Save => "save",
            RevisionKind::Autosave => "autosave",
            RevisionKind::Restore => "restore",
            RevisionKind::Conflict => "conflict",
            RevisionKind::Unleased => "unleased",
            RevisionKind::TakeOver => "take_over",
        }
    }

    pub fn parse(s: &str) -> Option<RevisionKind> {
        RevisionKind::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionSnapshot {
    pub id: Uuid,
    pub article: Uuid,
    /// The article version this text became (or, for conflict/unleased, was based on).
    pub version: i64,
    pub kind: RevisionKind,
    pub author: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub headline: String,
    pub standfirst: String,
    pub body: String,
    pub tags: Vec<String>,
}

/// One comment. Threads are one level deep: `parent` is the thread's first comment (None for
/// that first comment), `reply_to` the comment answered. Resolution lives on the first comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentSnapshot {
    pub id: Uuid,
    pub article: Uuid,
    pub parent: Option<Uuid>,
    pub reply_to: Option<Uuid>,
    pub author: String,
    /// Plain text, untrusted. Empty once deleted.
    pub body: String,
    pub created_at: Timestamp,
    pub edited_at: Option<Timestamp>,
    /// A tombstone: the author deleted it. A desk shows a placeholder while something answers
    /// it and drops it otherwise (copydesk-core's rule).
    pub deleted_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub resolved_by: Option<String>,
}

/// One logged workflow move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitionSnapshot {
    pub id: Uuid,
    pub article: Uuid,
    pub action: Action,
    pub from_status: ArticleStatus,
    pub to_status: ArticleStatus,
    pub actor: String,
    pub role: Role,
    pub at: Timestamp,
    pub note: String,
}

/// An account as other desks see it (never its password hash or sessions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileSnapshot {
    pub name: String,
    pub role: Role,
    pub revoked: bool,
}

/// An article's lease changed (acquired, renewed, taken over, released).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaseSnapshot {
    pub article: Uuid,
    /// None: released.
    pub holder: Option<LeaseHolder>,
}

/// One entity, tagged by `type` (`article`, `revision`, `comment`, `transition`, `profile`,
/// `lease`, `wire_file`, `publication`, `delivery`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)]
pub enum Entity {
    Article(ArticleSnapshot),
    Revision(RevisionSnapshot),
    Comment(CommentSnapshot),
    Transition(TransitionSnapshot),
    Profile(ProfileSnapshot),
    Lease(LeaseSnapshot),
    WireFile(WireFileSnapshot),
    Publication(PublicationSnapshot),
    Delivery(DeliverySnapshot),
}

/// The server's webhook delivery of a publication (`copydesk-server --webhook`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliverySnapshot {
    pub id: Uuid,
    pub publication: Uuid,
    /// The address's scheme and host only: the rest may carry a token.
    pub target: String,
    /// `pending`, `delivered` or `failed` (given up).
    pub state: String,
    pub attempts: i64,
    pub next_at: Timestamp,
    pub last_status: Option<i64>,
    pub last_error: String,
}

/// What went out for a story: a publish, correction or kill, recorded by the server with the
/// move that made it (a desk's or its scheduler's), and where the newsroom's outbox wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicationSnapshot {
    pub id: Uuid,
    pub article: Uuid,
    /// `publish`, `correction` or `kill`.
    pub kind: String,
    /// 1 for the first, counting every kind, per story.
    pub number: i64,
    pub at: Timestamp,
    /// When the server's outbox wrote the files; `None` until it has (or with no outbox).
    pub written_at: Option<Timestamp>,
    /// The folder the files went to, on the server's machine.
    pub written_to: Option<String>,
}

/// A wire file shared with the newsroom (see [`crate::op::WireFileAdd`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireFileSnapshot {
    pub sha256: String,
    pub name: String,
    pub received_at: Timestamp,
    /// base64 of the original bytes.
    pub original: String,
    /// The account whose desk sent it first.
    pub added_by: String,
}

/// One entry of a pull page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub seq: i64,
    pub entity: Entity,
}

/// `GET /v1/changes?since=N&limit=M&wait=S`: the entities changed after `since`, oldest
/// change first, at most `limit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    // (Entity tags are `type`, not `kind`: a revision has a `kind` of its own.)
    pub changes: Vec<Change>,
    /// Pass this as the next `since`: the last change's seq, or `since` if there were none.
    pub last_seq: i64,
    /// More changes were waiting beyond this page: pull again at once.
    pub more: bool,
    pub server_time: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_round_trips_through_json() {
        let t = Timestamp::UNIX_EPOCH;
        let entities = vec![
            Entity::Revision(RevisionSnapshot {
                id: Uuid::nil(),
                article: Uuid::nil(),
                version: 2,
                kind: RevisionKind::TakeOver,
                author: "a".into(),
                created_at: t,
                updated_at: t,
                headline: "h".into(),
                standfirst: String::new(),
                body: "b".into(),
                tags: vec!["x".into()],
            }),
            Entity::Transition(TransitionSnapshot {
                id: Uuid::nil(),
                article: Uuid::nil(),
                action: Action::Approve,
                from_status: ArticleStatus::InReview,
                to_status: ArticleStatus::Ready,
                actor: "e".into(),
                role: Role::Editor,
                at: t,
                note: String::new(),
            }),
            Entity::Profile(ProfileSnapshot {
                name: "p".into(),
                role: Role::Admin,
                revoked: false,
            }),
            Entity::Lease(LeaseSnapshot {
                article: Uuid::nil(),
                holder: None,
            }),
        ];
        for e in entities {
            let json = serde_json::to_string(&e).expect("serialises");
            let back: Entity = serde_json::from_str(&json).expect(&json);
            assert_eq!(back, e);
        }
        let json = serde_json::to_value(Entity::Lease(LeaseSnapshot {
            article: Uuid::nil(),
            holder: None,
        }))
        .expect("serialises");
        assert_eq!(json["type"], "lease");
    }
}
