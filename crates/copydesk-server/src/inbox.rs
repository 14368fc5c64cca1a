//! A server that watches an inbox folder itself (`--inbox DIR`): a wire feed delivered to the
//! server machine reaches every desk without any desk running. Each file dropped there is read
//! as a desk would read it: one that reads is shared with the newsroom (stored once by SHA-256,
//! exactly as a desk's `wire_file_add` would store it) and archived; one that does not, or a
//! link, FIFO or oversize entry, is quarantined with its reason. Run one such process per
//! folder: two watching one folder would race for its files (the store itself stays once).
use crate::db::{assign_seqs, Sql, Touched, Writes};
use crate::error::Fail;
use crate::App;
use copydesk_inbox::crossbeam_channel::{bounded, RecvTimeoutError};
use copydesk_inbox::{Arrival, Inbox, InboxConfig, ReadyFile};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// The name the feed shows as having added what the server's own inbox took in (reserved: no
/// account may take it, like the scheduler's).
pub const ACTOR: &str = "inbox";

/// Watches `dir` until `stop` fires.
pub async fn run(app: Arc<App>, dir: PathBuf, stop: watch::Receiver<bool>) {
    let handle = tokio::runtime::Handle::current();
    let task = tokio::task::spawn_blocking(move || {
        let (tx, rx) = bounded(256);
        let watch = match Inbox::watch(InboxConfig::new(&dir), tx) {
            Ok(watch) => watch,
            Err(e) => {
                tracing::error!("cannot watch the inbox {}: {e}", dir.display());
                return;
            }
        };
        tracing::info!("watching the inbox {}", dir.display());
        while !*stop.borrow() {
            match rx.recv_timeout(Duration::from_millis(250)) {
                Ok(arrival) => handle.block_on(take(&app, watch.inbox(), arrival)),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    });
    let _ = task.await;
}

async fn take(app: &App, inbox: &Inbox, arrival: Arrival) {
    let now = app.config.clock.now();
    match arrival {
        Arrival::Ready(file) => {
            let shelved = match copydesk_wire::read(&file.bytes, &copydesk_wire::Limits::default())
            {
                Err(rejection) => inbox.quarantine(
                    &file.path,
                    &rejection.code.as_str().to_uppercase(),
                    &rejection.message,
                    now,
                ),
                Ok(_) if file.bytes.len() > copydesk_newsroom::MAX_SHARED_WIRE_BYTES => inbox
                    .quarantine(
                        &file.path,
                        "TOO_LARGE_TO_SHARE",
                        &format!(
                            "files over {} bytes are not shared with the newsroom",
                            copydesk_newsroom::MAX_SHARED_WIRE_BYTES
                        ),
                        now,
                    ),
                Ok(_) => match share(app, &file, now.as_millisecond()).await {
                    Ok(()) => inbox.archive(
                        &file.path,
                        now.to_zoned_datetime(jiff::tz::TimeZone::system()).date(),
                    ),
                    Err(e) => {
                        // Left where it is, offered again: nothing is lost to an outage.
                        tracing::warn!("inbox: cannot store {}: {e}", file.relative.display());
                        inbox.release(&file.path);
                        return;
                    }
                },
            };
            if let Err(e) = shelved {
                tracing::warn!("inbox: cannot move {}: {e}", file.relative.display());
            }
        }
        Arrival::Refused {
            path,
            reason,
            message,
        } => {
            if let Err(e) = inbox.quarantine(&path, reason.as_str(), &message, now) {
                tracing::warn!("inbox: cannot quarantine {}: {e}", path.display());
            }
        }
        Arrival::Scanned { .. } => {}
        Arrival::Fault { message } => tracing::warn!("inbox: {message}"),
    }
}

/// Stores the file for the newsroom (once by its SHA-256) and gives it a seq, so desks pull it.
async fn share(app: &App, file: &ReadyFile, now: i64) -> Result<(), Fail> {
    let sha256: String = Sha256::digest(&file.bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let name = file.relative.display().to_string();
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    let added = tx
        .exec(
            "INSERT INTO wire_files (sha256, name, received_at, original, added_by)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
            &[&sha256, &name, &now, &file.bytes, &ACTOR],
        )
        .await?;
    if added > 0 {
        let mut writes = Writes::default();
        writes.touch(Touched::WireFile(sha256.clone()));
        assign_seqs(&tx, &writes).await?;
        tracing::info!(file = %name, "inbox: shared with the newsroom");
    }
    tx.commit().await?;
    Ok(())
}
