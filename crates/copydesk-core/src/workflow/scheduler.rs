//! The scheduler: publishes scheduled stories when they come due, exactly once and never
//! early, decides what happens to stories missed while the desk was closed, and retries
//! outbox writes and webhook deliveries that failed.
use super::moves::Actor;
use super::Role;
use crate::article::{self, from_ms, ArticleId, ArticleSummary};
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::store::settings;
use jiff::{SignedDuration, Timestamp};
use rusqlite::Connection;
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

    /// The stored setting; anything unknown is the default, publish now.
    pub fn parse(stored: &str) -> Self {
        match stored {
            "ask" => MissedPolicy::Ask,
            _ => MissedPolicy::PublishNow,
        }
    }
}

/// The settings key of the desk's missed-story policy.
const MISSED_POLICY_SETTING: &str = "missed_policy";

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
    /// Due but stopped by a blocking checklist item (say, the wire source was killed): they
    /// stay scheduled until an editor publishes them with a reason or unschedules them.
    pub blocked: Vec<ArticleId>,
}

impl DueReport {
    /// This report without the held, embargoed and blocked stories `before` already named,
    /// so a story that stays stuck is reported once, not at every tick.
    fn news_since(&self, before: &DueReport) -> DueReport {
        let new = |now: &[ArticleId], then: &[ArticleId]| -> Vec<ArticleId> {
            now.iter()
                .copied()
                .filter(|id| !then.contains(id))
                .collect()
        };
        DueReport {
            published: self.published.clone(),
            published_late: self.published_late.clone(),
            held: new(&self.held, &before.held),
            embargoed: new(&self.embargoed, &before.embargoed),
            blocked: new(&self.blocked, &before.blocked),
        }
    }
}

/// Scheduled stories due at `now`, earliest first, with when each was due.
fn due(conn: &Connection, now: Timestamp) -> Result<Vec<(ArticleId, Timestamp)>> {
    let mut stmt = conn.prepare_cached(
        // A newsroom's stories are published by its server, once, not by each desk.
        "SELECT id, scheduled_at FROM articles
          WHERE status = 'scheduled' AND scheduled_at <= ?1
            AND (local_only = 1 OR NOT EXISTS (SELECT 1 FROM newsroom))
          ORDER BY scheduled_at, id",
    )?;
    let rows = stmt
        .query_map([now.as_millisecond()], |r| {
            Ok((r.get(0)?, from_ms(r.get(1)?)))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

impl Desk {
    /// Publishes every scheduled story that is due, exactly once, never early. Missed ones
    /// (due more than [`MISSED_AFTER`] ago) follow `policy`. Also retries outbox writes that
    /// failed before.
    pub fn publish_due(&self, policy: MissedPolicy) -> Result<DueReport> {
        let now = self.now();
        let due = self.store().read(|c| due(c, now))?;
        let mut report = DueReport::default();
        let scheduler = Actor {
            name: "scheduler".into(),
            role: Role::Editor,
        };
        for (id, at) in due {
            let late = now.duration_since(at) > MISSED_AFTER;
            if late && policy == MissedPolicy::Ask {
                report.held.push(id);
                continue;
            }
            let note = if late {
                format!("published late: it was due at {at}")
            } else {
                "published on schedule".to_string()
            };
            match self.publish_as(id, &scheduler, None, &note) {
                Ok(_) if late => report.published_late.push(id),
                Ok(_) => report.published.push(id),
                Err(Error::Embargoed { .. }) => report.embargoed.push(id),
                Err(Error::Blocked { .. }) => report.blocked.push(id),
                // Moved meanwhile (unscheduled, spiked, published by hand): nothing to do.
                Err(Error::IllegalTransition { .. } | Error::MovedElsewhere { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        self.write_unwritten()?;
        self.deliver_due()?;
        Ok(report)
    }

    /// What the running scheduler does with missed stories (default: publish them now).
    pub fn missed_policy(&self) -> Result<MissedPolicy> {
        let value = self
            .store()
            .read(|c| settings::get(c, MISSED_POLICY_SETTING))?;
        Ok(value
            .as_deref()
            .map(MissedPolicy::parse)
            .unwrap_or_default())
    }

    /// Changes the missed-story policy; editors only, as it decides what gets published.
    pub fn set_missed_policy(&self, policy: MissedPolicy) -> Result<()> {
        self.require_editor("change what happens to missed stories")?;
        self.store()
            .write(|tx| settings::put(tx, MISSED_POLICY_SETTING, Some(policy.as_str())))
    }

    /// Scheduled stories whose time has passed but which were held (policy `ask`).
    pub fn overdue(&self) -> Result<Vec<ArticleSummary>> {
        let now = self.now().as_millisecond();
        self.store().read(|c| {
            article::list_where(
                c,
                "status = 'scheduled' AND scheduled_at <= ?1",
                "updated_at DESC, id DESC",
                [now],
            )
        })
    }

    /// Scheduled and published stories with a time in `[from, to)`, earliest first.
    pub fn calendar(&self, from: Timestamp, to: Timestamp) -> Result<Vec<ArticleSummary>> {
        self.store().read(|c| {
            article::list_where(
                c,
                "(status = 'scheduled' AND scheduled_at >= ?1 AND scheduled_at < ?2)
                  OR (status IN ('published', 'killed') AND published_at >= ?1 AND published_at < ?2)",
                "coalesce(scheduled_at, published_at), id",
                [from.as_millisecond(), to.as_millisecond()],
            )
        })
    }

    /// Runs [`Desk::publish_due`] at once and then every `tick` until the handle is dropped,
    /// reporting each story that is held, embargoed or blocked once, when it first is.
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
            .spawn(move || {
                let mut before = DueReport::default();
                loop {
                    let due = desk
                        .missed_policy()
                        .and_then(|policy| desk.publish_due(policy));
                    match due {
                        Ok(report) => {
                            on_report(&report.news_since(&before));
                            before = report;
                        }
                        Err(e) => tracing::error!("scheduler: {e}"),
                    }
                    match stopped.recv_timeout(tick) {
                        Err(mpsc::RecvTimeoutError::Timeout) => continue,
                        _ => break,
                    }
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
