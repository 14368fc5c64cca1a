//! Moving articles between workflow states: the checked move itself, schedules and embargoes
//! (which are moves too), and the log of every move.
use super::schedule::{wall_time_to_instant, Disambiguation};
use super::{next_status, Action, Role, Transition};
use crate::article::{self, from_ms, Article, ArticleId, ArticleStatus};
use crate::change::Change;
use crate::desk::Desk;
use crate::error::{Error, Result};
use copydesk_newsroom::op::{ArticleEmbargo, ArticleMove, ArticleSchedule, EmbargoUntil, OpBody};
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// Who makes a move, as recorded in the log.
pub(super) struct Actor {
    pub(super) name: String,
    pub(super) role: Role,
}

fn spiked_from(tx: &Transaction<'_>, id: ArticleId) -> Result<Option<ArticleStatus>> {
    let stored: Option<Option<String>> = tx
        .query_row(
            "SELECT spiked_from FROM articles WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(stored.flatten().map(|s| ArticleStatus::parse(&s)))
}

/// Moves an article in one transaction: checks the move, guards against a concurrent one,
/// and logs it. Returns the status it left and the article as it was before the move.
pub(super) fn move_article(
    tx: &Transaction<'_>,
    id: ArticleId,
    action: Action,
    actor: &Actor,
    now: Timestamp,
    note: &str,
) -> Result<(ArticleStatus, Article)> {
    let current = article::get(tx, id)?;
    let from = current.status;
    let to = next_status(from, action, actor.role, spiked_from(tx, id)?)?;
    let changed = tx.execute(
        "UPDATE articles SET status = ?2, updated_at = ?3,
                spiked_from = CASE WHEN ?2 = 'spiked' THEN ?4 ELSE NULL END
          WHERE id = ?1 AND status = ?4",
        params![id, to.as_str(), now.as_millisecond(), from.as_str()],
    )?;
    if changed == 0 {
        return Err(Error::MovedElsewhere {
            id,
            action: action.as_str(),
        });
    }
    tx.execute(
        "INSERT INTO transitions (article_id, action, from_status, to_status, actor, role, at, note,
                                  uuid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            action.as_str(),
            from.as_str(),
            to.as_str(),
            actor.name,
            actor.role.as_str(),
            now.as_millisecond(),
            note,
            crate::newsroom::new_id(),
        ],
    )?;
    Ok((from, current))
}

/// Queues a move for the newsroom (if the desk is in one), as made here.
pub(super) fn queue_move(
    tx: &Transaction<'_>,
    id: ArticleId,
    action: Action,
    from: ArticleStatus,
    note: &str,
    override_reason: Option<&str>,
    now: Timestamp,
) -> Result<()> {
    let (Some(action), Some(from)) = (
        copydesk_newsroom::Action::parse(action.as_str()),
        copydesk_newsroom::ArticleStatus::parse(from.as_str()),
    ) else {
        return Err(Error::Internal(format!(
            "{} from {} has no newsroom name",
            action.as_str(),
            from.as_str()
        )));
    };
    crate::newsroom::queue_for_article(tx, id, now, |article| {
        OpBody::ArticleMove(ArticleMove {
            article,
            action,
            from,
            note: note.to_string(),
            override_reason: override_reason.map(str::to_string),
        })
    })
}

fn newsroom_choice(choice: Option<Disambiguation>) -> Option<copydesk_newsroom::Disambiguation> {
    choice.map(|c| match c {
        Disambiguation::Earlier => copydesk_newsroom::Disambiguation::Earlier,
        Disambiguation::Later => copydesk_newsroom::Disambiguation::Later,
    })
}

/// Refuses to let a story out at `at` while an embargo is active or the checklist has blocking
/// items, unless an editor gives a reason. Returns what the reason overrode, for the log.
pub(super) fn check_release(
    tx: &Transaction<'_>,
    article: &Article,
    at: Timestamp,
    override_reason: Option<&str>,
) -> Result<Option<&'static str>> {
    let reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
    let embargoed = article.embargo.as_ref().filter(|e| e.is_active(at));
    let wire = match article.wire_item_id {
        Some(item) => super::checklist::wire_source(tx, item)?,
        None => None,
    };
    let blockers = super::checklist::blockers(article, wire.as_ref());
    match (embargoed, blockers.is_empty(), reason) {
        (None, true, _) => Ok(None),
        (Some(embargo), _, None) => Err(Error::Embargoed {
            until: embargo.until.to_string(),
            zone: embargo.zone.clone(),
        }),
        (None, false, None) => Err(Error::Blocked { items: blockers }),
        (Some(_), true, Some(_)) => Ok(Some("embargo")),
        (None, false, Some(_)) => Ok(Some("checklist")),
        (Some(_), false, Some(_)) => Ok(Some("embargo and checklist")),
    }
}

/// The log note of a move, with the editor's override reason when one was needed.
pub(super) fn override_note(
    note: &str,
    overridden: Option<&str>,
    override_reason: Option<&str>,
) -> String {
    match (overridden, override_reason.map(str::trim)) {
        (Some(what), Some(reason)) if note.is_empty() => format!("{what} overridden: {reason}"),
        (Some(what), Some(reason)) => format!("{note} ({what} overridden: {reason})"),
        _ => note.to_string(),
    }
}

/// An article's logged moves, oldest first.
fn transitions(conn: &Connection, id: ArticleId) -> Result<Vec<Transition>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, article_id, action, from_status, to_status, actor, role, at, note
           FROM transitions WHERE article_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(Transition {
                id: r.get(0)?,
                article_id: r.get(1)?,
                action: r.get(2)?,
                from_status: ArticleStatus::parse(&r.get::<_, String>(3)?),
                to_status: ArticleStatus::parse(&r.get::<_, String>(4)?),
                actor: r.get(5)?,
                role: r.get(6)?,
                at: from_ms(r.get(7)?),
                note: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

impl Desk {
    pub(super) fn actor(&self) -> Actor {
        let profile = self.profile();
        Actor {
            name: profile.name,
            role: profile.role,
        }
    }

    /// Announces a moved article and hands it back.
    pub(super) fn moved(&self, article: Article) -> Article {
        self.announce(Change::ArticleSaved {
            article: article::summary(&article),
        });
        article
    }

    /// Submit, return, approve, unschedule, spike or unspike an article.
    pub fn act(&self, id: ArticleId, action: Action, note: &str) -> Result<Article> {
        match action {
            Action::Schedule | Action::Publish | Action::Correct | Action::Kill => {
                return Err(Error::Invalid(format!(
                    "{} has its own command",
                    action.as_str()
                )))
            }
            _ => {}
        }
        let now = self.now();
        let actor = self.actor();
        let article = self.store().write(|tx| {
            let (from, _) = move_article(tx, id, action, &actor, now, note)?;
            queue_move(tx, id, action, from, note, None, now)?;
            if action == Action::Unschedule {
                tx.execute(
                    "UPDATE articles SET scheduled_at = NULL, schedule_zone = NULL,
                            schedule_wall = NULL WHERE id = ?1",
                    [id],
                )?;
            }
            article::get(tx, id)
        })?;
        Ok(self.moved(article))
    }

    /// Schedules a ready (or rescheduled) article for a wall time in a zone.
    pub fn schedule_article(
        &self,
        id: ArticleId,
        wall: &str,
        zone: &str,
        choice: Option<Disambiguation>,
        override_reason: Option<&str>,
    ) -> Result<Article> {
        let (at, shown) = wall_time_to_instant(wall, zone, choice)?;
        let now = self.now();
        if at <= now {
            return Err(Error::Invalid(format!(
                "{shown} {zone} has already passed; pick a time in the future or publish now"
            )));
        }
        let actor = self.actor();
        let article = self.store().write(|tx| {
            let current = article::get(tx, id)?;
            // The role is checked first, so a writer hears "ask an editor".
            next_status(current.status, Action::Schedule, actor.role, None)?;
            let overridden = check_release(tx, &current, at, override_reason)?;
            let note = override_note(&format!("for {shown} {zone}"), overridden, override_reason);
            let (from, _) = move_article(tx, id, Action::Schedule, &actor, now, &note)?;
            let from = copydesk_newsroom::ArticleStatus::parse(from.as_str())
                .unwrap_or(copydesk_newsroom::ArticleStatus::Ready);
            crate::newsroom::queue_for_article(tx, id, now, |article| {
                OpBody::ArticleSchedule(ArticleSchedule {
                    article,
                    from,
                    wall: shown.clone(),
                    zone: zone.to_string(),
                    disambiguation: newsroom_choice(choice),
                    override_reason: override_reason.map(str::to_string),
                })
            })?;
            tx.execute(
                "UPDATE articles SET scheduled_at = ?2, schedule_zone = ?3, schedule_wall = ?4
                  WHERE id = ?1",
                params![id, at.as_millisecond(), zone, shown],
            )?;
            article::get(tx, id)
        })?;
        Ok(self.moved(article))
    }

    /// Sets (or with `None`, lifts) an article's embargo.
    pub fn set_embargo(
        &self,
        id: ArticleId,
        until: Option<(&str, &str, Option<Disambiguation>)>,
    ) -> Result<Article> {
        let at = match until {
            Some((wall, zone, choice)) => Some((wall_time_to_instant(wall, zone, choice)?.0, zone)),
            None => None,
        };
        let now = self.now();
        let article = self.store().write(|tx| {
            article::get(tx, id)?;
            crate::newsroom::queue_for_article(tx, id, now, |article| {
                OpBody::ArticleEmbargo(ArticleEmbargo {
                    article,
                    until: until.map(|(wall, zone, choice)| EmbargoUntil {
                        wall: wall.to_string(),
                        zone: zone.to_string(),
                        disambiguation: newsroom_choice(choice),
                    }),
                })
            })?;
            tx.execute(
                "UPDATE articles SET embargo_until = ?2, embargo_zone = ?3, updated_at = ?4
                  WHERE id = ?1",
                params![
                    id,
                    at.map(|(t, _)| t.as_millisecond()),
                    at.map(|(_, z)| z),
                    now.as_millisecond()
                ],
            )?;
            article::get(tx, id)
        })?;
        Ok(self.moved(article))
    }

    /// An article's logged moves, oldest first.
    pub fn transitions(&self, id: ArticleId) -> Result<Vec<Transition>> {
        self.store().read(|c| transitions(c, id))
    }
}
