//! SQLite storage. One connection writes (behind a mutex, in `BEGIN IMMEDIATE` transactions);
//! another reads, so a long search never waits for a save and a save never meets SQLITE_BUSY.
//! A third, owned by a background thread, copies the WAL back into the database after writes,
//! so no save pays for a checkpoint.
mod checkpoint;
mod migrations;
pub(crate) mod settings;

#[cfg(feature = "test-support")]
pub use migrations::{LATEST_SCHEMA, MIGRATIONS};

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// SQLite releases before this one have the WAL-reset corruption bug.
const MIN_SQLITE: i32 = 3_051_003;

#[derive(Debug)]
pub struct Store {
    #[cfg_attr(not(feature = "test-support"), allow(dead_code))]
    path: PathBuf,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    checkpoints: checkpoint::Checkpoints,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// A database from a newer Copydesk is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        if rusqlite::version_number() < MIN_SQLITE {
            return Err(Error::Invalid(format!(
                "SQLite {} is too old (3.51.3 or newer is needed)",
                rusqlite::version()
            )));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io(format!("cannot create {}", parent.display()), e))?;
        }
        let mut writer = Connection::open(path)?;
        // Check the schema before turning on WAL, so a newer database is not touched at all.
        migrations::refuse_newer(&writer, path)?;
        configure(&writer)?;
        migrations::run(&mut writer, path)?;
        let reader = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure_reader(&reader)?;
        let checkpoints = checkpoint::Checkpoints::start(path)?;
        Ok(Store {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            checkpoints,
        })
    }

    #[cfg_attr(not(feature = "test-support"), allow(dead_code))]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one write transaction; it commits only if `f` returns `Ok`.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        self.checkpoints.wrote();
        Ok(value)
    }

    /// Whether another connection has committed (SQLite's `data_version` on the writer, which
    /// our own commits do not move) and where the change log ends, read under the write lock
    /// so no commit falls between the two.
    pub(crate) fn change_mark(&self) -> Result<(i64, i64)> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let seq: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM desk_changes", [], |r| {
            r.get(0)
        })?;
        tx.commit()?;
        Ok((version, seq))
    }

    /// Rewrites the database without its free pages (VACUUM, on the writer, so no save runs
    /// meanwhile), then empties the write-ahead log the rewrite went through.
    pub(crate) fn vacuum(&self) -> Result<()> {
        let conn = lock(&self.writer);
        conn.execute_batch("VACUUM")?;
        // The rewrite went through the WAL: copy it back and cut the log to nothing. A reader
        // in the middle of a read may keep it from finishing: then the next checkpoint does.
        let _: (i64, i64, i64) = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(())
    }

    /// Runs `f` on the read connection (a consistent snapshot for the length of one statement,
    /// or of a transaction `f` opens itself).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = lock(&self.reader);
        f(&conn)
    }
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding the lock cannot leave a half-done transaction behind (it rolls back
    // on drop), so the connection is still good.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // FULL: an acknowledged save survives power loss (NORMAL can lose the last commit in WAL).
    // Checkpoints run in the background (checkpoint.rs); the automatic one stays as a backstop
    // at ~40 MB of WAL, should that thread ever fall behind.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA wal_autocheckpoint = 10000;",
    )?;
    Ok(())
}

fn configure_reader(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    Ok(())
}
