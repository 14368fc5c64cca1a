//! How much room the desk takes and what it holds, and compacting it. A year of wire copy is
//! most of a desk's size (every file's original bytes are kept, so nothing is ever lost); the
//! figures say so, and compaction gives back the room that deleted rows left behind.
use crate::desk::Desk;
use crate::error::Result;
use rusqlite::Connection;
use serde::Serialize;

/// What the desk's database holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StorageReport {
    /// The database file and its write-ahead log, on disk.
    pub database_bytes: u64,
    /// Room inside the file that holds nothing (freed pages): what compacting gives back.
    pub free_bytes: u64,
    pub articles: u64,
    pub revisions: u64,
    /// Wire files received (each kept as it came).
    pub wire_files: u64,
    /// Stored versions of wire stories.
    pub wire_items: u64,
    /// The wire files' original bytes.
    pub wire_original_bytes: u64,
    /// The original and the parsed text of an average wire item (indexes not counted).
    pub bytes_per_wire_item: u64,
}

/// What compacting did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Compacted {
    pub before_bytes: u64,
    pub after_bytes: u64,
}

fn count(c: &Connection, sql: &str) -> Result<u64> {
    let n: i64 = c.query_row(sql, [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

impl Desk {
    /// What the database holds and how big it is.
    pub fn storage(&self) -> Result<StorageReport> {
        let database = self.data_dir().database();
        let on_disk = |suffix: &str| {
            let mut path = database.clone().into_os_string();
            path.push(suffix);
            std::fs::metadata(path).map_or(0, |m| m.len())
        };
        let database_bytes = on_disk("") + on_disk("-wal");
        self.store().read(|c| {
            let page_size = count(c, "PRAGMA page_size")?;
            let free_pages = count(c, "PRAGMA freelist_count")?;
            let wire_items = count(c, "SELECT count(*) FROM wire_items")?;
            let wire_original_bytes = count(
                c,
                "SELECT coalesce(sum(length(original)), 0) FROM wire_files",
            )?;
            let parsed_bytes = count(
                c,
                "SELECT coalesce(sum(length(body) + length(headline)), 0) FROM wire_items",
            )?;
            Ok(StorageReport {
                database_bytes,
                free_bytes: page_size * free_pages,
                articles: count(c, "SELECT count(*) FROM articles")?,
                revisions: count(c, "SELECT count(*) FROM revisions")?,
                wire_files: count(c, "SELECT count(*) FROM wire_files")?,
                wire_items,
                wire_original_bytes,
                bytes_per_wire_item: (wire_original_bytes + parsed_bytes)
                    .checked_div(wire_items)
                    .unwrap_or(0),
            })
        })
    }

    /// Rewrites the database without its free room (SQLite's VACUUM) and shrinks the
    /// write-ahead log. Saves wait while it runs (it holds the write lock); reads go on.
    pub fn compact(&self) -> Result<Compacted> {
        let before_bytes = self.storage()?.database_bytes;
        self.store().vacuum()?;
        let after_bytes = self.storage()?.database_bytes;
        Ok(Compacted {
            before_bytes,
            after_bytes,
        })
    }
}
