//! A small blocking client for the newsroom protocol (ureq, rustls). The desk's sync engine
//! runs it on its own thread; every call is one HTTP request with a bounded time.
use crate::auth::{SessionInfo, SignIn};
use crate::entity::Page;
use crate::lease::{LeaseRequest, LeaseResponse};
use crate::op::{Op, PushRequest, PushResponse};
use crate::{ApiError, ErrorBody, ErrorCode, Health, MAX_WAIT_SECS};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;
use uuid::Uuid;

/// Requests other than a long poll give up after this long.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest answer read (a pull page of long articles).
const MAX_ANSWER_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// No answer: refused, reset, timed out, DNS… The desk is offline; queued ops stay queued.
    #[error("cannot reach the newsroom server: {0}")]
    Offline(String),
    /// The server answered with an error.
    #[error("{error}")]
    Api { status: u16, error: ApiError },
    /// The server answered something this client cannot read.
    #[error("the newsroom server's answer could not be read: {0}")]
    Decode(String),
}

impl ClientError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ClientError::Offline(_) => ErrorCode::Offline,
            ClientError::Api { error, .. } => error.code,
            ClientError::Decode(_) => ErrorCode::Internal,
        }
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// A connection to one newsroom server, signed in or not.
#[derive(Clone)]
pub struct Client {
    base: String,
    token: Option<String>,
    agent: ureq::Agent,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("signed_in", &self.token.is_some())
            .finish()
    }
}

impl Client {
    /// A client for the server at `base` (e.g. `http://127.0.0.1:7700`), not signed in.
    pub fn new(base: &str) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(REQUEST_TIMEOUT + Duration::from_secs(MAX_WAIT_SECS)))
            .http_status_as_error(false)
            .user_agent("Copydesk")
            .build()
            .into();
        Client {
            base: base.trim_end_matches('/').to_string(),
            token: None,
            agent,
        }
    }

    /// The same server, using a token from an earlier sign-in (kept by the desk).
    pub fn with_token(mut self, token: impl Into<String>) -> Client {
        self.token = Some(token.into());
        self
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// `GET /health` (no session needed).
    pub fn health(&self) -> Result<Health> {
        self.call::<(), Health>("GET", "/health", None, REQUEST_TIMEOUT)
    }

    /// Signs in; the client keeps the token for later calls (and the answer carries it, for
    /// the desk to store).
    pub fn sign_in(&mut self, account: &str, password: &str, desk: Uuid) -> Result<SessionInfo> {
        let body = SignIn {
            account: account.to_string(),
            password: password.to_string(),
            desk,
        };
        let info: SessionInfo = self.call("POST", "/v1/sessions", Some(&body), REQUEST_TIMEOUT)?;
        self.token = info.token.clone();
        Ok(info)
    }

    /// Who this session is (its role as the server has it now).
    pub fn session(&self) -> Result<SessionInfo> {
        self.call::<(), _>("GET", "/v1/session", None, REQUEST_TIMEOUT)
    }

    /// Ends this session on the server and forgets the token.
    pub fn sign_out(&mut self) -> Result<()> {
        self.call::<(), serde_json::Value>("DELETE", "/v1/session", None, REQUEST_TIMEOUT)?;
        self.token = None;
        Ok(())
    }

    /// Pushes operations (in the order the desk made them).
    pub fn push(&self, ops: &[Op]) -> Result<PushResponse> {
        let body = PushRequest { ops: ops.to_vec() };
        self.call("POST", "/v1/ops", Some(&body), REQUEST_TIMEOUT)
    }

    /// Pulls what changed after `since`. With `wait`, the server holds the request until
    /// something newer exists or the wait is over (an empty page then).
    pub fn pull(&self, since: i64, limit: u32, wait: Option<Duration>) -> Result<Page> {
        let mut path = format!("/v1/changes?since={since}&limit={limit}");
        let mut timeout = REQUEST_TIMEOUT;
        if let Some(wait) = wait {
            let secs = wait.as_secs().min(MAX_WAIT_SECS);
            path.push_str(&format!("&wait={secs}"));
            timeout += Duration::from_secs(secs);
        }
        self.call::<(), _>("GET", &path, None, timeout)
    }

    /// Acquires or renews the article's body lease (`take_over`: editors only).
    pub fn acquire_lease(&self, article: Uuid, take_over: bool) -> Result<LeaseResponse> {
        let body = LeaseRequest { take_over };
        self.call(
            "POST",
            &format!("/v1/articles/{article}/lease"),
            Some(&body),
            REQUEST_TIMEOUT,
        )
    }

    /// Renews a held lease (the same request as acquiring it).
    pub fn renew_lease(&self, article: Uuid) -> Result<LeaseResponse> {
        self.acquire_lease(article, false)
    }

    /// Releases the lease if this desk holds it (releasing a lease one does not hold is fine).
    pub fn release_lease(&self, article: Uuid) -> Result<()> {
        self.call::<(), serde_json::Value>(
            "DELETE",
            &format!("/v1/articles/{article}/lease"),
            None,
            REQUEST_TIMEOUT,
        )?;
        Ok(())
    }

    fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<&B>,
        timeout: Duration,
    ) -> Result<T> {
        let url = format!("{}{}", self.base, path);
        let auth = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let sent = match (method, body) {
            ("GET", _) | ("DELETE", None) => {
                let mut req = if method == "GET" {
                    self.agent.get(&url)
                } else {
                    self.agent.delete(&url)
                };
                if let Some(auth) = &auth {
                    req = req.header("Authorization", auth);
                }
                req.config().timeout_global(Some(timeout)).build().call()
            }
            (_, body) => {
                let json = match body {
                    Some(b) => {
                        serde_json::to_string(b).map_err(|e| ClientError::Decode(e.to_string()))?
                    }
                    None => "{}".to_string(),
                };
                let mut req = self
                    .agent
                    .post(&url)
                    .header("Content-Type", "application/json");
                if let Some(auth) = &auth {
                    req = req.header("Authorization", auth);
                }
                req.config()
                    .timeout_global(Some(timeout))
                    .build()
                    .send(json)
            }
        };
        let mut response = sent.map_err(|e| ClientError::Offline(e.to_string()))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_string()
            .map_err(|e| ClientError::Offline(format!("the answer was cut off: {e}")))?;
        if (200..300).contains(&status) {
            return serde_json::from_str(&text).map_err(|e| ClientError::Decode(e.to_string()));
        }
        match serde_json::from_str::<ErrorBody>(&text) {
            Ok(body) => Err(ClientError::Api {
                status,
                error: body.error,
            }),
            // A proxy's page, a crashed server: treat 5xx as "not reachable right now".
            Err(_) if status >= 500 => Err(ClientError::Offline(format!(
                "the server answered {status}"
            ))),
            Err(_) => Err(ClientError::Decode(format!(
                "HTTP {status} without an error body"
            ))),
        }
    }
}
