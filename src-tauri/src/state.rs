//! What the shell keeps between calls: the open desk, or why it could not be opened.
use crate::ipc_error::IpcError;
use copydesk_core::{Desk, Scheduler, WireWatch};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub struct DeskState(pub Result<Arc<Desk>, IpcError>);

/// The running inbox watcher. Owned here so it lives as long as the app and stops (on drop)
/// when the app exits.
pub struct InboxState {
    pub dir: PathBuf,
    pub watch: Mutex<Result<WireWatch, String>>,
}

impl InboxState {
    /// The inbox folder and, if it is not being watched, why.
    pub fn status(&self) -> (Option<String>, Option<String>) {
        let watch = self.watch.lock().unwrap_or_else(|e| e.into_inner());
        let problem = match &*watch {
            Ok(w) if w.is_running() => None,
            Ok(_) => Some("the inbox watcher has stopped".to_string()),
            Err(e) => Some(e.clone()),
        };
        (Some(self.dir.display().to_string()), problem)
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
