//! What the shell keeps between calls: the open desk, or why it could not be opened.
use crate::ipc_error::IpcError;
use copydesk_core::{Desk, InboxConfig, Scheduler, WireWatch};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub struct DeskState(pub Result<Arc<Desk>, IpcError>);

/// The running inbox watcher. Owned here so it lives as long as the app and stops (on drop)
/// when the app exits, or when Settings moves the inbox elsewhere.
pub struct InboxState {
    /// Why the folder cannot be changed in Settings: it was given by `--inbox` or
    /// `COPYDESK_INBOX`, which win over the stored choice.
    pub locked: Option<String>,
    pub current: Mutex<Inbox>,
}

pub struct Inbox {
    pub dir: PathBuf,
    pub polling: bool,
    pub watch: Result<WireWatch, String>,
}

impl Inbox {
    /// Starts watching `dir` (created if missing).
    pub fn start(desk: &Arc<Desk>, dir: PathBuf, polling: bool) -> Inbox {
        let mut config = InboxConfig::new(&dir);
        config.polling = polling;
        let watch = desk.watch_inbox(config).map_err(|e| e.to_string());
        match &watch {
            Ok(_) => log::info!(
                "watching the wire inbox {} (polling: {polling})",
                dir.display()
            ),
            Err(e) => log::error!("cannot watch {}: {e}", dir.display()),
        }
        Inbox {
            dir,
            polling,
            watch,
        }
    }
}

impl InboxState {
    /// The inbox folder and, if it is not being watched, why.
    pub fn status(&self) -> (Option<String>, Option<String>, bool) {
        let inbox = self.current.lock().unwrap_or_else(|e| e.into_inner());
        let problem = match &inbox.watch {
            Ok(w) if w.is_running() => None,
            Ok(_) => Some("the inbox watcher has stopped".to_string()),
            Err(e) => Some(e.clone()),
        };
        (
            Some(inbox.dir.display().to_string()),
            problem,
            inbox.polling,
        )
    }

    pub fn dir(&self) -> PathBuf {
        self.current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .dir
            .clone()
    }

    /// Stops the current watcher, then starts one on `dir`: never two on one folder.
    pub fn restart(&self, desk: &Arc<Desk>, dir: PathBuf, polling: bool) {
        let mut inbox = self.current.lock().unwrap_or_else(|e| e.into_inner());
        inbox.watch = Err("restarting".into()); // drops (stops) the old watcher first
        *inbox = Inbox::start(desk, dir, polling);
    }
}

impl DeskState {
    /// Runs one core call on a blocking thread, so SQLite never stalls the UI's event loop.
    pub async fn call<T, F>(&self, f: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: FnOnce(&Desk) -> copydesk_core::Result<T> + Send + 'static,
    {
        let desk = self.0.clone()?;
        tauri::async_runtime::spawn_blocking(move || f(&desk))
            .await
            .map_err(|e| IpcError::internal(format!("the desk worker stopped: {e}")))?
            .map_err(IpcError::from)
    }
}

/// The running scheduler, owned for the app's lifetime; dropping it stops it. Nothing reads
/// it: holding it is the point.
pub struct SchedulerState {
    pub _running: Mutex<Option<Scheduler>>,
}
