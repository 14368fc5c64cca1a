//! Where a desk's newsroom session token is kept. The CLI keeps it in the desk's database (a
//! terminal has no keyring it can count on); the app hands the desk a [`SessionKeeper`] backed
//! by the system keyring, and then the token never touches the database: one that an earlier
//! CLI sign-in left there is moved into the keeper the first time it is read.
use super::Membership;
use crate::desk::Desk;
use crate::error::{Error, Result};
use std::sync::Arc;

/// Keeps session tokens outside the desk's database (the system keyring, or memory).
pub trait SessionKeeper: Send + Sync {
    /// The token kept for `account` at `server`, if any.
    fn load(&self, server: &str, account: &str) -> Option<String>;
    /// Keeps `token` (or forgets the session, with `None`). An error leaves the token where
    /// it was.
    fn store(
        &self,
        server: &str,
        account: &str,
        token: Option<&str>,
    ) -> std::result::Result<(), String>;
    /// Where the token lives, in words for Settings ("the system keyring", "memory, for this
    /// run only").
    fn place(&self) -> String;
}

impl Desk {
    /// From now on this desk keeps its session token in `keeper`, not in its database.
    pub fn keep_session_in(&self, keeper: Arc<dyn SessionKeeper>) {
        *self
            .session_keeper
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(keeper);
    }

    fn keeper(&self) -> Option<Arc<dyn SessionKeeper>> {
        self.session_keeper
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Where the session token is kept, in words.
    pub(crate) fn session_place(&self) -> String {
        self.keeper()
            .map_or_else(|| "the desk's database".to_string(), |k| k.place())
    }

    /// The session token of `member`, wherever it is kept.
    pub(crate) fn session_token(&self, member: &Membership) -> Result<Option<String>> {
        let Some(keeper) = self.keeper() else {
            return Ok(member.token.clone());
        };
        if let Some(token) = &member.token {
            // Left by a sign-in from the CLI: move it to the keeper, then out of the file.
            match keeper.store(&member.server, &member.account, Some(token)) {
                Ok(()) => self.store().write(|tx| {
                    tx.execute("UPDATE newsroom SET token = NULL WHERE id = 1", [])?;
                    Ok(())
                })?,
                Err(e) => tracing::warn!("the session stays in the desk's database: {e}"),
            }
            return Ok(Some(token.clone()));
        }
        Ok(keeper.load(&member.server, &member.account))
    }

    /// Keeps a new token (or forgets it): in the keeper if the desk has one, else in the
    /// database. Returns what the database column should hold.
    pub(crate) fn keep_token(
        &self,
        server: &str,
        account: &str,
        token: Option<&str>,
    ) -> Result<Option<String>> {
        match self.keeper() {
            // Never the file as a fallback: the keeper decides where else it may go.
            Some(keeper) => keeper
                .store(server, account, token)
                .map(|()| None)
                .map_err(|e| Error::Internal(format!("the session could not be kept: {e}"))),
            None => Ok(token.map(str::to_string)),
        }
    }
}
