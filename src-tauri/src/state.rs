//! What the shell keeps between calls: the open desk, or why it could not be opened.
use crate::ipc_error::IpcError;
use copydesk_core::Desk;
use std::sync::Arc;

pub struct DeskState(pub Result<Arc<Desk>, IpcError>);

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
