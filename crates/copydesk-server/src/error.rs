//! How things fail: a `Refusal` is the newsroom saying no (stored as an operation's answer);
//! `Fail::Db` is the database failing (nothing is stored; the desk retries).
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use copydesk_newsroom::{ApiError, ArticleSnapshot, ErrorBody, ErrorCode, RevisionKind};

/// Text a refused save brings, to be kept as a revision.
#[derive(Debug, Clone)]
pub struct KeptText {
    pub article: uuid::Uuid,
    pub version: i64,
    pub kind: RevisionKind,
    pub headline: String,
    pub standfirst: String,
    pub body: String,
    pub tags: Vec<String>,
}

#[derive(Debug)]
pub struct Refusal {
    pub error: ApiError,
    /// The article as it is, for conflict-like refusals.
    pub current: Option<ArticleSnapshot>,
    /// Text to keep as a revision even though the operation is refused.
    pub keep: Option<KeptText>,
}

#[derive(Debug)]
pub enum Fail {
    Refused(Box<Refusal>),
    Db(String),
}

impl Fail {
    pub fn code(&self) -> ErrorCode {
        match self {
            Fail::Refused(r) => r.error.code,
            Fail::Db(_) => ErrorCode::Unavailable,
        }
    }
}

impl std::fmt::Display for Fail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fail::Refused(r) => write!(f, "{}", r.error),
            Fail::Db(message) => write!(f, "database: {message}"),
        }
    }
}

pub fn refuse(code: ErrorCode, message: impl Into<String>) -> Fail {
    Fail::Refused(Box::new(Refusal {
        error: ApiError::new(code, message),
        current: None,
        keep: None,
    }))
}

pub fn refuse_with(
    code: ErrorCode,
    message: impl Into<String>,
    current: ArticleSnapshot,
    keep: Option<KeptText>,
) -> Fail {
    Fail::Refused(Box::new(Refusal {
        error: ApiError::new(code, message),
        current: Some(current),
        keep,
    }))
}

impl From<tokio_postgres::Error> for Fail {
    fn from(e: tokio_postgres::Error) -> Self {
        Fail::Db(db_message(&e))
    }
}

impl From<deadpool_postgres::PoolError> for Fail {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        Fail::Db(e.to_string())
    }
}

/// A database error worded without the query's parameters (which may hold text or hashes).
pub fn db_message(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => e.to_string(),
    }
}

/// Core's workflow errors as protocol codes.
pub fn from_core(e: copydesk_core::Error) -> Fail {
    use copydesk_core::ErrorCode as C;
    let code = match e.code() {
        C::NotFound => ErrorCode::NotFound,
        C::Conflict => ErrorCode::Conflict,
        C::IllegalTransition => ErrorCode::IllegalTransition,
        C::ForbiddenForRole => ErrorCode::ForbiddenForRole,
        C::Embargoed => ErrorCode::Embargoed,
        C::NotAuthor => ErrorCode::NotAuthor,
        C::NonexistentLocalTime => ErrorCode::NonexistentLocalTime,
        C::AmbiguousLocalTime => ErrorCode::AmbiguousLocalTime,
        C::Invalid => ErrorCode::Invalid,
        _ => ErrorCode::Internal,
    };
    refuse(code, e.to_string())
}

/// A request-level failure, sent as `{"error":{"code","message"}}` with the code's status.
#[derive(Debug)]
pub struct HttpError(pub ApiError);

impl HttpError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        HttpError(ApiError::new(code, message))
    }
}

impl From<Fail> for HttpError {
    fn from(f: Fail) -> Self {
        match f {
            Fail::Refused(r) => HttpError(r.error),
            Fail::Db(message) => {
                tracing::warn!(error = %message, "database unavailable");
                HttpError::new(
                    ErrorCode::Unavailable,
                    "the newsroom database cannot be reached; nothing was changed, try again",
                )
            }
        }
    }
}

impl From<tokio_postgres::Error> for HttpError {
    fn from(e: tokio_postgres::Error) -> Self {
        Fail::from(e).into()
    }
}

impl From<deadpool_postgres::PoolError> for HttpError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        Fail::from(e).into()
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(ErrorBody { error: self.0 })).into_response()
    }
}
