//! Accounts, password hashes, sessions and the `Caller` every authenticated request has.
use crate::db::Sql;
use crate::db::{assign_seqs, now_ms, Touched, Writes};
use crate::error::{Fail, HttpError};
use crate::App;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use copydesk_newsroom::{ErrorCode, ProfileSnapshot, Role};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use uuid::Uuid;

/// Who is asking: the signed-in account (its role as stored now) on one desk.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account: String,
    pub role: Role,
    pub desk: Uuid,
    pub token_hash: Vec<u8>,
    pub expires_at: i64,
}

/// A new bearer token: 244 random bits from the OS (two v4 UUIDs), as hex.
pub fn new_token() -> String {
    let mut s = String::with_capacity(64);
    for _ in 0..2 {
        for b in Uuid::new_v4().as_bytes() {
            s.push_str(&format!("{b:02x}"));
        }
    }
    s
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// An argon2id hash (PHC string) of `password` with a random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    // argon2id with the crate's default (OWASP) parameters and a random 16-byte salt.
    let hash: PasswordHash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(hash.to_string())
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// An account or profile name: 1 to 80 characters, no control characters (as on the desk).
pub fn check_name(name: &str) -> Result<&str, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        return Err("an account name is 1 to 80 characters, with no control characters".into());
    }
    if name.eq_ignore_ascii_case(crate::scheduler::ACTOR)
        || name.eq_ignore_ascii_case(crate::inbox::ACTOR)
    {
        // The log shows "scheduler" for what the server published on its own, and "inbox"
        // for the wire copy its own inbox took in.
        return Err(format!(
            "\"{name}\" is the server's own name in the log; pick another"
        ));
    }
    Ok(name)
}

pub fn check_password(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if !(8..=1024).contains(&n) {
        return Err("a password is 8 to 1024 characters".into());
    }
    Ok(())
}

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        let unauthorised = || HttpError::new(ErrorCode::Unauthorised, "sign in to the newsroom");
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(unauthorised)?;
        let token = header
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 256)
            .ok_or_else(unauthorised)?;
        let hash = token_hash(token);
        let client = app.pool.get().await?;
        let row = client
            .opt(
                "SELECT s.account, a.role, s.desk, s.expires_at FROM sessions s
                   JOIN accounts a ON a.name = s.account
                  WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.revoked_at IS NULL",
                &[&hash, &app.now_ms()],
            )
            .await?;
        let Some(row) = row else {
            return Err(HttpError::new(
                ErrorCode::Unauthorised,
                "the session has expired or was ended; sign in again",
            ));
        };
        Ok(Caller {
            account: row.get(0),
            role: Role::parse(row.get(1)).unwrap_or(Role::Writer),
            desk: row.get(2),
            token_hash: hash,
            expires_at: row.get(3),
        })
    }
}

/// A hash to check against when the account does not exist, so a wrong name takes as long
/// as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password").unwrap_or_default())
}

/// Checks a name and password; on success stores a new session and returns its token.
pub async fn sign_in(
    app: &App,
    account: &str,
    password: &str,
    desk: Uuid,
) -> Result<(String, ProfileSnapshot, i64), HttpError> {
    let wrong = || HttpError::new(ErrorCode::Unauthorised, "wrong account name or password");
    if account.len() > 320 || password.len() > 4096 {
        return Err(wrong());
    }
    // No connection is held while the password is checked.
    let row = app
        .pool
        .get()
        .await?
        .opt(
            "SELECT name, role, revoked_at, password_hash FROM accounts WHERE name = $1",
            &[&account.trim()],
        )
        .await?;
    let stored: Option<String> = row.as_ref().map(|r| r.get("password_hash"));
    let password = password.to_string();
    let permit = app
        .hashing
        .acquire()
        .await
        .map_err(|_| HttpError::new(ErrorCode::Unavailable, "the server is stopping"))?;
    let ok = tokio::task::spawn_blocking(move || {
        let hash = stored.as_deref().unwrap_or_else(|| decoy_hash());
        verify_password(&password, hash) && stored.is_some()
    })
    .await
    .unwrap_or(false);
    drop(permit);
    let Some(row) = row.filter(|_| ok) else {
        return Err(wrong());
    };
    let profile = crate::read::profile_from(&row);
    if profile.revoked {
        return Err(wrong());
    }
    let token = new_token();
    let now = app.now_ms();
    let client = app.pool.get().await?;
    let expires =
        now.saturating_add(i64::try_from(app.config.session_ttl.as_millis()).unwrap_or(i64::MAX));
    client
        .exec(
            "INSERT INTO sessions (token_hash, account, desk, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[&token_hash(&token), &profile.name, &desk, &now, &expires],
        )
        .await?;
    // Expired sessions are swept now and then, here, where they are cheap to find.
    client
        .exec(
            "DELETE FROM sessions WHERE expires_at < $1",
            &[&(now - 86_400_000)],
        )
        .await?;
    tracing::info!(account = %profile.name, desk = %desk, "signed in");
    Ok((token, profile, expires))
}

/// Ends the caller's session and releases the leases its desk held.
pub async fn sign_out(app: &App, caller: &Caller) -> Result<(), Fail> {
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    tx.exec(
        "DELETE FROM sessions WHERE token_hash = $1",
        &[&caller.token_hash],
    )
    .await?;
    let mut writes = Writes::default();
    crate::lease::release_held(
        &tx,
        Some((&caller.account, caller.desk)),
        &caller.account,
        &mut writes,
    )
    .await?;
    assign_seqs(&tx, &writes).await?;
    tx.commit().await?;
    tracing::info!(account = %caller.account, "signed out");
    Ok(())
}

/// Admin commands (the CLI): they work on the database directly.
pub mod admin {
    use super::*;
    use deadpool_postgres::Object as Client;

    pub async fn add(
        client: &mut Client,
        name: &str,
        role: Role,
        password: &str,
    ) -> Result<ProfileSnapshot, String> {
        let name = check_name(name)?.to_string();
        check_password(password)?;
        let pw = password.to_string();
        let hash = tokio::task::spawn_blocking(move || hash_password(&pw))
            .await
            .map_err(|e| e.to_string())??;
        let tx = client.transaction().await.map_err(|e| e.to_string())?;
        let inserted = tx
            .exec(
                "INSERT INTO accounts (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (name) DO NOTHING",
                &[&name, &role.as_str(), &hash, &now_ms()],
            )
            .await
            .map_err(|e| e.to_string())?;
        if inserted == 0 {
            return Err(format!("there is already an account called {name}"));
        }
        finish(tx, &name, Writes::default()).await
    }

    pub async fn set_role(
        client: &mut Client,
        name: &str,
        role: Role,
    ) -> Result<ProfileSnapshot, String> {
        let tx = client.transaction().await.map_err(|e| e.to_string())?;
        let changed = tx
            .exec(
                "UPDATE accounts SET role = $2 WHERE name = $1",
                &[&name, &role.as_str()],
            )
            .await
            .map_err(|e| e.to_string())?;
        if changed == 0 {
            return Err(format!("there is no account called {name}"));
        }
        finish(tx, name, Writes::default()).await
    }

    /// Revokes an account: its sessions end at once, its leases are released, it cannot sign
    /// in again. Its stories, comments and history stay.
    pub async fn revoke(client: &mut Client, name: &str) -> Result<ProfileSnapshot, String> {
        let tx = client.transaction().await.map_err(|e| e.to_string())?;
        let changed = tx
            .exec(
                "UPDATE accounts SET revoked_at = COALESCE(revoked_at, $2) WHERE name = $1",
                &[&name, &now_ms()],
            )
            .await
            .map_err(|e| e.to_string())?;
        if changed == 0 {
            return Err(format!("there is no account called {name}"));
        }
        tx.exec("DELETE FROM sessions WHERE account = $1", &[&name])
            .await
            .map_err(|e| e.to_string())?;
        let mut writes = Writes::default();
        crate::lease::release_held(&tx, None, name, &mut writes)
            .await
            .map_err(|e| e.to_string())?;
        finish(tx, name, writes).await
    }

    /// Gives the account (and whatever else changed) its seq, commits, returns the profile.
    async fn finish(
        tx: crate::db::Transaction<'_>,
        name: &str,
        mut writes: Writes,
    ) -> Result<ProfileSnapshot, String> {
        writes.touch(Touched::Account(name.to_string()));
        assign_seqs(&tx, &writes).await.map_err(|e| e.to_string())?;
        let row = tx
            .one(
                "SELECT name, role, revoked_at FROM accounts WHERE name = $1",
                &[&name],
            )
            .await
            .map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        Ok(crate::read::profile_from(&row))
    }
}

#[cfg(test)]
mod tests {
    use super::check_name;

    #[test]
    fn the_servers_own_names_are_not_account_names() {
        assert!(check_name("Scheduler").is_err());
        assert!(check_name("inbox").is_err());
        assert!(check_name("  ").is_err());
        assert_eq!(check_name(" wendy "), Ok("wendy"));
    }
}
