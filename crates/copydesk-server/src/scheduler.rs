//! The newsroom's one scheduler: publishes scheduled stories when they fall due, exactly once,
//! however many server processes run. Desks never publish a newsroom story on their own (their
//! local scheduler skips them), so an offline desk cannot publish twice or early.
//!
//! Exactly once comes from the database, not from electing a leader: every process looks each
//! tick, the due rows are taken with `FOR UPDATE SKIP LOCKED`, and the move re-checks the status
//! under that lock, so a story another process is publishing is skipped and one it has
//! published is no longer `scheduled`.
use crate::auth::Caller;
use crate::db::{stamp, Sql, Writes};
use crate::error::Fail;
use crate::ops::{do_move, locked_article};
use crate::App;
use copydesk_newsroom::{Action, ArticleStatus, Role};
use deadpool_postgres::Pool;
use std::sync::Arc;
use tokio::sync::watch;
use uuid::Uuid;

/// The name the workflow log shows for moves the server made on its own (reserved: no
/// account may take it).
pub const ACTOR: &str = "scheduler";

/// At most this many stories per transaction, so one tick never holds many row locks long.
const BATCH: i64 = 50;

/// A story due longer than this ago is noted as published late (the server always publishes
/// missed stories: nobody is at a server to be asked).
const LATE_AFTER_MS: i64 = 5 * 60 * 1000;

/// What one pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Published {
    /// Stories published, earliest due first.
    pub published: Vec<Uuid>,
    /// Due but under an embargo that has not lifted: left scheduled, published when it lifts.
    pub embargoed: Vec<Uuid>,
}

fn scheduler() -> Caller {
    Caller {
        account: ACTOR.to_string(),
        role: Role::Editor,
        desk: Uuid::nil(),
        token_hash: Vec::new(),
        expires_at: i64::MAX,
    }
}

/// Publishes every story due at `now` that no embargo holds, in batches, each batch one
/// transaction (its seqs stamped and desks notified at commit).
pub async fn publish_due(pool: &Pool, now: i64) -> Result<Published, Fail> {
    let mut done = Published::default();
    let mut client = pool.get().await?;
    let embargoed = client
        .rows(
            "SELECT id FROM articles
              WHERE status = 'scheduled' AND scheduled_at <= $1 AND embargo_until > $1
              ORDER BY scheduled_at, id",
            &[&now],
        )
        .await?;
    done.embargoed = embargoed.iter().map(|r| r.get(0)).collect();
    let caller = scheduler();
    loop {
        let tx = client.transaction().await?;
        let due = tx
            .rows(
                "SELECT id, scheduled_at FROM articles
                  WHERE status = 'scheduled' AND scheduled_at <= $1
                    AND (embargo_until IS NULL OR embargo_until <= $1)
                  ORDER BY scheduled_at, id
                  LIMIT $2
                  FOR UPDATE SKIP LOCKED",
                &[&now, &BATCH],
            )
            .await?;
        if due.is_empty() {
            tx.rollback().await?;
            return Ok(done);
        }
        let mut writes = Writes::default();
        let mut published = Vec::with_capacity(due.len());
        for row in &due {
            let id: Uuid = row.get(0);
            let at: i64 = row.get(1);
            let current = locked_article(&tx, id, now).await?;
            let note = if now - at > LATE_AFTER_MS {
                format!("published late: it was due at {}", crate::db::ts(at))
            } else {
                "published on schedule".to_string()
            };
            match do_move(
                &tx,
                &caller,
                &current,
                Action::Publish,
                ArticleStatus::Scheduled,
                &note,
                None,
                now,
                &mut writes,
            )
            .await
            {
                Ok(_) => published.push(id),
                Err(Fail::Db(e)) => return Err(Fail::Db(e)),
                // The rules refused (cannot happen for scheduled → published today): leave it
                // scheduled and say so, rather than stop every other story.
                Err(Fail::Refused(r)) => {
                    tracing::warn!(article = %id, code = %r.error.code, "a due story was not published")
                }
            }
        }
        stamp(&tx, &writes, None).await?;
        tx.commit().await?;
        for id in &published {
            tracing::info!(article = %id, "published on schedule");
        }
        let full = published.len() as i64 == BATCH;
        done.published.extend(published);
        if !full {
            return Ok(done);
        }
    }
}

/// Looks for due stories every `scheduler_tick` until `stop` fires.
pub async fn run(app: Arc<App>, stop: watch::Receiver<bool>) {
    every_tick(
        app,
        stop,
        "scheduler: cannot publish due stories",
        |app| async move { publish_due(&app.pool, app.now_ms()).await.map(drop) },
    )
    .await
}

/// Runs `pass` every `scheduler_tick` until `stop` fires (the scheduler's and the outbox's
/// loops). A failing database is logged once per outage, as `failing_says`, and tried again next
/// tick.
pub(crate) async fn every_tick<F, Fut>(
    app: Arc<App>,
    mut stop: watch::Receiver<bool>,
    failing_says: &'static str,
    mut pass: F,
) where
    F: FnMut(Arc<App>) -> Fut,
    Fut: std::future::Future<Output = Result<(), Fail>>,
{
    let mut failing = false;
    loop {
        match pass(app.clone()).await {
            Ok(()) if failing => {
                tracing::info!("{failing_says}: the database is reachable again");
                failing = false;
            }
            Ok(()) => {}
            Err(e) => {
                if !failing {
                    tracing::warn!(error = %e, "{failing_says}");
                    failing = true;
                }
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(app.config.scheduler_tick) => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
    }
}
