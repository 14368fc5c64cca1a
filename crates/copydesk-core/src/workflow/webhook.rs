//! The webhook target: after a story is published, its ninjs JSON is POSTed to the address
//! set in the desk's settings. Deliveries are retried with growing waits and logged; a
//! failing endpoint never touches the published state.
use crate::error::Result;
use jiff::{SignedDuration, Timestamp};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use std::time::Duration;

pub const WEBHOOK_SETTING: &str = "webhook_url";
/// Attempts before a delivery is given up (and shown as failed).
pub const MAX_ATTEMPTS: i64 = 8;

/// Where a webhook delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its (next) attempt.
    Pending,
    Delivered,
    /// Given up after [`MAX_ATTEMPTS`]; an editor can send it again.
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }

    pub fn parse(stored: &str) -> Self {
        match stored {
            "delivered" => DeliveryState::Delivered,
            "failed" => DeliveryState::Failed,
            _ => DeliveryState::Pending,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Delivery {
    pub id: i64,
    pub publication_id: i64,
    pub url: String,
    pub state: DeliveryState,
    pub attempts: i64,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub next_at: Timestamp,
    pub last_status: Option<i64>,
    pub last_error: String,
    /// Sent by the newsroom server (`url` is then its address's host only); this desk cannot
    /// send it again.
    pub by_newsroom: bool,
}

/// Wait after `attempts` failed attempts: 10 s after the first, then 20 s, 40 s … at most an
/// hour.
pub fn backoff(attempts: i64) -> SignedDuration {
    let exp = (attempts - 1).clamp(0, 12) as u32;
    SignedDuration::from_secs((10i64 << exp).min(3600))
}

pub(crate) fn url(conn: &Connection) -> Result<Option<String>> {
    Ok(crate::store::settings::get(conn, WEBHOOK_SETTING)?.filter(|u| !u.trim().is_empty()))
}

pub(crate) fn enqueue(tx: &Transaction<'_>, publication_id: i64, now: Timestamp) -> Result<()> {
    if let Some(url) = url(tx)? {
        tx.execute(
            "INSERT INTO deliveries (publication_id, url, next_at, updated_at)
             VALUES (?1, ?2, ?3, ?3)",
            params![publication_id, url, now.as_millisecond()],
        )?;
    }
    Ok(())
}

pub(crate) fn due(conn: &Connection, now: Timestamp) -> Result<Vec<(i64, i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, publication_id, url FROM deliveries
          WHERE state = 'pending' AND next_at <= ?1 AND uuid IS NULL ORDER BY next_at, id",
    )?;
    let rows = stmt
        .query_map([now.as_millisecond()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One POST. `Ok(status)` for any HTTP answer; `Err` for no answer (refused, timed out).
pub fn post(url: &str, json: &str) -> std::result::Result<u16, String> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("{url} is not an http(s) address"));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(15)))
        .http_status_as_error(false)
        .build()
        .into();
    agent
        .post(url)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Copydesk")
        .send(json)
        .map(|response| response.status().as_u16())
        .map_err(|e| e.to_string())
}

pub(crate) fn record(
    tx: &Transaction<'_>,
    id: i64,
    outcome: std::result::Result<u16, String>,
    now: Timestamp,
) -> Result<()> {
    let attempts: i64 = tx.query_row(
        "SELECT attempts + 1 FROM deliveries WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
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
    let next = now.checked_add(backoff(attempts)).unwrap_or(now);
    tx.execute(
        "UPDATE deliveries SET state = ?2, attempts = ?3, next_at = ?4, last_status = ?5,
                last_error = ?6, updated_at = ?7 WHERE id = ?1",
        params![
            id,
            state.as_str(),
            attempts,
            next.as_millisecond(),
            status.map(i64::from),
            error,
            now.as_millisecond()
        ],
    )?;
    Ok(())
}

const COLUMNS: &str = "d.id, d.publication_id, d.url, d.state, d.attempts, d.next_at,
                        d.last_status, d.last_error, p.article_id, d.uuid IS NOT NULL";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Delivery)> {
    Ok((
        r.get(8)?,
        Delivery {
            id: r.get(0)?,
            publication_id: r.get(1)?,
            url: r.get(2)?,
            state: DeliveryState::parse(&r.get::<_, String>(3)?),
            attempts: r.get(4)?,
            next_at: crate::article::from_ms(r.get(5)?),
            last_status: r.get(6)?,
            last_error: r.get(7)?,
            by_newsroom: r.get(9)?,
        },
    ))
}

pub(crate) fn list(conn: &Connection, article_id: i64) -> Result<Vec<Delivery>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM deliveries d JOIN publications p ON p.id = d.publication_id
          WHERE p.article_id = ?1 ORDER BY d.id"
    ))?;
    let rows = stmt
        .query_map([article_id], |r| Ok(from_row(r)?.1))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One delivery and the article it belongs to.
/// Lays the newsroom server's delivery over the working copy; `None` while its publication
/// has not arrived yet.
pub(crate) fn store_newsroom(
    tx: &Transaction<'_>,
    d: &copydesk_newsroom::DeliverySnapshot,
) -> Result<Option<(i64, Delivery)>> {
    let publication: Option<i64> = tx
        .query_row(
            "SELECT id FROM publications WHERE uuid = ?1",
            [d.publication.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let Some(publication) = publication else {
        return Ok(None);
    };
    let uuid = d.id.to_string();
    let state = DeliveryState::parse(&d.state);
    let values = params![
        publication,
        d.target,
        state.as_str(),
        d.attempts,
        d.next_at.as_millisecond(),
        d.last_status,
        d.last_error,
        uuid
    ];
    let changed = tx.execute(
        "UPDATE deliveries SET publication_id = ?1, url = ?2, state = ?3, attempts = ?4,
                next_at = ?5, last_status = ?6, last_error = ?7, updated_at = ?5
          WHERE uuid = ?8",
        values,
    )?;
    if changed == 0 {
        tx.execute(
            "INSERT INTO deliveries (publication_id, url, state, attempts, next_at, last_status,
                                     last_error, updated_at, uuid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?5, ?8)",
            values,
        )?;
    }
    let id: i64 = tx.query_row("SELECT id FROM deliveries WHERE uuid = ?1", [&uuid], |r| {
        r.get(0)
    })?;
    get(tx, id).map(Some)
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<(i64, Delivery)> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM deliveries d JOIN publications p ON p.id = d.publication_id
              WHERE d.id = ?1"
        ),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| crate::error::Error::NotFound(format!("webhook delivery {id}")))
}

/// Sends a delivery again at the next run (a failed one gets a fresh set of attempts).
pub(crate) fn retry(tx: &Transaction<'_>, id: i64, now: Timestamp) -> Result<()> {
    let (_, delivery) = get(tx, id)?;
    if delivery.by_newsroom {
        return Err(crate::error::Error::Invalid(format!(
            "webhook delivery {id} is the newsroom server's: it retries it itself"
        )));
    }
    if delivery.state == DeliveryState::Delivered {
        return Err(crate::error::Error::Invalid(format!(
            "webhook delivery {id} was already delivered"
        )));
    }
    tx.execute(
        "UPDATE deliveries SET state = 'pending', attempts = 0, next_at = ?2, updated_at = ?2
          WHERE id = ?1",
        params![id, now.as_millisecond()],
    )?;
    Ok(())
}
