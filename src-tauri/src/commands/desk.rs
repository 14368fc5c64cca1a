use crate::ipc_error::IpcError;
use crate::state::DeskState;
use serde::Serialize;
use tauri::State;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DeskInfo {
    pub version: String,
    pub data_dir: String,
}

/// What the About box and the status bar show; fails with the reason the desk did not open.
#[tauri::command]
#[specta::specta]
pub async fn desk_info(state: State<'_, DeskState>) -> Result<DeskInfo, IpcError> {
    state
        .call(|desk| {
            Ok(DeskInfo {
                version: env!("CARGO_PKG_VERSION").to_string(),
                data_dir: desk.data_dir().path().display().to_string(),
            })
        })
        .await
}
