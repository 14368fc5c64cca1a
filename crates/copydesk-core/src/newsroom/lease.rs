//! Body leases from the desk's side: who holds a story's body (from the working copy, where the
//! feed's `lease` snapshots land), and holding, taking over and releasing one through the
//! server. Leases are online only: never queued. A desk that cannot reach the server edits
//! anyway; the server decides when the save arrives (`locked` keeps the text as a revision).
use super::{client_error, membership, queue, HeldLease};
use crate::article::ArticleId;
use crate::change::Change;
use crate::desk::Desk;
use crate::error::{Error, ErrorCode, Result};
use copydesk_newsroom::lease::LeaseResponse;
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Who holds a story's body now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArticleLease {
    /// The account holding it.
    pub account: String,
    /// Held by this desk (this working copy, signed in as that account).
    pub mine: bool,
    /// When it lapses unless renewed (the server's clock).
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub expires_at: Timestamp,
}

/// A story whose body someone holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HeldStory {
    pub article_id: ArticleId,
    pub lease: ArticleLease,
}

/// A held lease is renewed after this share of its time-to-live has passed.
const RENEW_AFTER: u32 = 3;

/// The holder of `article` (a newsroom id) in the working copy; `None` when nobody holds it or
/// the hold has lapsed (its desk vanished: no change announces that).
pub(crate) fn lease_of(
    conn: &Connection,
    article: &str,
    me: Option<&str>,
    now: Timestamp,
) -> Result<Option<ArticleLease>> {
    let row: Option<(String, String, i64)> = conn
        .query_row(
            "SELECT account, desk, expires_at FROM article_leases WHERE article = ?1",
            [article],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(row.and_then(|(account, desk, expires)| {
        let expires_at = Timestamp::from_millisecond(expires).ok()?;
        (expires_at > now).then(|| ArticleLease {
            account,
            mine: me == Some(desk.as_str()),
            expires_at,
        })
    }))
}

/// The local id of the article with newsroom id `uuid`.
pub(crate) fn local_id(conn: &Connection, uuid: &str) -> Result<Option<ArticleId>> {
    Ok(conn
        .query_row("SELECT id FROM articles WHERE uuid = ?1", [uuid], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The newsroom id of a shared article; `None` for a desk of its own or a story kept local.
pub(crate) fn shared_uuid(conn: &Connection, id: ArticleId) -> Result<Option<String>> {
    if membership(conn)?.is_none() {
        return Ok(None);
    }
    let row: Option<(String, bool)> = conn
        .query_row(
            "SELECT uuid, local_only FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        None => Err(Error::ArticleNotFound(id)),
        Some((uuid, false)) => Ok(Some(uuid)),
        Some((_, true)) => Ok(None),
    }
}

impl Desk {
    /// Who holds the article's body now, as this desk last heard (`None`: nobody, or the
    /// story is not shared with a newsroom).
    pub fn article_lease(&self, id: ArticleId) -> Result<Option<ArticleLease>> {
        let me = self.desk_id()?.to_string();
        let now = self.now();
        self.store().read(|c| match shared_uuid(c, id)? {
            Some(uuid) => lease_of(c, &uuid, Some(&me), now),
            None => Ok(None),
        })
    }

    /// Every story whose body someone holds now (lapsed holds left out), for the lists.
    pub fn held_stories(&self) -> Result<Vec<HeldStory>> {
        let me = self.desk_id()?.to_string();
        let now = self.now();
        self.store().read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT a.id, l.account, l.desk, l.expires_at
                   FROM article_leases l JOIN articles a ON a.uuid = l.article
                  WHERE l.expires_at > ?1 AND a.local_only = 0",
            )?;
            let rows = stmt
                .query_map([now.as_millisecond()], |r| {
                    Ok((
                        r.get::<_, ArticleId>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows
                .into_iter()
                .filter_map(|(article_id, account, desk, expires)| {
                    Some(HeldStory {
                        article_id,
                        lease: ArticleLease {
                            mine: desk == me,
                            account,
                            expires_at: Timestamp::from_millisecond(expires).ok()?,
                        },
                    })
                })
                .collect())
        })
    }

    /// Lets go of every body this desk holds (the app quitting); offline, they lapse.
    pub fn release_held_articles(&self) {
        let held: Vec<ArticleId> = self
            .held_leases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .keys()
            .copied()
            .collect();
        for id in held {
            if let Err(e) = self.release_article(id) {
                tracing::info!("releasing article {id}: {e}");
                break;
            }
        }
    }

    /// Holds the article's body for editing (acquires the lease, or renews it if this desk
    /// holds it); the follower renews it from then on until [`Desk::release_article`].
    /// `Ok(None)` when there is nothing to hold: the desk is not in a newsroom, or the story
    /// is its own. Someone else holding it is `locked`, naming them.
    pub fn hold_article(&self, id: ArticleId) -> Result<Option<ArticleLease>> {
        self.lease_call(id, false)
    }

    /// Takes the article's body from whoever holds it (editors only; the server keeps the
    /// holder's text as a `take_over` revision in their name and refuses their later saves).
    pub fn take_over_article(&self, id: ArticleId) -> Result<Option<ArticleLease>> {
        self.lease_call(id, true)
    }

    /// Lets go of the article's body (closing the story). Releasing what this desk does not
    /// hold is fine; offline, the hold simply lapses on the server.
    pub fn release_article(&self, id: ArticleId) -> Result<()> {
        let held = self
            .held_leases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
        let Some(uuid) = self.store().read(|c| shared_uuid(c, id))? else {
            return Ok(());
        };
        let (client, _) = self.client()?;
        let parsed = parse_uuid(&uuid)?;
        client.release_lease(parsed).map_err(client_error)?;
        if held.is_some() {
            let me = self.desk_id()?.to_string();
            let removed = self.store().write(|tx| {
                Ok(tx.execute(
                    "DELETE FROM article_leases WHERE article = ?1 AND desk = ?2",
                    [&uuid, &me],
                )? > 0)
            })?;
            if removed {
                self.announce(Change::LeaseChanged {
                    article_id: id,
                    lease: None,
                });
            }
        }
        Ok(())
    }

    fn lease_call(&self, id: ArticleId, take_over: bool) -> Result<Option<ArticleLease>> {
        let Some(uuid) = self.store().read(|c| shared_uuid(c, id))? else {
            return Ok(None);
        };
        let (client, _) = self.client()?;
        // A story just filed may still be in the queue: the server answers "no such story"
        // until it arrives, so send what waits first (the push lock keeps this one-at-a-time
        // with the follower's own push). A failed push still asks; the answer says why.
        if self.store().read(|c| queue::has_pending(c, &uuid))? {
            let mut report = super::sync::SyncReport::default();
            if let Err(e) = self.push_all(&client, &mut report) {
                tracing::info!("pushing before holding article {id}: {e}");
            }
        }
        let asked = Instant::now();
        let answer = client
            .acquire_lease(parse_uuid(&uuid)?, take_over)
            .map_err(client_error)?;
        self.remember_hold(id, &uuid, asked, &answer);
        self.apply_lease_answer(&uuid, &answer).map(Some)
    }

    fn remember_hold(&self, id: ArticleId, uuid: &str, asked: Instant, answer: &LeaseResponse) {
        let ttl = answer
            .holder
            .expires_at
            .duration_since(answer.server_time)
            .unsigned_abs();
        let Ok(uuid) = Uuid::parse_str(uuid) else {
            return;
        };
        self.held_leases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(
                id,
                HeldLease {
                    uuid,
                    ttl,
                    renewed: asked,
                },
            );
    }

    /// Records a renewal, if the desk still holds the story (checked and updated under the
    /// same lock `release_article` takes the hold out with). False once it was released.
    fn note_renewed(&self, id: ArticleId, asked: Instant, answer: &LeaseResponse) -> bool {
        let ttl = answer
            .holder
            .expires_at
            .duration_since(answer.server_time)
            .unsigned_abs();
        match self
            .held_leases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_mut(&id)
        {
            Some(held) => {
                held.ttl = ttl;
                held.renewed = asked;
                true
            }
            None => false,
        }
    }

    /// Lays the server's answer (the holder and the article as it is now) over the working
    /// copy, and announces what changed.
    fn apply_lease_answer(&self, uuid: &str, answer: &LeaseResponse) -> Result<ArticleLease> {
        let me = self.desk_id()?.to_string();
        let now = self.now();
        let (changes, lease) = self.store().write(|tx| {
            let mut changes = Vec::new();
            changes.extend(super::apply::article(tx, &answer.article)?);
            super::apply::store_lease(tx, uuid, Some(&answer.holder))?;
            let lease = lease_of(tx, uuid, Some(&me), now)?;
            if let Some(article_id) = local_id(tx, uuid)? {
                changes.push(Change::LeaseChanged {
                    article_id,
                    lease: lease.clone(),
                });
            }
            Ok((changes, lease))
        })?;
        for change in changes {
            self.announce(change);
        }
        lease.ok_or_else(|| Error::Internal("the server granted a lease that has lapsed".into()))
    }

    /// Renews the leases whose renewal is due (a third of their time-to-live after the last
    /// one); a lease lost meanwhile (taken over, the story gone) is forgotten and its new
    /// holder announced. Returns when the next renewal is due, if any lease is held.
    pub(crate) fn renew_held_leases(&self) -> Option<Instant> {
        let due: Vec<(ArticleId, HeldLease)> = {
            let held = self.held_leases.lock().unwrap_or_else(|e| e.into_inner());
            held.iter()
                .filter(|(_, h)| h.renewed.elapsed() >= h.ttl / RENEW_AFTER)
                .map(|(id, h)| (*id, h.clone()))
                .collect()
        };
        for (id, held) in due {
            let Ok((client, _)) = self.client() else {
                break;
            };
            let asked = Instant::now();
            match client.renew_lease(held.uuid).map_err(client_error) {
                Ok(answer) => {
                    // A renewal is an acquire: one that reached the server after the story was
                    // released took it again. Only a hold still wanted is renewed; any other
                    // is let go once more (a no-op if the release came last).
                    if !self.note_renewed(id, asked, &answer) {
                        let _ = client.release_lease(held.uuid);
                        continue;
                    }
                    let uuid = held.uuid.to_string();
                    if let Err(e) = self.apply_lease_answer(&uuid, &answer) {
                        tracing::warn!("renewing the hold on article {id}: {e}");
                    }
                }
                // Try again soon: the server keeps the lease for the rest of its time.
                Err(e) if e.code() == ErrorCode::Offline => {
                    self.note_renewal_failed(id, asked);
                }
                Err(e) => {
                    tracing::info!("the hold on article {id} is gone: {e}");
                    self.held_leases
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .remove(&id);
                    let lease = self.article_lease(id).ok().flatten();
                    self.announce(Change::LeaseChanged {
                        article_id: id,
                        lease: lease.filter(|l| !l.mine),
                    });
                }
            }
        }
        self.held_leases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .map(|h| h.renewed + h.ttl / RENEW_AFTER)
            .min()
    }

    /// After a renewal that got no answer: try again in a few seconds, not a whole third.
    fn note_renewal_failed(&self, id: ArticleId, at: Instant) {
        if let Some(h) = self
            .held_leases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_mut(&id)
        {
            let retry = Duration::from_secs(5).min(h.ttl / RENEW_AFTER);
            h.renewed = at
                .checked_sub(h.ttl / RENEW_AFTER)
                .map_or(at, |t| t + retry);
        }
    }

    /// Operations waiting for the server.
    pub(crate) fn pending_ops(&self) -> Result<u32> {
        self.store().read(queue::count)
    }
}

fn parse_uuid(uuid: &str) -> Result<Uuid> {
    Uuid::parse_str(uuid).map_err(|e| Error::Internal(format!("a bad newsroom id {uuid}: {e}")))
}
