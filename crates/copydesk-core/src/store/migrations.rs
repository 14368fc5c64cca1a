//! Embedded, forward-only migrations. Each runs in its own transaction together with the bump
//! of `PRAGMA user_version`, so a crash leaves the database at one version or the next.
//! Never edit a shipped migration: add a new one.
use crate::error::{Error, Result};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "articles and tags",
        sql: include_str!("migrations/0001_articles.sql"),
    },
    Migration {
        version: 2,
        name: "wire ledger, stories and items",
        sql: include_str!("migrations/0002_wire.sql"),
    },
    Migration {
        version: 3,
        name: "revisions and the search index",
        sql: include_str!("migrations/0003_revisions_search.sql"),
    },
    Migration {
        version: 4,
        name: "workflow, schedules, embargoes and publications",
        sql: include_str!("migrations/0004_workflow.sql"),
    },
    Migration {
        version: 5,
        name: "settings and webhook deliveries",
        sql: include_str!("migrations/0005_webhook.sql"),
    },
    Migration {
        version: 6,
        name: "autosaves indexed for search lazily",
        sql: include_str!("migrations/0006_search_pending.sql"),
    },
    Migration {
        version: 7,
        name: "profiles and their roles",
        sql: include_str!("migrations/0007_profiles.sql"),
    },
    Migration {
        version: 8,
        name: "editorial comments",
        sql: include_str!("migrations/0008_comments.sql"),
    },
    Migration {
        version: 9,
        name: "wire copy in its own search index",
        sql: include_str!("migrations/0009_wire_search.sql"),
    },
    Migration {
        version: 10,
        name: "newsroom ids, the operation queue and the feed position",
        sql: include_str!("migrations/0010_newsroom.sql"),
    },
    Migration {
        version: 11,
        name: "indexes for reading lists a page at a time",
        sql: include_str!("migrations/0011_list_pages.sql"),
    },
    Migration {
        version: 12,
        name: "a log of what each write touched, for windows open on the desk",
        sql: include_str!("migrations/0012_desk_changes.sql"),
    },
    Migration {
        version: 13,
        name: "a newsroom's publications, by the server's id",
        sql: include_str!("migrations/0013_newsroom_publications.sql"),
    },
    Migration {
        version: 14,
        name: "the newsroom server's webhook deliveries, by its id",
        sql: include_str!("migrations/0014_newsroom_deliveries.sql"),
    },
];

pub const LATEST_SCHEMA: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

pub(super) fn refuse_newer(conn: &Connection, path: &Path) -> Result<()> {
    let found = user_version(conn)?;
    if found > LATEST_SCHEMA {
        return Err(Error::DatabaseTooNew {
            path: path.to_path_buf(),
            found,
            known: LATEST_SCHEMA,
        });
    }
    Ok(())
}

pub(super) fn run(conn: &mut Connection, path: &Path) -> Result<()> {
    for migration in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Read inside the transaction: another process may have migrated meanwhile.
        let current = user_version(&tx)?;
        if current > LATEST_SCHEMA {
            return Err(Error::DatabaseTooNew {
                path: path.to_path_buf(),
                found: current,
                known: LATEST_SCHEMA,
            });
        }
        if current >= migration.version {
            continue;
        }
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "migrating"
        );
        tx.execute_batch(migration.sql)?;
        tx.pragma_update(None, "user_version", migration.version)?;
        tx.commit()?;
    }
    Ok(())
}
