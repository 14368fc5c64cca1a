//! The HTTP surface: routes, request checks, and each handler's one call.
use crate::auth::{self, Caller};
use crate::db::ts;
use crate::db::Sql;
use crate::error::HttpError;
use crate::App;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use copydesk_newsroom::{
    ErrorCode, Health, LeaseRequest, LeaseResponse, Page, PushRequest, PushResponse, SessionInfo,
    SignIn, MAX_OPS_PER_PUSH, MAX_PAGE, MAX_REQUEST_BYTES, MAX_WAIT_SECS, PROTOCOL_VERSION,
};
use serde::Deserialize;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/v1/sessions", post(sign_in))
        .route("/v1/session", get(session).delete(sign_out))
        .route("/v1/ops", post(push))
        .route("/v1/changes", get(changes))
        .route(
            "/v1/articles/{id}/lease",
            post(acquire_lease).delete(release_lease),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .layer(middleware::from_fn(log_and_tag))
        .with_state(app)
}

/// One log line per request (method, path, status, time; never headers, query values or
/// bodies, which may hold tokens, passwords or story text), and the protocol header.
async fn log_and_tag(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let started = Instant::now();
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        "Copydesk-Protocol",
        HeaderValue::from_static(match PROTOCOL_VERSION {
            1 => "1",
            _ => "?",
        }),
    );
    tracing::debug!(
        %method,
        path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

async fn not_found() -> HttpError {
    HttpError::new(ErrorCode::NotFound, "no such endpoint")
}

fn json_error(rejection: JsonRejection) -> HttpError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return HttpError::new(
            ErrorCode::TooLarge,
            format!("a request body is at most {MAX_REQUEST_BYTES} bytes"),
        );
    }
    HttpError::new(ErrorCode::Invalid, rejection.body_text())
}

fn query_error(rejection: QueryRejection) -> HttpError {
    HttpError::new(ErrorCode::Invalid, rejection.body_text())
}

async fn health(State(app): State<Arc<App>>) -> Result<Json<Health>, HttpError> {
    let client = app.pool.get().await?;
    let version: i32 = client
        .one("SELECT version FROM copydesk_schema WHERE id = 1", &[])
        .await?
        .get(0);
    Ok(Json(Health {
        status: "ok".into(),
        protocol: PROTOCOL_VERSION,
        schema: version,
    }))
}

async fn sign_in(
    State(app): State<Arc<App>>,
    body: Result<Json<SignIn>, JsonRejection>,
) -> Result<Json<SessionInfo>, HttpError> {
    let Json(body) = body.map_err(json_error)?;
    let (token, profile, expires) =
        auth::sign_in(&app, &body.account, &body.password, body.desk).await?;
    Ok(Json(SessionInfo {
        token: Some(token),
        profile,
        desk: body.desk,
        expires_at: ts(expires),
        server_time: ts(app.now_ms()),
    }))
}

async fn session(
    State(app): State<Arc<App>>,
    caller: Caller,
) -> Result<Json<SessionInfo>, HttpError> {
    let client = app.pool.get().await?;
    let row = client
        .one(
            "SELECT name, role, revoked_at FROM accounts WHERE name = $1",
            &[&caller.account],
        )
        .await?;
    Ok(Json(SessionInfo {
        token: None,
        profile: crate::read::profile_from(&row),
        desk: caller.desk,
        expires_at: ts(caller.expires_at),
        server_time: ts(app.now_ms()),
    }))
}

async fn sign_out(
    State(app): State<Arc<App>>,
    caller: Caller,
) -> Result<Json<serde_json::Value>, HttpError> {
    auth::sign_out(&app, &caller).await?;
    Ok(Json(serde_json::json!({})))
}

async fn push(
    State(app): State<Arc<App>>,
    caller: Caller,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Json<PushResponse>, HttpError> {
    let Json(body) = body.map_err(json_error)?;
    if body.ops.len() > MAX_OPS_PER_PUSH {
        return Err(HttpError::new(
            ErrorCode::TooLarge,
            format!("a push carries at most {MAX_OPS_PER_PUSH} operations"),
        ));
    }
    let mut client = app.pool.get().await?;
    let now = app.now_ms();
    let answers = crate::ops::apply_push(&mut client, &caller, &body.ops, now)
        .await
        .map_err(HttpError::from)?;
    let results = answers
        .into_iter()
        .zip(&body.ops)
        .map(|(answer, op)| match answer {
            crate::ops::Answer::Stored(result) => result,
            // An op id reused for different content: answered, nothing stored.
            crate::ops::Answer::NotStored(fail) => copydesk_newsroom::OpResult {
                op_id: op.op_id,
                outcome: copydesk_newsroom::OpOutcome::Refused,
                seq: None,
                error: Some(match fail {
                    crate::error::Fail::Refused(r) => r.error,
                    other => copydesk_newsroom::ApiError::new(other.code(), other.to_string()),
                }),
                current: None,
                kept_revision: None,
                answered_at: ts(now),
                replayed: false,
            },
        })
        .collect();
    Ok(Json(PushResponse { results }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangesQuery {
    since: i64,
    #[serde(default)]
    limit: Option<u32>,
    #[serde(default)]
    wait: Option<u64>,
}

async fn changes(
    State(app): State<Arc<App>>,
    _caller: Caller,
    query: Result<Query<ChangesQuery>, QueryRejection>,
) -> Result<Json<Page>, HttpError> {
    let Query(q) = query.map_err(query_error)?;
    if q.since < 0 {
        return Err(HttpError::new(ErrorCode::Invalid, "since is 0 or more"));
    }
    let limit = q.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
    let wait = Duration::from_secs(q.wait.unwrap_or(0).min(MAX_WAIT_SECS));
    let deadline = tokio::time::Instant::now() + wait;
    let mut latest = app.wake.subscribe();
    let mut stop = app.stop.clone();
    loop {
        // Mark the current value seen *before* reading, so a change committed after the read
        // wakes the wait below.
        latest.borrow_and_update();
        let page = read_page(&app, q.since, limit).await?;
        if !page.changes.is_empty() || tokio::time::Instant::now() >= deadline || *stop.borrow() {
            return Ok(Json(page));
        }
        // Wait for a newer seq than `since` (or the deadline, or shutdown).
        loop {
            tokio::select! {
                changed = latest.changed() => {
                    if changed.is_err() {
                        return Ok(Json(page));
                    }
                    if *latest.borrow() > q.since {
                        break;
                    }
                }
                _ = tokio::time::sleep_until(deadline) => return Ok(Json(page)),
                _ = stop.changed() => return Ok(Json(page)),
            }
        }
    }
}

async fn read_page(app: &App, since: i64, limit: u32) -> Result<Page, HttpError> {
    let mut client = app.pool.get().await?;
    let tx = client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?;
    let now = app.now_ms();
    let (changes, more) = crate::read::changes(&tx, since, limit, now).await?;
    tx.commit().await?;
    let last_seq = changes.last().map(|c| c.seq).unwrap_or(since);
    Ok(Page {
        changes,
        last_seq,
        more,
        server_time: ts(now),
    })
}

fn article_id(id: &str) -> Result<Uuid, HttpError> {
    Uuid::parse_str(id).map_err(|_| HttpError::new(ErrorCode::Invalid, "not an article id"))
}

async fn acquire_lease(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<LeaseRequest>, JsonRejection>,
) -> Result<Json<LeaseResponse>, HttpError> {
    let id = article_id(&id)?;
    let Json(body) = body.map_err(json_error)?;
    Ok(Json(
        crate::lease::acquire(&app, &caller, id, body.take_over).await?,
    ))
}

async fn release_lease(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, HttpError> {
    let id = article_id(&id)?;
    crate::lease::release(&app, &caller, id).await?;
    Ok(Json(serde_json::json!({})))
}
