//! copydesk-server: many desks share one newsroom through PostgreSQL.
//!
//! Stateless: everything lives in the database, so any number of server processes on one
//! database behave as one. Desks push operations (`POST /v1/ops`, each applied once by its
//! client-made id) and pull snapshots of what changed since the last seq they saw
//! (`GET /v1/changes`, optionally long-polling). See `docs/newsroom-protocol.md`.
//!
//! The [`scheduler`] publishes due stories exactly once, whichever process gets there first;
//! every publication is recorded with the move, and a process with an outbox folder writes
//! its files once ([`outputs`]). Wire copy is stored once by SHA-256, sent by desks or taken
//! in from a folder the server watches ([`inbox`]). Webhook deliveries from the server are a
//! later phase.
#![forbid(unsafe_code)]

pub mod auth;
pub mod db;
pub mod deliveries;
pub mod error;
pub mod http;
pub mod inbox;
pub mod lease;
pub mod ops;
pub mod outputs;
pub mod read;
pub mod scheduler;
pub mod wake;

use deadpool_postgres::Pool;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

use copydesk_core::{Clock, SystemClock};
pub use db::{StartError, SCHEMA_VERSION};

/// How a server runs. `Config::new` gives the defaults.
#[derive(Clone)]
pub struct Config {
    /// `postgres://user:password@host:port/db` (never logged).
    pub database: String,
    /// How long a body lease lasts without renewal (desks renew at a third of it).
    pub lease_ttl: Duration,
    /// How long a session lasts after sign-in.
    pub session_ttl: Duration,
    /// How often each process re-reads the change counter, in case a notification was lost.
    pub recheck: Duration,
    /// Whether to LISTEN for notifications at all (tests turn it off to prove the re-check).
    pub notifications: bool,
    /// Database connections per process.
    pub pool_size: usize,
    /// The server's time: sessions, leases, saves and the scheduler read it (tests pass a
    /// manual clock to publish a scheduled story without waiting for the minute).
    pub clock: Arc<dyn Clock>,
    /// How often the scheduler looks for due stories (and the outbox writer for unwritten
    /// publications).
    pub scheduler_tick: Duration,
    /// Where this process writes the newsroom's publications (none: another process does, or
    /// nobody needs files).
    pub outbox: Option<std::path::PathBuf>,
    /// Watch this folder for wire files and share them with the newsroom ([`inbox`]).
    pub inbox: Option<std::path::PathBuf>,
    /// POST each publication's ninjs here ([`deliveries`]), retried with the desk's waits.
    pub webhook: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database", &"<hidden>")
            .field("lease_ttl", &self.lease_ttl)
            .field("session_ttl", &self.session_ttl)
            .field("recheck", &self.recheck)
            .field("notifications", &self.notifications)
            .field("pool_size", &self.pool_size)
            .field("clock", &self.clock)
            .field("scheduler_tick", &self.scheduler_tick)
            .field("outbox", &self.outbox)
            .field("inbox", &self.inbox)
            .field("webhook", &self.webhook.as_ref().map(|_| "<set>"))
            .finish()
    }
}

impl Config {
    pub fn new(database: impl Into<String>) -> Config {
        Config {
            database: database.into(),
            lease_ttl: Duration::from_secs(90),
            session_ttl: Duration::from_secs(30 * 24 * 3600),
            recheck: Duration::from_secs(1),
            notifications: true,
            pool_size: 16,
            clock: Arc::new(SystemClock),
            scheduler_tick: Duration::from_secs(1),
            outbox: None,
            inbox: None,
            webhook: None,
        }
    }
}

/// What every handler shares: the pool, the wake-up channel, the config.
pub struct App {
    pub pool: Pool,
    pub wake: wake::Wake,
    pub config: Config,
    /// Becomes true when the server is stopping (long polls answer at once).
    pub stop: watch::Receiver<bool>,
    /// Password checks at once (each argon2 check takes ~19 MiB and tens of milliseconds):
    /// a flood of sign-ins queues here instead of exhausting memory.
    pub hashing: tokio::sync::Semaphore,
}

impl App {
    /// Now, in Unix milliseconds, by the configured clock.
    pub fn now_ms(&self) -> i64 {
        self.config.clock.now().as_millisecond()
    }
}

/// Connects, applies migrations (refusing a newer database), and returns the pool.
pub async fn prepare(config: &Config) -> Result<Pool, StartError> {
    let pool = db::pool(&config.database, config.pool_size)?;
    let mut client = pool
        .get()
        .await
        .map_err(|e| StartError::Database(e.to_string()))?;
    db::migrate(&mut client).await?;
    Ok(pool)
}

/// Serves on `listener` until `shutdown` completes, then stops cleanly: no new connections,
/// open long polls answered at once, requests in flight finished.
pub async fn serve(
    config: Config,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let pool = prepare(&config).await?;
    let pg: tokio_postgres::Config = config
        .database
        .parse()
        .map_err(|e| StartError::Config(format!("the database URL is not valid: {e}")))?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let app = Arc::new(App {
        pool: pool.clone(),
        wake: wake::Wake::new(),
        config: config.clone(),
        stop: stop_rx.clone(),
        hashing: tokio::sync::Semaphore::new(4),
    });
    let mut background = Vec::new();
    {
        let app = app.clone();
        let stop = stop_rx.clone();
        let every = config.recheck;
        background.push(tokio::spawn(async move {
            app.wake.recheck(app.pool.clone(), every, stop).await
        }));
    }
    {
        let app = app.clone();
        let stop = stop_rx.clone();
        background.push(tokio::spawn(async move { scheduler::run(app, stop).await }));
    }
    if let Some(outbox) = config.outbox.clone() {
        let app = app.clone();
        let stop = stop_rx.clone();
        background.push(tokio::spawn(async move {
            outputs::run(app, outbox, stop).await
        }));
    }
    if let Some(url) = config.webhook.clone() {
        let app = app.clone();
        let stop = stop_rx.clone();
        background.push(tokio::spawn(async move {
            deliveries::run(app, url, stop).await
        }));
    }
    if let Some(dir) = config.inbox.clone() {
        let app = app.clone();
        let stop = stop_rx.clone();
        background.push(tokio::spawn(
            async move { inbox::run(app, dir, stop).await },
        ));
    }
    if config.notifications {
        let app = app.clone();
        let stop = stop_rx.clone();
        background.push(tokio::spawn(async move { app.wake.listen(pg, stop).await }));
    }
    let addr: Option<SocketAddr> = listener.local_addr().ok();
    tracing::info!(addr = ?addr, schema = SCHEMA_VERSION, "copydesk-server listening");
    let router = http::router(app.clone());
    let result = axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("stopping");
            let _ = stop_tx.send(true);
        })
        .await
        .map_err(|e| StartError::Listen(e.to_string()));
    for task in background {
        let _ = tokio::time::timeout(Duration::from_secs(2), task).await;
    }
    pool.close();
    tracing::info!("stopped");
    result
}
