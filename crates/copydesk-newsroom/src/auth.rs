//! Signing in (`POST /v1/sessions`), who am I (`GET /v1/session`), signing out
//! (`DELETE /v1/session`).
use crate::entity::ProfileSnapshot;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST /v1/sessions`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub account: String,
    pub password: String,
    /// The desk's own stable id (made once per working copy). Leases belong to an account
    /// *on a desk*, so the same person on a second machine is told the story is locked.
    pub desk: Uuid,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("account", &self.account)
            .field("password", &"<hidden>")
            .field("desk", &self.desk)
            .finish()
    }
}

/// The answer to a sign-in (with `token`) and to `GET /v1/session` (without).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// The bearer token: send it as `Authorization: Bearer <token>`. Only the server's hash
    /// of it is stored; it is shown once, at sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    pub profile: ProfileSnapshot,
    pub desk: Uuid,
    pub expires_at: Timestamp,
    /// The server's clock when it answered (lease expiry is in server time).
    pub server_time: Timestamp,
}

impl std::fmt::Debug for SessionInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionInfo")
            .field("token", &self.token.as_ref().map(|_| "<hidden>"))
            .field("profile", &self.profile)
            .field("desk", &self.desk)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}
