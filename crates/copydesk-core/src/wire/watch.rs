//! The inbox worker: takes complete files from the watched folder, imports them, then moves
//! them to the archive (or quarantine) — only after the import is committed, so a crash in
//! between leaves the file in the inbox, where its hash marks it as already imported.
use super::IncomingFile;
use crate::desk::Desk;
use crate::error::Result;
use copydesk_inbox::{crossbeam_channel, Arrival, Inbox, InboxConfig, InboxWatch, ReadyFile};
use jiff::tz::TimeZone;
use std::sync::Arc;
use std::thread::JoinHandle;

/// A running inbox: dropping it stops the watcher, lets the worker finish the file in hand,
/// and joins it.
pub struct WireWatch {
    inbox: Option<InboxWatch>,
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
    pub(crate) fn start(desk: Arc<Desk>, config: InboxConfig) -> Result<WireWatch> {
        std::fs::create_dir_all(&config.root)
            .map_err(|e| crate::Error::io(format!("cannot create {}", config.root.display()), e))?;
        // Bounded: a burst of thousands of files waits in the folder, not in memory.
        let (sink, arrivals) = crossbeam_channel::bounded(64);
        let watch = Inbox::watch(config, sink)?;
        let inbox = watch.inbox().clone();
        let worker = std::thread::Builder::new()
            .name("wire-inbox".into())
            .spawn(move || {
                // Ends when the watcher stops and drops its end of the channel.
                for arrival in arrivals {
                    handle(&desk, &inbox, arrival);
                }
            })
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

fn handle(desk: &Desk, inbox: &Inbox, arrival: Arrival) {
    match arrival {
        Arrival::Ready(file) => take(desk, inbox, &file),
        Arrival::Refused {
            path,
            reason,
            message,
        } => {
            let name = path
                .strip_prefix(inbox.root())
                .unwrap_or(&path)
                .display()
                .to_string();
            let now = desk.now();
            match desk.record_refused(&name, reason.as_str(), &message) {
                Ok(file_id) => match inbox.quarantine(&path, reason.as_str(), &message, now) {
                    Ok(shelved) => desk.note_shelved(file_id, &shelved),
                    Err(e) => tracing::warn!("could not quarantine {}: {e}", path.display()),
                },
                Err(e) => {
                    tracing::error!("could not record refused {}: {e}", path.display());
                    inbox.release(&path);
                }
            }
        }
        Arrival::Scanned { found, .. } => desk.announce_wire_scan(found),
        Arrival::Fault { message } => tracing::warn!("wire inbox: {message}"),
    }
}

fn take(desk: &Desk, inbox: &Inbox, file: &ReadyFile) {
    let name = file.relative.display().to_string();
    let receipt = match desk.ingest(IncomingFile {
        name: &name,
        bytes: &file.bytes,
    }) {
        Ok(receipt) => receipt,
        Err(e) => {
            // Nothing was committed: leave the file where it is and try again on a later scan.
            tracing::error!("could not import {name}: {e}");
            inbox.release(&file.path);
            return;
        }
    };
    let now = desk.now();
    let moved = match &receipt.quarantine {
        Some((code, message)) => inbox.quarantine(&file.path, &code.to_uppercase(), message, now),
        None => inbox.archive(&file.path, now.to_zoned_datetime(TimeZone::system()).date()),
    };
    match moved {
        Ok(shelved) => desk.note_shelved(receipt.file_id, &shelved),
        // Still in the inbox: its hash is now in the ledger, so the next look only moves it.
        Err(e) => tracing::warn!("imported {name} but could not move it: {e}"),
    }
}
