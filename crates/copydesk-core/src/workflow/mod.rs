//! The editorial workflow: which moves between states exist, who may make them, schedules
//! picked in a time zone, and embargoes that really block.
//!
//! ```text
//! draft ──submit──▶ in_review ──approve──▶ ready ──schedule──▶ scheduled ──(due)──▶ published
//!   ▲                  │  return              │  ▲ unschedule      │                 │  │
//!   └──────────────────┴──────────────────────┘  └─────────────────┘     correct ◀──┘  └─kill─▶ killed
//! spike: from draft, in_review, ready or scheduled; unspike puts it back where it was.
//! ```
mod checklist;
mod moves;
mod outbox;
pub(crate) mod publishing;
mod schedule;
mod scheduler;
pub(crate) mod webhook;

pub use checklist::{CheckItem, CheckLevel, HEADLINE_LIMIT};
pub use outbox::{
    ninjs, story_folder, write_publication, OutboxFile, OutboxState, Publication, PublicationKind,
};
pub use schedule::{wall_time_to_instant, Disambiguation, Embargo, Schedule};
pub use scheduler::{DueReport, MissedPolicy, Scheduler, MISSED_AFTER};
pub use webhook::{backoff, post as post_webhook, Delivery, DeliveryState, MAX_ATTEMPTS};

use crate::article::ArticleStatus;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// What a person may do: writers write and submit; editors also approve, schedule, publish,
/// kill and override embargoes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Writer,
    Editor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Writer => "writer",
            Role::Editor => "editor",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Submit,
    /// Send back to the writer.
    Return,
    Approve,
    Schedule,
    Unschedule,
    Publish,
    /// A new published version of a published story.
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

    /// Whether only an editor may do this.
    pub fn needs_editor(self) -> bool {
        !matches!(self, Action::Submit | Action::Spike | Action::Unspike)
    }
}

/// Where `action` takes an article that is `from` (for unspike: `spiked_from`), or why not.
pub fn next_status(
    from: ArticleStatus,
    action: Action,
    role: Role,
    spiked_from: Option<ArticleStatus>,
) -> Result<ArticleStatus> {
    use ArticleStatus as S;
    let to = match (action, from) {
        (Action::Submit, S::Draft) => Some(S::InReview),
        (Action::Return, S::InReview | S::Ready) => Some(S::Draft),
        (Action::Approve, S::InReview) => Some(S::Ready),
        (Action::Schedule, S::Ready | S::Scheduled) => Some(S::Scheduled),
        (Action::Unschedule, S::Scheduled) => Some(S::Ready),
        (Action::Publish, S::Ready | S::Scheduled) => Some(S::Published),
        (Action::Correct, S::Published) => Some(S::Published),
        (Action::Kill, S::Published) => Some(S::Killed),
        (Action::Spike, S::Draft | S::InReview | S::Ready | S::Scheduled) => Some(S::Spiked),
        (Action::Unspike, S::Spiked) => Some(match spiked_from {
            None => S::Draft,
            // A spiked schedule comes back ready, not silently scheduled again.
            Some(S::Scheduled) => S::Ready,
            Some(other) => other,
        }),
        _ => None,
    };
    let Some(to) = to else {
        return Err(Error::IllegalTransition {
            action: action.as_str(),
            from: from.as_str(),
        });
    };
    if action.needs_editor() && role != Role::Editor {
        return Err(Error::ForbiddenForRole {
            action: action.as_str(),
            role: role.as_str(),
        });
    }
    Ok(to)
}

/// One logged move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Transition {
    pub id: i64,
    pub article_id: i64,
    pub action: String,
    pub from_status: ArticleStatus,
    pub to_status: ArticleStatus,
    pub actor: String,
    pub role: String,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub at: jiff::Timestamp,
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArticleStatus as S;

    #[test]
    fn every_action_from_every_state_is_either_legal_or_refused() {
        let legal: &[(Action, S, S)] = &[
            (Action::Submit, S::Draft, S::InReview),
            (Action::Return, S::InReview, S::Draft),
            (Action::Return, S::Ready, S::Draft),
            (Action::Approve, S::InReview, S::Ready),
            (Action::Schedule, S::Ready, S::Scheduled),
            (Action::Schedule, S::Scheduled, S::Scheduled),
            (Action::Unschedule, S::Scheduled, S::Ready),
            (Action::Publish, S::Ready, S::Published),
            (Action::Publish, S::Scheduled, S::Published),
            (Action::Correct, S::Published, S::Published),
            (Action::Kill, S::Published, S::Killed),
            (Action::Spike, S::Draft, S::Spiked),
            (Action::Spike, S::InReview, S::Spiked),
            (Action::Spike, S::Ready, S::Spiked),
            (Action::Spike, S::Scheduled, S::Spiked),
            (Action::Unspike, S::Spiked, S::Draft),
        ];
        for action in Action::ALL {
            for from in S::ALL {
                let expected = legal
                    .iter()
                    .find(|(a, f, _)| *a == action && *f == from)
                    .map(|(_, _, to)| *to);
                let got = next_status(from, action, Role::Editor, None);
                match expected {
                    Some(to) => assert_eq!(got.ok(), Some(to), "{action:?} from {from:?}"),
                    None => assert_eq!(
                        got.map_err(|e| e.code()).err(),
                        Some(crate::ErrorCode::IllegalTransition),
                        "{action:?} from {from:?} should be illegal"
                    ),
                }
            }
        }
    }

    #[test]
    fn writers_submit_and_spike_but_do_not_approve_or_publish() {
        assert_eq!(
            next_status(S::Draft, Action::Submit, Role::Writer, None).ok(),
            Some(S::InReview)
        );
        assert!(next_status(S::Draft, Action::Spike, Role::Writer, None).is_ok());
        for (action, from) in [
            (Action::Approve, S::InReview),
            (Action::Return, S::InReview),
            (Action::Schedule, S::Ready),
            (Action::Publish, S::Ready),
            (Action::Kill, S::Published),
            (Action::Correct, S::Published),
        ] {
            let err = next_status(from, action, Role::Writer, None).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::ForbiddenForRole, "{action:?}");
        }
    }

    #[test]
    fn unspike_returns_an_article_where_it_was() {
        for (was, back) in [
            (S::Draft, S::Draft),
            (S::InReview, S::InReview),
            (S::Ready, S::Ready),
            (S::Scheduled, S::Ready),
        ] {
            assert_eq!(
                next_status(S::Spiked, Action::Unspike, Role::Writer, Some(was)).ok(),
                Some(back)
            );
        }
    }
}
