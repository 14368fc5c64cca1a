//! Body edit leases: one desk edits an article's body at a time. A lease is held by an account
//! on a desk until it is released or its time runs out (renewed by the holder well before);
//! an editor may take it over, and the text as it stood is kept as a `take_over` revision in
//! the former holder's name.
use crate::auth::Caller;
use crate::db::{assign_seqs, Touched, Writes};
use crate::db::{Sql, Transaction};
use crate::error::{refuse, Fail};
use crate::App;
use copydesk_newsroom::entity::{LeaseHolder, RevisionKind};
use copydesk_newsroom::{ErrorCode, LeaseResponse};
use uuid::Uuid;

/// The live lease on an article, if any (locking its row).
pub async fn live(
    tx: &Transaction<'_>,
    article: Uuid,
    now: i64,
) -> Result<Option<LeaseHolder>, Fail> {
    let row = tx
        .opt(
            "SELECT account, desk, acquired_at, expires_at FROM leases
              WHERE article = $1 AND account IS NOT NULL AND expires_at > $2 FOR UPDATE",
            &[&article, &now],
        )
        .await?;
    Ok(row.map(|r| LeaseHolder {
        account: r.get(0),
        desk: r.get(1),
        acquired_at: crate::db::ts(r.get(2)),
        expires_at: crate::db::ts(r.get(3)),
    }))
}

pub fn held_by(holder: &LeaseHolder, account: &str, desk: Uuid) -> bool {
    holder.account == account && holder.desk == desk
}

/// Releases leases held by `account` (on `desk`, or on every desk when None).
pub async fn release_held(
    tx: &Transaction<'_>,
    desk: Option<(&str, Uuid)>,
    account: &str,
    writes: &mut Writes,
) -> Result<(), Fail> {
    let rows = match desk {
        Some((a, d)) => {
            tx.rows(
                "UPDATE leases SET account = NULL, desk = NULL, acquired_at = NULL, expires_at = NULL
                  WHERE account = $1 AND desk = $2 RETURNING article",
                &[&a, &d],
            )
            .await?
        }
        None => {
            tx.rows(
                "UPDATE leases SET account = NULL, desk = NULL, acquired_at = NULL, expires_at = NULL
                  WHERE account = $1 RETURNING article",
                &[&account],
            )
            .await?
        }
    };
    for r in rows {
        writes.touch(Touched::Lease(r.get(0)));
    }
    Ok(())
}

/// Acquires, renews or takes over an article's lease.
pub async fn acquire(
    app: &App,
    caller: &Caller,
    article: Uuid,
    take_over: bool,
) -> Result<LeaseResponse, Fail> {
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    let now = app.now_ms();
    // Lock the article row: lease changes on one article are serialised.
    let found = tx
        .opt(
            "SELECT 1 FROM articles WHERE id = $1 FOR UPDATE",
            &[&article],
        )
        .await?;
    if found.is_none() {
        return Err(refuse(
            ErrorCode::NotFound,
            format!("article {article} does not exist"),
        ));
    }
    let mut writes = Writes::default();
    let current = live(&tx, article, now).await?;
    let mut acquired_at = now;
    if let Some(holder) = &current {
        if held_by(holder, &caller.account, caller.desk) {
            acquired_at = holder.acquired_at.as_millisecond();
        } else if !take_over {
            let where_ = if holder.account == caller.account {
                "on another desk".to_string()
            } else {
                String::new()
            };
            return Err(refuse(
                ErrorCode::Locked,
                format!(
                    "{} is editing this story{} (lease until {})",
                    holder.account,
                    if where_.is_empty() {
                        String::new()
                    } else {
                        format!(" {where_}")
                    },
                    holder.expires_at
                ),
            ));
        } else if !caller.role.is_editor() {
            return Err(refuse(
                ErrorCode::ForbiddenForRole,
                "a writer cannot take over someone else's lease; ask an editor",
            ));
        } else {
            // The text as the holder last pushed it, kept in their name.
            let id = Uuid::new_v4();
            tx.exec(
                "INSERT INTO revisions (id, article, version, kind, author, created_at, updated_at,
                                        headline, standfirst, body, tags)
                 SELECT $1, id, version, $2, $3, $4, $4, headline, standfirst, body, tags
                   FROM articles WHERE id = $5",
                &[
                    &id,
                    &RevisionKind::TakeOver.as_str(),
                    &holder.account,
                    &now,
                    &article,
                ],
            )
            .await?;
            writes.touch(Touched::Revision(id));
            tracing::info!(%article, from = %holder.account, to = %caller.account, "lease taken over");
        }
    }
    let ttl = i64::try_from(app.config.lease_ttl.as_millis()).unwrap_or(60_000);
    let expires = now + ttl;
    tx.exec(
        "INSERT INTO leases (article, account, desk, acquired_at, expires_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (article) DO UPDATE SET account = $2, desk = $3, acquired_at = $4, expires_at = $5",
        &[&article, &caller.account, &caller.desk, &acquired_at, &expires],
    )
    .await?;
    writes.touch(Touched::Lease(article));
    let seq = assign_seqs(&tx, &writes).await?.unwrap_or(0);
    let snapshot = crate::read::article(&tx, article, now)
        .await?
        .ok_or_else(|| Fail::Db("article vanished".into()))?;
    tx.commit().await?;
    let holder = snapshot
        .lease
        .clone()
        .ok_or_else(|| Fail::Db("lease vanished".into()))?;
    Ok(LeaseResponse {
        holder,
        article: snapshot,
        seq,
        server_time: crate::db::ts(now),
    })
}

/// Releases the caller's lease on an article (nothing happens if it holds none).
pub async fn release(app: &App, caller: &Caller, article: Uuid) -> Result<(), Fail> {
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    let rows = tx
        .rows(
            "UPDATE leases SET account = NULL, desk = NULL, acquired_at = NULL, expires_at = NULL
              WHERE article = $1 AND account = $2 AND desk = $3 RETURNING article",
            &[&article, &caller.account, &caller.desk],
        )
        .await?;
    let mut writes = Writes::default();
    for r in rows {
        writes.touch(Touched::Lease(r.get(0)));
    }
    assign_seqs(&tx, &writes).await?;
    tx.commit().await?;
    Ok(())
}
