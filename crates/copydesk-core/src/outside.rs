//! What other processes write to this desk's database — the `copydesk` CLI, a script, a
//! second app on the same data folder — announced as this desk's own changes, so an open
//! window shows it without a reload.
//!
//! Every write leaves rows in `desk_changes` (SQLite triggers, so every writer records). A
//! watcher on the data folder wakes on writes to the database or its WAL (inotify: no polling,
//! nothing while idle); it then asks SQLite whether another connection committed
//! (`PRAGMA data_version` on our writer, which our own commits do not move) and, if one did,
//! reads the log rows after the last it saw and announces what they touched. Our own writes in
//! between are announced again: applying a change twice is harmless.
use crate::article::{self, ArticleId};
use crate::change::Change;
use crate::comment::{self, CommentId};
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::wire::{self, WireFileId, WireStoryId};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use rusqlite::Connection;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Weak};
use std::thread::JoinHandle;
use std::time::Duration;

/// Log rows kept when a desk opens: far more than any window falls behind (it reads within a
/// moment of each write), few enough that the table stays small.
pub(crate) const KEPT_CHANGES: i64 = 100_000;

/// How long writes must pause before the log is read: a burst (a CLI import) is one read.
const SETTLE: Duration = Duration::from_millis(60);

/// Wire stories announced per change: a large import arrives as several.
const STORIES_PER_CHANGE: usize = 500;

/// How far this desk has read: SQLite's count of other connections' commits, and the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutsideMark {
    data_version: i64,
    seq: i64,
}

/// Announces other processes' writes until dropped ([`Desk::follow_outside_writes`]).
pub struct OutsideWrites {
    watcher: Option<RecommendedWatcher>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for OutsideWrites {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutsideWrites").finish_non_exhaustive()
    }
}

impl Drop for OutsideWrites {
    fn drop(&mut self) {
        // The watcher holds the only sender: dropping it ends the thread's wait.
        drop(self.watcher.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Desk {
    /// Where the log ends now: what a follower starts from.
    pub fn outside_mark(&self) -> Result<OutsideMark> {
        let (data_version, seq) = self.store().change_mark()?;
        Ok(OutsideMark { data_version, seq })
    }

    /// What other processes changed since `mark`, as this desk's changes (announced too), and
    /// `mark` moved on. Nothing when no other connection committed.
    pub fn take_outside_writes(&self, mark: &mut OutsideMark) -> Result<Vec<Change>> {
        let now = self.outside_mark()?;
        let before = std::mem::replace(mark, now);
        if now.data_version == before.data_version || now.seq <= before.seq {
            return Ok(Vec::new());
        }
        let me = self.profile().name;
        let changes = self
            .store()
            .read(|c| changes_between(c, before.seq, now.seq, &me))?;
        for change in &changes {
            self.announce(change.clone());
        }
        Ok(changes)
    }

    /// Watches the data folder and announces what other processes write, until the handle is
    /// dropped.
    pub fn follow_outside_writes(self: &Arc<Self>) -> Result<OutsideWrites> {
        let database = self.data_dir().database();
        let folder = database
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        let names: Vec<std::ffi::OsString> = ["", "-wal"]
            .iter()
            .filter_map(|end| {
                database.file_name().map(|n| {
                    let mut n = n.to_os_string();
                    n.push(end);
                    n
                })
            })
            .collect();
        let mut mark = self.outside_mark()?;
        let (tx, rx) = mpsc::channel::<()>();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else { return };
                let written = matches!(event.kind, EventKind::Modify(_) | EventKind::Create(_));
                let ours = event
                    .paths
                    .iter()
                    .any(|p| p.file_name().is_some_and(|n| names.iter().any(|m| m == n)));
                if written && ours {
                    let _ = tx.send(());
                }
            })
            .map_err(|e| Error::Invalid(format!("cannot watch {}: {e}", folder.display())))?;
        watcher
            .watch(&folder, RecursiveMode::NonRecursive)
            .map_err(|e| Error::Invalid(format!("cannot watch {}: {e}", folder.display())))?;
        let desk: Weak<Desk> = Arc::downgrade(self);
        let thread = std::thread::Builder::new()
            .name("outside-writes".into())
            .spawn(move || {
                while rx.recv().is_ok() {
                    // Let the burst finish: one read for a whole import.
                    while rx.recv_timeout(SETTLE).is_ok() {}
                    let Some(desk) = desk.upgrade() else { return };
                    if let Err(e) = desk.take_outside_writes(&mut mark) {
                        tracing::warn!("reading what other processes wrote: {e}");
                    }
                }
            })
            .map_err(|e| Error::io("cannot start the outside-writes follower", e))?;
        Ok(OutsideWrites {
            watcher: Some(watcher),
            thread: Some(thread),
        })
    }
}

/// What the log rows after `from` up to `to` touched, as changes: each thing once, in the order
/// it was first touched.
fn changes_between(c: &Connection, from: i64, to: i64, me: &str) -> Result<Vec<Change>> {
    // Each article once, and whether one of the rows made it.
    let mut articles: HashMap<ArticleId, bool> = HashMap::new();
    let mut article_order: Vec<ArticleId> = Vec::new();
    let mut threads: Vec<(ArticleId, CommentId)> = Vec::new();
    let mut stories: Vec<WireStoryId> = Vec::new();
    let mut quarantined: Vec<WireFileId> = Vec::new();
    let mut stmt = c.prepare_cached(
        "SELECT kind, id, article_id FROM desk_changes WHERE seq > ?1 AND seq <= ?2 ORDER BY seq",
    )?;
    let rows = stmt.query_map([from, to], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<i64>>(2)?,
        ))
    })?;
    for row in rows {
        let (kind, id, article_id) = row?;
        match kind.as_str() {
            "article_new" | "article" | "article_gone" => {
                let created = articles.entry(id).or_insert_with(|| {
                    article_order.push(id);
                    false
                });
                *created |= kind == "article_new";
            }
            "comment" => {
                if let Some(article_id) = article_id {
                    if !threads.contains(&(article_id, id)) {
                        threads.push((article_id, id));
                    }
                }
            }
            "wire_story" => {
                if !stories.contains(&id) {
                    stories.push(id);
                }
            }
            "quarantine" => quarantined.push(id),
            other => tracing::debug!("desk_changes: unknown kind {other}"),
        }
    }
    let mut changes = Vec::new();
    for id in article_order {
        let created = articles.get(&id).copied().unwrap_or(false);
        match article::get(c, id) {
            Ok(a) => {
                let article = article::summary(&a);
                changes.push(if created {
                    Change::ArticleCreated { article }
                } else {
                    Change::ArticleSaved { article }
                });
            }
            Err(Error::ArticleNotFound(_)) => changes.push(Change::ArticleDeleted { id }),
            Err(e) => return Err(e),
        }
    }
    for (article_id, thread) in threads {
        // A thread on an article that has gone went with it (ArticleDeleted says so).
        if article::get(c, article_id).is_ok() {
            changes.push(comment::thread_change(c, article_id, thread, me)?);
        }
    }
    for chunk in stories.chunks(STORIES_PER_CHANGE) {
        let stories = wire::summaries_of(c, chunk)?;
        if !stories.is_empty() {
            changes.push(Change::WireReceived { stories });
        }
    }
    for id in quarantined {
        match wire::quarantined_file(c, id) {
            Ok(file) => changes.push(Change::WireQuarantined { file }),
            // Taken back out of quarantine since: nothing to show.
            Err(Error::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(changes)
}
