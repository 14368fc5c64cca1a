//! Background WAL checkpoints. SQLite's automatic checkpoint runs inside whichever commit
//! crosses 1,000 WAL pages, so one save in ~25 paid for copying 4 MB and an extra fsync: that
//! was the autosave p99. Here a thread with its own connection runs a PASSIVE checkpoint (it
//! never blocks the writer or readers) shortly after writes stop. It is owned by the `Store`:
//! dropping the store stops it after a last checkpoint.
use crate::error::Result;
use rusqlite::Connection;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the writer must be quiet before a checkpoint runs (typing autosaves come about
/// once a second, so this lands between them).
const QUIET: Duration = Duration::from_millis(250);

#[derive(Debug)]
pub(crate) struct Checkpoints {
    wrote: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpoints {
    pub(crate) fn start(path: &Path) -> Result<Checkpoints> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // Capacity 1: a pending nudge is as good as many.
        let (wrote, nudges) = mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("copydesk-checkpoint".into())
            .spawn(move || {
                let checkpoint = || {
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
                        tracing::warn!("background checkpoint failed: {e}");
                    }
                };
                // Each nudge: wait for QUIET without another one, then checkpoint.
                while nudges.recv().is_ok() {
                    loop {
                        match nudges.recv_timeout(QUIET) {
                            Ok(()) => continue,
                            Err(RecvTimeoutError::Timeout) => break,
                            Err(RecvTimeoutError::Disconnected) => {
                                checkpoint();
                                return;
                            }
                        }
                    }
                    checkpoint();
                }
                checkpoint();
            })
            .map_err(|e| crate::error::Error::io("cannot start the checkpoint thread", e))?;
        Ok(Checkpoints {
            wrote: Some(wrote),
            thread: Some(thread),
        })
    }

    /// Called after each commit; never blocks.
    pub(crate) fn wrote(&self) {
        if let Some(wrote) = &self.wrote {
            let _ = wrote.try_send(());
        }
    }
}

impl Drop for Checkpoints {
    fn drop(&mut self) {
        self.wrote.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
