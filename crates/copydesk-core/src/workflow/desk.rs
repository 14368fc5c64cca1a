//! The workflow half of the desk's API: moving articles between states, scheduling, embargoes,
//! publishing to the outbox, and the scheduler that publishes what is due.
use super::outbox::{self, OutboxFile, Publication, PublicationKind};
use super::schedule::{wall_time_to_instant, Disambiguation};
use super::{next_status, Action, Role, Transition};
use crate::article::{self, from_ms, Article, ArticleId, ArticleStatus, ArticleSummary};
use crate::change::Change;
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::store::settings;
use jiff::{SignedDuration, Timestamp};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// A scheduled time this far in the past when the scheduler first sees it counts as missed
/// (the app was closed or the machine asleep), not merely due.
pub const MISSED_AFTER: SignedDuration = SignedDuration::from_mins(2);

/// What to do with scheduled stories whose time passed while nobody was watching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MissedPolicy {
    /// Publish them now (and say so).
    #[default]
    PublishNow,
    /// Hold them and ask an editor.
    Ask,
}

impl MissedPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            MissedPolicy::PublishNow => "publish_now",
            MissedPolicy::Ask => "ask",
        }
    }
}

/// The settings key of the desk's missed-story policy.
pub const MISSED_POLICY_SETTING: &str = "missed_policy";

/// What one run of the scheduler did. Nothing due is ever skipped silently: each is in one list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DueReport {
    pub published: Vec<ArticleId>,
    /// Published late: their time passed while the desk was closed or asleep.
    pub published_late: Vec<ArticleId>,
    /// Missed and held for an editor to decide (policy `ask`).
    pub held: Vec<ArticleId>,
    /// Due but still under embargo: they stay scheduled.
    pub embargoed: Vec<ArticleId>,
}

struct Actor {
    name: String,
    role: Role,
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
/// and logs it.
fn move_article(
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
        return Err(Error::IllegalTransition {
            action: action.as_str(),
            from: "being changed by someone else",
        });
    }
    tx.execute(
        "INSERT INTO transitions (article_id, action, from_status, to_status, actor, role, at, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            action.as_str(),
            from.as_str(),
            to.as_str(),
            actor.name,
            actor.role.as_str(),
            now.as_millisecond(),
            note
        ],
    )?;
    Ok((from, current))
}

/// Refuses to let an embargoed story out before `at`, unless an editor gives a reason.
fn check_embargo(article: &Article, at: Timestamp, override_reason: Option<&str>) -> Result<()> {
    let Some(embargo) = &article.embargo else {
        return Ok(());
    };
    if !embargo.is_active(at) {
        return Ok(());
    }
    match override_reason.map(str::trim) {
        Some(reason) if !reason.is_empty() => Ok(()),
        _ => Err(Error::Embargoed {
            until: embargo.until.to_string(),
            zone: embargo.zone.clone(),
        }),
    }
}

fn override_note(note: &str, override_reason: Option<&str>) -> String {
    match override_reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reason) if note.is_empty() => format!("embargo overridden: {reason}"),
        Some(reason) => format!("{note} (embargo overridden: {reason})"),
        None => note.to_string(),
    }
}

fn record_publication(
    tx: &Transaction<'_>,
    id: ArticleId,
    kind: PublicationKind,
    now: Timestamp,
) -> Result<i64> {
    let number: i64 = tx.query_row(
        "SELECT count(*) + 1 FROM publications WHERE article_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO publications (article_id, kind, number, at) VALUES (?1, ?2, ?3, ?4)",
        params![id, kind.as_str(), number, now.as_millisecond()],
    )?;
    let publication = tx.last_insert_rowid();
    super::webhook::enqueue(tx, publication, now)?;
    Ok(publication)
}

impl Desk {
    fn actor(&self) -> Actor {
        let profile = self.profile();
        Actor {
            name: profile.name,
            role: profile.role,
        }
    }

    fn moved(&self, article: Article) -> Article {
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
            move_article(tx, id, action, &actor, now, note)?;
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
        let note = override_note(&format!("for {shown} {zone}"), override_reason);
        let article = self.store().write(|tx| {
            let current = article::get(tx, id)?;
            check_embargo(&current, at, override_reason)?;
            move_article(tx, id, Action::Schedule, &actor, now, &note)?;
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

    /// Publishes a ready or scheduled article now. An active embargo blocks it unless an
    /// editor gives a reason, which is logged.
    pub fn publish(&self, id: ArticleId, override_reason: Option<&str>) -> Result<Article> {
        let actor = self.actor();
        self.publish_as(id, &actor, override_reason, "")
    }

    fn publish_as(
        &self,
        id: ArticleId,
        actor: &Actor,
        override_reason: Option<&str>,
        note: &str,
    ) -> Result<Article> {
        let now = self.now();
        let note = override_note(note, override_reason);
        let (article, publication) = self.store().write(|tx| {
            let current = article::get(tx, id)?;
            // The role is checked before the embargo, so a writer hears "ask an editor".
            next_status(current.status, Action::Publish, actor.role, None)?;
            check_embargo(&current, now, override_reason)?;
            move_article(tx, id, Action::Publish, actor, now, &note)?;
            tx.execute(
                "UPDATE articles SET published_at = ?2 WHERE id = ?1",
                params![id, now.as_millisecond()],
            )?;
            let publication = record_publication(tx, id, PublicationKind::Publish, now)?;
            Ok((article::get(tx, id)?, publication))
        })?;
        // Committed: the story is published even if the outbox cannot be written now; the
        // write is retried by the scheduler and its state is shown.
        self.write_publication(publication);
        Ok(self.moved(article))
    }

    /// Publishes the current text of a published story again, as a correction.
    pub fn correct(&self, id: ArticleId, note: &str) -> Result<Article> {
        self.republish(id, Action::Correct, PublicationKind::Correction, note)
    }

    /// Withdraws a published story: a kill notice goes to the outbox.
    pub fn kill(&self, id: ArticleId, note: &str) -> Result<Article> {
        self.republish(id, Action::Kill, PublicationKind::Kill, note)
    }

    fn republish(
        &self,
        id: ArticleId,
        action: Action,
        kind: PublicationKind,
        note: &str,
    ) -> Result<Article> {
        let now = self.now();
        let actor = self.actor();
        let (article, publication) = self.store().write(|tx| {
            move_article(tx, id, action, &actor, now, note)?;
            let publication = record_publication(tx, id, kind, now)?;
            Ok((article::get(tx, id)?, publication))
        })?;
        self.write_publication(publication);
        Ok(self.moved(article))
    }

    /// Writes one recorded publication's files and records how it went.
    fn write_publication(&self, publication_id: i64) {
        let outbox = self.config().outbox.clone();
        let result = self.store().read(|c| {
            let (article_id, kind, number, at): (i64, String, i64, i64) = c.query_row(
                "SELECT article_id, kind, number, at FROM publications WHERE id = ?1",
                [publication_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            let article = article::get(c, article_id)?;
            Ok((article, PublicationKind::parse(&kind), number, from_ms(at)))
        });
        let written: Result<Vec<OutboxFile>> = result.and_then(|(article, kind, number, at)| {
            outbox::write(&outbox, &article, kind, number, at)
        });
        let (state, detail) = match &written {
            Ok(files) => (
                "written",
                files
                    .iter()
                    .map(|f| f.path.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Err(e) => ("failed", e.to_string()),
        };
        if let Err(e) = self.store().write(|tx| {
            tx.execute(
                "UPDATE publications SET outbox = ?2, detail = ?3 WHERE id = ?1",
                params![publication_id, state, detail],
            )?;
            Ok(())
        }) {
            tracing::error!(
                "could not record the outbox state of publication {publication_id}: {e}"
            );
        }
    }

    /// Publishes every scheduled story that is due, exactly once, never early. Missed ones
    /// (due more than [`MISSED_AFTER`] ago) follow `policy`. Also retries outbox writes that
    /// failed before.
    pub fn publish_due(&self, policy: MissedPolicy) -> Result<DueReport> {
        let now = self.now();
        let due: Vec<(ArticleId, i64)> = self.store().read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, scheduled_at FROM articles
                  WHERE status = 'scheduled' AND scheduled_at <= ?1 ORDER BY scheduled_at, id",
            )?;
            let rows = stmt
                .query_map([now.as_millisecond()], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })?;
        let mut report = DueReport::default();
        let scheduler = Actor {
            name: "scheduler".into(),
            role: Role::Editor,
        };
        for (id, at) in due {
            let late = now.duration_since(from_ms(at)) > MISSED_AFTER;
            if late && policy == MissedPolicy::Ask {
                report.held.push(id);
                continue;
            }
            let note = if late {
                format!("published late: it was due at {}", from_ms(at))
            } else {
                "published on schedule".to_string()
            };
            match self.publish_as(id, &scheduler, None, &note) {
                Ok(_) if late => report.published_late.push(id),
                Ok(_) => report.published.push(id),
                Err(Error::Embargoed { .. }) => report.embargoed.push(id),
                // Moved meanwhile (unscheduled, spiked, published by hand): nothing to do.
                Err(Error::IllegalTransition { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        let unwritten: Vec<i64> = self.store().read(|c| {
            let mut stmt =
                c.prepare_cached("SELECT id FROM publications WHERE outbox != 'written'")?;
            let rows = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            Ok(rows)
        })?;
        for publication in unwritten {
            self.write_publication(publication);
        }
        self.deliver_due()?;
        Ok(report)
    }

    /// POSTs every webhook delivery that is due, recording each answer; failures are retried
    /// later with growing waits.
    pub fn deliver_due(&self) -> Result<()> {
        let now = self.now();
        let due = self.store().read(|c| super::webhook::due(c, now))?;
        for (delivery, publication, url) in due {
            let json = self.store().read(|c| {
                let (article_id, kind, number, at): (i64, String, i64, i64) = c.query_row(
                    "SELECT article_id, kind, number, at FROM publications WHERE id = ?1",
                    [publication],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?;
                let article = article::get(c, article_id)?;
                Ok(outbox::ninjs(
                    &article,
                    PublicationKind::parse(&kind),
                    number,
                    from_ms(at),
                ))
            })?;
            // Outside any transaction: the network can take its time without holding the writer.
            let outcome = super::webhook::post(&url, &json);
            let now = self.now();
            let (article_id, delivery) = self.store().write(|tx| {
                super::webhook::record(tx, delivery, outcome, now)?;
                super::webhook::get(tx, delivery)
            })?;
            self.announce(Change::DeliveryUpdated {
                article_id,
                delivery,
            });
        }
        Ok(())
    }

    /// Queues a webhook delivery that failed (or is waiting out a backoff) to be sent at the
    /// scheduler's next run. Editors only, like publishing.
    pub fn retry_delivery(&self, id: i64) -> Result<super::webhook::Delivery> {
        self.require_editor("retry a webhook delivery")?;
        let now = self.now();
        let (article_id, delivery) = self.store().write(|tx| {
            super::webhook::retry(tx, id, now)?;
            super::webhook::get(tx, id)
        })?;
        self.announce(Change::DeliveryUpdated {
            article_id,
            delivery: delivery.clone(),
        });
        Ok(delivery)
    }

    /// What an editor should see before publishing (at `at`, default now) or scheduling.
    pub fn checklist(&self, id: ArticleId, at: Option<Timestamp>) -> Result<Vec<super::CheckItem>> {
        let now = self.now();
        self.store().read(|c| {
            let article = article::get(c, id)?;
            let publish_at = at
                .or(article.schedule.as_ref().map(|s| s.at))
                .unwrap_or(now);
            let wire = match article.wire_item_id {
                None => None,
                Some(item) => c
                    .query_row(
                        "SELECT s.killed, i.version, s.latest_version
                           FROM wire_items i JOIN wire_stories s ON s.id = i.story_id
                          WHERE i.id = ?1",
                        [item],
                        |r| {
                            Ok((
                                r.get::<_, bool>(0)?,
                                r.get::<_, i64>(1)?,
                                r.get::<_, i64>(2)?,
                            ))
                        },
                    )
                    .optional()?
                    .map(|(killed, used, latest)| super::checklist::WireSourceState {
                        killed,
                        newer_version: (latest > used).then_some(latest),
                    }),
            };
            Ok(super::checklist::check(&article, publish_at, now, wire))
        })
    }

    /// Sets (or with `None` clears) the webhook that published stories are POSTed to.
    pub fn set_webhook(&self, url: Option<&str>) -> Result<()> {
        let url = url.map(str::trim).filter(|u| !u.is_empty());
        if let Some(u) = url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                return Err(Error::Invalid(format!(
                    "{u} is not a web address (it must start with https:// or http://)"
                )));
            }
        }
        self.store()
            .write(|tx| settings::put(tx, super::webhook::WEBHOOK_SETTING, url))
    }

    /// What the running scheduler does with missed stories (default: publish them now).
    pub fn missed_policy(&self) -> Result<MissedPolicy> {
        let value = self
            .store()
            .read(|c| settings::get(c, MISSED_POLICY_SETTING))?;
        Ok(match value.as_deref() {
            Some("ask") => MissedPolicy::Ask,
            _ => MissedPolicy::PublishNow,
        })
    }

    /// Changes the missed-story policy; editors only, as it decides what gets published.
    pub fn set_missed_policy(&self, policy: MissedPolicy) -> Result<()> {
        self.require_editor("change what happens to missed stories")?;
        self.store()
            .write(|tx| settings::put(tx, MISSED_POLICY_SETTING, Some(policy.as_str())))
    }

    pub fn webhook(&self) -> Result<Option<String>> {
        self.store().read(super::webhook::url)
    }

    /// The webhook deliveries of an article's publications, oldest first.
    pub fn deliveries(&self, id: ArticleId) -> Result<Vec<super::webhook::Delivery>> {
        self.store().read(|c| super::webhook::list(c, id))
    }

    /// Scheduled stories whose time has passed but which were held (policy `ask`).
    pub fn overdue(&self) -> Result<Vec<ArticleSummary>> {
        let now = self.now().as_millisecond();
        Ok(self
            .articles()?
            .into_iter()
            .filter(|a| {
                a.status == ArticleStatus::Scheduled
                    && a.scheduled_at.is_some_and(|t| t.as_millisecond() <= now)
            })
            .collect())
    }

    /// Scheduled and published stories with a time in `[from, to)`, earliest first.
    pub fn calendar(&self, from: Timestamp, to: Timestamp) -> Result<Vec<ArticleSummary>> {
        let ids: Vec<ArticleId> = self.store().read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id FROM articles
                  WHERE (status = 'scheduled' AND scheduled_at >= ?1 AND scheduled_at < ?2)
                     OR (status IN ('published', 'killed') AND published_at >= ?1 AND published_at < ?2)
                  ORDER BY coalesce(scheduled_at, published_at), id",
            )?;
            let rows = stmt
                .query_map(params![from.as_millisecond(), to.as_millisecond()], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })?;
        let all = self.articles()?;
        Ok(ids
            .into_iter()
            .filter_map(|id| all.iter().find(|a| a.id == id).cloned())
            .collect())
    }

    pub fn transitions(&self, id: ArticleId) -> Result<Vec<Transition>> {
        self.store().read(|c| {
            let mut stmt = c.prepare_cached(
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
        })
    }

    pub fn publications(&self, id: ArticleId) -> Result<Vec<Publication>> {
        self.store().read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, article_id, kind, number, at, outbox, detail
                   FROM publications WHERE article_id = ?1 ORDER BY id",
            )?;
            let rows = stmt
                .query_map([id], |r| {
                    Ok(Publication {
                        id: r.get(0)?,
                        article_id: r.get(1)?,
                        kind: PublicationKind::parse(&r.get::<_, String>(2)?),
                        number: r.get(3)?,
                        at: from_ms(r.get(4)?),
                        outbox: r.get(5)?,
                        detail: r.get(6)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// Runs [`Desk::publish_due`] at once and then every `tick` until the handle is dropped.
    /// It reads the wall clock each time rather than sleeping until the next due story, so a
    /// suspended machine catches up as soon as it wakes. The missed-story policy is read from
    /// the desk's settings at each run, so a change in Settings applies at the next tick.
    pub fn start_scheduler(
        self: &Arc<Self>,
        tick: Duration,
        on_report: impl Fn(&DueReport) + Send + 'static,
    ) -> Result<Scheduler> {
        let desk = self.clone();
        let (stop, stopped) = mpsc::channel::<()>();
        let worker = std::thread::Builder::new()
            .name("scheduler".into())
            .spawn(move || loop {
                let due = desk
                    .missed_policy()
                    .and_then(|policy| desk.publish_due(policy));
                match due {
                    Ok(report) => on_report(&report),
                    Err(e) => tracing::error!("scheduler: {e}"),
                }
                match stopped.recv_timeout(tick) {
                    Err(mpsc::RecvTimeoutError::Timeout) => continue,
                    _ => break,
                }
            })
            .map_err(|e| Error::io("cannot start the scheduler", e))?;
        Ok(Scheduler {
            stop: Some(stop),
            worker: Some(worker),
        })
    }
}

/// The running scheduler; dropping it stops it.
#[derive(Debug)]
pub struct Scheduler {
    stop: Option<mpsc::Sender<()>>,
    worker: Option<JoinHandle<()>>,
}

impl Drop for Scheduler {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}
