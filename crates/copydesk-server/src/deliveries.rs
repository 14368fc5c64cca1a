//! The newsroom's webhook: a server started with `--webhook URL` POSTs the ninjs of every
//! publication (publish, correction, kill — a desk's move or the scheduler's) to that address,
//! with the desk's retry policy (waits of 10 s, 20 s, 40 s … an hour; given up after
//! `MAX_ATTEMPTS`). Desks keep sending their own webhooks for the moves they make; this is what
//! reaches a site when nobody is at a desk.
//!
//! Once per publication, whichever process sends it: due deliveries are taken with
//! `FOR UPDATE SKIP LOCKED` and their answer recorded in the same transaction. A process that
//! dies mid-POST leaves the row as it was, and the next pass sends it again: a receiver may
//! see a publication twice after a crash (its ninjs `uri` and `version` tell), never zero times.
use crate::db::{assign_seqs, Sql, Touched, Writes};
use crate::error::Fail;
use crate::App;
use copydesk_core::workflow::{backoff, ninjs, post_webhook, DeliveryState, MAX_ATTEMPTS};
use copydesk_newsroom::ArticleSnapshot;
use std::sync::Arc;
use tokio::sync::watch;
use uuid::Uuid;

/// Deliveries taken per transaction (each POST may take up to its 15 s timeout).
const BATCH: i64 = 10;
/// How far back each pass looks for new publications, besides the last one it saw: servers'
/// clocks and commits that land out of order.
const LOOK_BACK_MS: i64 = 10 * 60 * 1000;

/// Makes the deliveries for publications since `after` (or since the address was first served)
/// that have none; returns the newest publication time seen.
pub async fn enqueue(app: &App, url: &str, after: Option<i64>) -> Result<Option<i64>, Fail> {
    let mut client = app.pool.get().await?;
    let now = app.now_ms();
    client
        .exec(
            "INSERT INTO webhooks (url, since) VALUES ($1, $2) ON CONFLICT (url) DO NOTHING",
            &[&url, &now],
        )
        .await?;
    let from = after.map_or(i64::MIN, |a| a - LOOK_BACK_MS);
    let tx = client.transaction().await?;
    let made = tx
        .rows(
            "INSERT INTO deliveries (publication, url, next_at, updated_at)
             SELECT p.id, w.url, $2, $2 FROM publications p JOIN webhooks w ON w.url = $1
              WHERE p.at >= w.since AND p.at >= $3
             ON CONFLICT (publication, url) DO NOTHING
             RETURNING id",
            &[&url, &now, &from],
        )
        .await?;
    // Desks see each delivery from the start (the feed stamps it).
    let mut writes = Writes::default();
    for row in &made {
        writes.touch(Touched::Delivery(row.get(0)));
    }
    assign_seqs(&tx, &writes).await?;
    let newest = tx
        .one(
            "SELECT max(p.at) FROM publications p JOIN webhooks w ON w.url = $1
              WHERE p.at >= w.since AND p.at >= $2",
            &[&url, &from],
        )
        .await?
        .get::<_, Option<i64>>(0);
    tx.commit().await?;
    Ok(newest.or(after))
}

/// Sends every due delivery; returns how many were answered 2xx.
pub async fn deliver_due(app: &App, url: &str) -> Result<usize, Fail> {
    let mut client = app.pool.get().await?;
    let mut delivered = 0;
    loop {
        let now = app.now_ms();
        let tx = client.transaction().await?;
        let due = tx
            .rows(
                "SELECT d.publication, d.attempts, p.kind, p.number, p.at, p.story, d.id
                   FROM deliveries d JOIN publications p ON p.id = d.publication
                  WHERE d.url = $1 AND d.state = 'pending' AND d.next_at <= $2
                  ORDER BY d.next_at, p.at
                  LIMIT $3
                  FOR UPDATE OF d SKIP LOCKED",
                &[&url, &now, &BATCH],
            )
            .await?;
        if due.is_empty() {
            tx.rollback().await?;
            return Ok(delivered);
        }
        let mut writes = Writes::default();
        for row in &due {
            let id: Uuid = row.get(0);
            writes.touch(Touched::Delivery(row.get(6)));
            let attempts = i64::from(row.get::<_, i32>(1)) + 1;
            let story: ArticleSnapshot = serde_json::from_str(row.get(5))
                .map_err(|e| Fail::Db(format!("publication {id} is unreadable: {e}")))?;
            let json = ninjs(
                &crate::outputs::as_article(&story),
                crate::outputs::kind(row.get(2)),
                i64::from(row.get::<_, i32>(3)),
                crate::db::ts(row.get(4)),
            );
            let target = url.to_string();
            let outcome = tokio::task::spawn_blocking(move || post_webhook(&target, &json))
                .await
                .map_err(|e| Fail::Db(format!("the webhook sender stopped: {e}")))?;
            let (state, status, error) = match outcome {
                Ok(code) if (200..300).contains(&code) => {
                    (DeliveryState::Delivered, Some(code), String::new())
                }
                Ok(code) => (
                    DeliveryState::Pending,
                    Some(code),
                    format!("the server answered {code}"),
                ),
                Err(e) => (DeliveryState::Pending, None, e),
            };
            let state = if state == DeliveryState::Pending && attempts >= MAX_ATTEMPTS {
                DeliveryState::Failed
            } else {
                state
            };
            match state {
                DeliveryState::Delivered => delivered += 1,
                // The address is not logged: it may carry a token.
                _ => {
                    tracing::warn!(publication = %id, attempts, error = %error, "webhook delivery failed")
                }
            }
            let now = app.now_ms();
            let next = now + backoff(attempts).as_millis() as i64;
            tx.exec(
                "UPDATE deliveries SET state = $3, attempts = $4, next_at = $5, last_status = $6,
                        last_error = $7, updated_at = $8
                  WHERE publication = $1 AND url = $2",
                &[
                    &id,
                    &url,
                    &state.as_str(),
                    &(attempts as i32),
                    &next,
                    &status.map(i32::from),
                    &error,
                    &now,
                ],
            )
            .await?;
        }
        assign_seqs(&tx, &writes).await?;
        tx.commit().await?;
        if (due.len() as i64) < BATCH {
            return Ok(delivered);
        }
    }
}

/// Makes and sends deliveries every `scheduler_tick` until `stop` fires.
pub async fn run(app: Arc<App>, url: String, stop: watch::Receiver<bool>) {
    let seen = Arc::new(std::sync::Mutex::new(None::<i64>));
    crate::scheduler::every_tick(app, stop, "webhook: cannot deliver", move |app| {
        let (url, seen) = (url.clone(), seen.clone());
        async move {
            let after = *seen.lock().unwrap_or_else(|e| e.into_inner());
            let newest = enqueue(&app, &url, after).await?;
            *seen.lock().unwrap_or_else(|e| e.into_inner()) = newest;
            let n = deliver_due(&app, &url).await?;
            if n > 0 {
                tracing::info!(deliveries = n, "webhook delivered");
            }
            Ok(())
        }
    })
    .await
}
