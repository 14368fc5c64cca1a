//! The PostgreSQL side: the connection pool, embedded migrations, sequence numbers.
use crate::error::Fail;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::types::ToSql;
use tokio_postgres::{NoTls, Row};
use uuid::Uuid;

/// Embedded migrations, applied in order, each in its own transaction with its version bump.
/// Forward-only: never edit a shipped one, add the next.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("migrations/0001_newsroom.sql")),
    (2, include_str!("migrations/0002_publications.sql")),
    (3, include_str!("migrations/0003_stamp_ops.sql")),
    (4, include_str!("migrations/0004_wire_files.sql")),
    (5, include_str!("migrations/0005_publication_feed.sql")),
    (6, include_str!("migrations/0006_webhook.sql")),
    (7, include_str!("migrations/0007_delivery_feed.sql")),
];

/// The schema this server knows up to.
pub const SCHEMA_VERSION: i32 = 7;

/// Advisory lock keys (arbitrary constants; "cdsk" in ASCII, then a number).
const MIGRATION_LOCK: i64 = 0x6364_736b_0000_0001;
// Key 0x6364_736b_0000_0002 is the seq lock, taken in SQL by `copydesk_stamp`.

/// The channel NOTIFY wakes listeners on (payload: the newest seq).
pub const CHANNEL: &str = "copydesk_changes";

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot use the database: {0}")]
    Database(String),
    #[error(
        "the database was written by a newer copydesk-server (schema {found}; this server knows up to {known}); update the server. Nothing was changed"
    )]
    DatabaseTooNew { found: i32, known: i32 },
    #[error("{0}")]
    Config(String),
    #[error("cannot listen: {0}")]
    Listen(String),
}

impl From<tokio_postgres::Error> for StartError {
    fn from(e: tokio_postgres::Error) -> Self {
        StartError::Database(crate::error::db_message(&e))
    }
}

pub fn pool(url: &str, size: usize) -> Result<Pool, StartError> {
    let pg: tokio_postgres::Config = url
        .parse()
        .map_err(|e| StartError::Config(format!("the database URL is not valid: {e}")))?;
    let manager = Manager::from_config(
        pg,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(size)
        .runtime(deadpool_postgres::Runtime::Tokio1)
        .wait_timeout(Some(std::time::Duration::from_secs(10)))
        .create_timeout(Some(std::time::Duration::from_secs(5)))
        .build()
        .map_err(|e| StartError::Config(e.to_string()))
}

/// Brings the schema up to [`SCHEMA_VERSION`], refusing a database from a newer server before
/// writing anything. Safe with several servers starting at once (an advisory lock).
pub async fn migrate(client: &mut tokio_postgres::Client) -> Result<i32, StartError> {
    loop {
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        let exists: bool = tx
            .query_one("SELECT to_regclass('copydesk_schema') IS NOT NULL", &[])
            .await?
            .get(0);
        let found: i32 = if exists {
            tx.query_one("SELECT version FROM copydesk_schema WHERE id = 1", &[])
                .await?
                .get(0)
        } else {
            0
        };
        if found > SCHEMA_VERSION {
            tx.rollback().await?;
            return Err(StartError::DatabaseTooNew {
                found,
                known: SCHEMA_VERSION,
            });
        }
        if found == SCHEMA_VERSION {
            tx.commit().await?;
            return Ok(found);
        }
        if !exists {
            tx.batch_execute(
                "CREATE TABLE copydesk_schema (id INT PRIMARY KEY CHECK (id = 1), version INT NOT NULL);
                 INSERT INTO copydesk_schema (id, version) VALUES (1, 0);",
            )
            .await?;
        }
        let next = found + 1;
        let Some((_, sql)) = MIGRATIONS.iter().find(|(v, _)| *v == next) else {
            return Err(StartError::Database(format!("migration {next} is missing")));
        };
        tx.batch_execute(sql).await?;
        tx.execute(
            "UPDATE copydesk_schema SET version = $1 WHERE id = 1",
            &[&next],
        )
        .await?;
        tx.commit().await?;
        tracing::info!(version = next, "applied migration");
    }
}

/// A transaction on a pooled connection (its statements are prepared once per connection).
pub type Transaction<'a> = deadpool_postgres::Transaction<'a>;

/// Statements through the connection's statement cache: one round trip per statement instead
/// of two (parse, then execute).
#[allow(async_fn_in_trait)]
pub trait Sql {
    async fn exec(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, Fail>;
    async fn rows(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, Fail>;
    async fn opt(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>, Fail>;
    async fn one(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row, Fail>;
}

macro_rules! cached_sql {
    ($t:ty) => {
        impl Sql for $t {
            async fn exec(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, Fail> {
                let stmt = self.prepare_cached(sql).await?;
                Ok(self.execute(&stmt, params).await?)
            }
            async fn rows(
                &self,
                sql: &str,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<Vec<Row>, Fail> {
                let stmt = self.prepare_cached(sql).await?;
                Ok(self.query(&stmt, params).await?)
            }
            async fn opt(
                &self,
                sql: &str,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<Option<Row>, Fail> {
                let stmt = self.prepare_cached(sql).await?;
                Ok(self.query_opt(&stmt, params).await?)
            }
            async fn one(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row, Fail> {
                let stmt = self.prepare_cached(sql).await?;
                Ok(self.query_one(&stmt, params).await?)
            }
        }
    };
}
cached_sql!(deadpool_postgres::Transaction<'_>);
cached_sql!(deadpool_postgres::ClientWrapper);

/// One entity row a transaction changed, to be given a seq before commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touched {
    Account(String),
    Article(Uuid),
    Revision(Uuid),
    Comment(Uuid),
    Transition(Uuid),
    Lease(Uuid),
    WireFile(String),
    Publication(Uuid),
    Delivery(Uuid),
}

/// What a transaction changed, in order.
#[derive(Debug, Default)]
pub struct Writes(Vec<Touched>);

impl Writes {
    pub fn touch(&mut self, t: Touched) {
        // The same row changed twice gets one (the later) seq.
        self.0.retain(|x| *x != t);
        self.0.push(t);
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn rows(&self) -> &[Touched] {
        &self.0
    }
}

impl Touched {
    /// The row as `copydesk_stamp` names it: its table's kind and its key.
    pub fn kind_and_key(&self) -> (&'static str, String) {
        match self {
            Touched::Account(name) => ("account", name.clone()),
            Touched::Article(id) => ("article", id.to_string()),
            Touched::Revision(id) => ("revision", id.to_string()),
            Touched::Comment(id) => ("comment", id.to_string()),
            Touched::Transition(id) => ("transition", id.to_string()),
            Touched::Lease(id) => ("lease", id.to_string()),
            Touched::WireFile(sha256) => ("wire_file", sha256.clone()),
            Touched::Publication(id) => ("publication", id.to_string()),
            Touched::Delivery(id) => ("delivery", id.to_string()),
        }
    }
}

/// Gives every touched row the next seqs, as the last write of the transaction, and returns
/// the highest one (see `copydesk_stamp` in migration 0001: one round trip). The advisory lock
/// it takes is held until commit, so a transaction that gets higher seqs commits after every
/// one with lower seqs: a desk that has seen seq N has everything up to N.
pub async fn assign_seqs(tx: &Transaction<'_>, writes: &Writes) -> Result<Option<i64>, Fail> {
    stamp(tx, writes, None).await
}

/// [`assign_seqs`], also storing an operation's answer (`result` without its seq) in the same
/// round trip.
pub async fn stamp(
    tx: &Transaction<'_>,
    writes: &Writes,
    op: Option<(Uuid, &str)>,
) -> Result<Option<i64>, Fail> {
    if writes.is_empty() && op.is_none() {
        return Ok(None);
    }
    let (kinds, keys): (Vec<&str>, Vec<String>) =
        writes.0.iter().map(Touched::kind_and_key).unzip();
    let row = tx
        .one(
            "SELECT copydesk_stamp($1, $2, $3, $4, $5)",
            &[&kinds, &keys, &CHANNEL, &op.map(|o| o.0), &op.map(|o| o.1)],
        )
        .await?;
    Ok(row.get(0))
}

/// Now, in Unix milliseconds (the server's clock; every server of a newsroom should run NTP).
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

pub fn ts(ms: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}
