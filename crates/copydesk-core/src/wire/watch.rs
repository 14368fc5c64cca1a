//! The inbox worker: takes complete files from the watched folder, imports them, then moves
//! them to the archive (or quarantine) — only after the import is committed, so a crash in
//! between leaves the file in the inbox, where its hash marks it as already imported.
//!
//! Files are taken in batches: whatever the inbox has ready when the worker looks (up to
//! [`BATCH_FILES`] files or [`BATCH_BYTES`], gathered for at most [`BATCH_GATHER`]) is imported
//! in one transaction, moved, and the new places recorded in a second transaction: two commits
//! per batch instead of two per file. The worker never waits for more work: a single dropped
//! file is a batch of one and is committed at once.
//!
//! Crash test hook: with `COPYDESK_FAILPOINT=after_commit_before_move` in its environment, the
//! process aborts right after a batch is committed and before its files are moved (see
//! `crash_point`), so a test can run the real binary through that crash.
use super::desk::RefusedEntry;
use super::{Imported, IncomingFile, WireFileId};
use crate::change::Change;
use crate::desk::Desk;
use crate::error::Result;
use copydesk_inbox::crossbeam_channel::{self, Receiver};
use copydesk_inbox::{Arrival, Inbox, InboxConfig, InboxError, InboxWatch, ReadyFile, RefusalCode};
use jiff::tz::TimeZone;
use std::path::PathBuf;
use std::sync::{Arc, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Most files imported in one transaction.
const BATCH_FILES: usize = 256;
/// Most bytes (of files read) held for one transaction.
const BATCH_BYTES: usize = 64 << 20;
/// Longest the worker keeps taking what is already waiting before it imports.
const BATCH_GATHER: Duration = Duration::from_millis(5);

/// The environment variable that arms a [`crash_point`].
const FAILPOINT_VAR: &str = "COPYDESK_FAILPOINT";
/// Between the commit of a batch and the move of its files: the window that the ledger's
/// hashes exist for.
const AFTER_COMMIT_BEFORE_MOVE: &str = "after_commit_before_move";

/// Aborts the process here if `COPYDESK_FAILPOINT` names this point. `abort`, not a panic or an
/// exit: no unwinding, no destructors, no flush of our own, so what survives is what a crash
/// would leave (what the kernel already has). The variable is read once per process; unset,
/// a point costs one comparison.
fn crash_point(name: &str) {
    static ARMED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let armed = ARMED.get_or_init(|| std::env::var(FAILPOINT_VAR).ok());
    if armed.as_deref() == Some(name) {
        eprintln!("{FAILPOINT_VAR}={name}: aborting");
        std::process::abort();
    }
}

/// Called by the inbox worker with each line of an import report (as `copydesk wire import`
/// prints them), once the file has been moved (or the move has failed).
pub(crate) type Reporter = Box<dyn Fn(&Imported) + Send>;

/// A running inbox: dropping it stops the watcher, lets the worker finish the files in hand,
/// and joins it.
pub struct WireWatch {
    inbox: Option<Arc<InboxWatch>>,
    worker: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for WireWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WireWatch")
            .field("running", &self.is_running())
            .finish()
    }
}

impl WireWatch {
    pub(crate) fn start(
        desk: Arc<Desk>,
        config: InboxConfig,
        report: Option<Reporter>,
    ) -> Result<WireWatch> {
        std::fs::create_dir_all(&config.root)
            .map_err(|e| crate::Error::io(format!("cannot create {}", config.root.display()), e))?;
        // Bounded: a burst of thousands of files waits in the folder, not in memory.
        let (sink, arrivals) = crossbeam_channel::bounded(64);
        let watch = Arc::new(Inbox::watch(config, sink)?);
        let worker = Worker {
            inbox: watch.inbox().clone(),
            // Weak: the handle alone keeps the watcher alive, so dropping it stops the watcher,
            // which ends the worker.
            watch: Arc::downgrade(&watch),
            desk,
            report,
        };
        let worker = std::thread::Builder::new()
            .name("wire-inbox".into())
            .spawn(move || worker.run(&arrivals))
            .map_err(|e| crate::Error::io("cannot start the inbox worker", e))?;
        Ok(WireWatch {
            inbox: Some(watch),
            worker: Some(worker),
        })
    }

    pub fn is_running(&self) -> bool {
        self.inbox.as_ref().is_some_and(|w| w.is_running())
    }

    /// Asks for a full scan now (e.g. after "try again" moved files back).
    pub fn rescan(&self) {
        if let Some(w) = &self.inbox {
            w.rescan();
        }
    }
}

impl Drop for WireWatch {
    fn drop(&mut self) {
        drop(self.inbox.take());
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

struct Worker {
    desk: Arc<Desk>,
    inbox: Inbox,
    watch: Weak<InboxWatch>,
    report: Option<Reporter>,
}

/// What the worker took from the inbox for one transaction.
#[derive(Default)]
struct Batch {
    ready: Vec<ReadyFile>,
    refused: Vec<Refused>,
    bytes: usize,
}

struct Refused {
    path: PathBuf,
    name: String,
    reason: RefusalCode,
    message: String,
}

impl Batch {
    fn len(&self) -> usize {
        self.ready.len() + self.refused.len()
    }

    fn is_full(&self) -> bool {
        self.len() >= BATCH_FILES || self.bytes >= BATCH_BYTES
    }
}

impl Worker {
    fn run(&self, arrivals: &Receiver<Arrival>) {
        // Ends when the watcher stops and drops its end of the channel.
        while let Ok(first) = arrivals.recv() {
            let mut batch = Batch::default();
            self.add(&mut batch, first);
            // Take what is already waiting, without waiting for more.
            let started = Instant::now();
            while !batch.is_full() && started.elapsed() < BATCH_GATHER {
                match arrivals.try_recv() {
                    Ok(arrival) => self.add(&mut batch, arrival),
                    Err(_) => break,
                }
            }
            if batch.len() > 0 {
                self.import(batch);
            }
        }
    }

    fn add(&self, batch: &mut Batch, arrival: Arrival) {
        match arrival {
            Arrival::Ready(file) => {
                batch.bytes += file.bytes.len();
                batch.ready.push(file);
            }
            Arrival::Refused {
                path,
                reason,
                message,
            } => {
                let name = path
                    .strip_prefix(self.inbox.root())
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                batch.refused.push(Refused {
                    path,
                    name,
                    reason,
                    message,
                });
            }
            Arrival::Scanned { found, .. } => self.desk.announce_wire_scan(found),
            Arrival::Fault { message } => tracing::warn!("wire inbox: {message}"),
        }
    }

    /// Commit, then move, then record where the files went.
    fn import(&self, batch: Batch) {
        let names: Vec<String> = batch
            .ready
            .iter()
            .map(|f| f.relative.display().to_string())
            .collect();
        let files: Vec<IncomingFile<'_>> = batch
            .ready
            .iter()
            .zip(&names)
            .map(|(file, name)| IncomingFile {
                name,
                bytes: &file.bytes,
            })
            .collect();
        let refused: Vec<RefusedEntry<'_>> = batch
            .refused
            .iter()
            .map(|r| RefusedEntry {
                name: &r.name,
                code: r.reason.as_str(),
                message: &r.message,
            })
            .collect();
        let import = match self.desk.import_inbox_batch(&files, &refused) {
            Ok(import) => import,
            Err(e) if batch.len() > 1 => {
                // All or nothing: so that one file the store refuses cannot hold back the
                // others, take them one by one.
                tracing::warn!(
                    "could not import a batch of {}: {e}; retrying one by one",
                    batch.len()
                );
                for file in batch.ready {
                    self.import(Batch {
                        bytes: file.bytes.len(),
                        ready: vec![file],
                        refused: Vec::new(),
                    });
                }
                for refused in batch.refused {
                    self.import(Batch {
                        ready: Vec::new(),
                        refused: vec![refused],
                        bytes: 0,
                    });
                }
                return;
            }
            Err(e) => {
                // Nothing was committed: leave the entry where it is and try again on a later
                // scan.
                for file in &batch.ready {
                    tracing::error!("could not import {}: {e}", file.relative.display());
                    self.inbox.release(&file.path);
                }
                for refused in &batch.refused {
                    tracing::error!("could not record refused {}: {e}", refused.path.display());
                    self.inbox.release(&refused.path);
                }
                return;
            }
        };

        // Committed: now move.
        crash_point(AFTER_COMMIT_BEFORE_MOVE);
        let now = self.desk.now();
        let today = now.to_zoned_datetime(TimeZone::system()).date();
        let mut shelved: Vec<(WireFileId, PathBuf)> = Vec::with_capacity(batch.len());
        let mut changed = false;
        for ((file, name), report) in batch.ready.iter().zip(&names).zip(&import.reports) {
            let moved = match &report.quarantine {
                Some(rejection) => self.inbox.quarantine(
                    &file.path,
                    &rejection.code.as_str().to_uppercase(),
                    &rejection.message,
                    now,
                ),
                None => self.inbox.archive(&file.path, today),
            };
            match moved {
                Ok(place) => shelved.push((report.file_id, place)),
                Err(e) => {
                    // Still in the inbox, and its hash is now in the ledger: let the inbox offer
                    // it again, and the next look only moves it.
                    tracing::warn!("imported {name} but could not move it: {e}");
                    self.inbox.release(&file.path);
                    // A file rewritten after it was read (the same name dropped again) sent
                    // its events while we held it: look again now, not at the next periodic
                    // scan.
                    changed |= matches!(e, InboxError::ChangedSinceHandOver(_));
                }
            }
        }
        for (refused, file_id) in batch.refused.iter().zip(&import.refused) {
            match self.inbox.quarantine(
                &refused.path,
                refused.reason.as_str(),
                &refused.message,
                now,
            ) {
                Ok(place) => shelved.push((*file_id, place)),
                // Left held: offered again, it would only be refused and recorded again.
                Err(e) => tracing::warn!("could not quarantine {}: {e}", refused.path.display()),
            }
        }
        self.desk.note_shelved(&shelved, &import.quarantined());
        self.desk.announce(Change::WireBatchDone {
            files: u32::try_from(batch.len()).unwrap_or(u32::MAX),
        });
        if let Some(report) = &self.report {
            for line in import.reports.iter().flat_map(|r| &r.lines) {
                report(line);
            }
            // Refused entries (links, FIFOs, oversize files) were never read, but they were
            // kept aside with a reason: say so, as for a file that could not be read.
            for refused in &batch.refused {
                report(&super::Imported {
                    file: refused.name.clone(),
                    outcome: super::ImportOutcome::Quarantined,
                    reason: Some(format!("{}: {}", refused.reason.as_str(), refused.message)),
                    item: None,
                });
            }
        }
        if changed {
            if let Some(watch) = self.watch.upgrade() {
                watch.rescan();
            }
        }
    }
}
