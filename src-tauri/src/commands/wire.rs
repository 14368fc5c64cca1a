use crate::ipc_error::IpcError;
use crate::state::{DeskState, InboxState};
use copydesk_core::{Article, QuarantinedFile, WireFilter, WireItem, WireItemSummary, WireStory};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_wire(
    state: State<'_, DeskState>,
    filter: WireFilter,
) -> Result<Vec<WireItemSummary>, IpcError> {
    state.call(move |desk| desk.wire_items(&filter)).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_wire_item(state: State<'_, DeskState>, id: i64) -> Result<WireItem, IpcError> {
    state.call(move |desk| desk.wire_item(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_wire_story(state: State<'_, DeskState>, id: i64) -> Result<WireStory, IpcError> {
    state.call(move |desk| desk.wire_story(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_quarantined(
    state: State<'_, DeskState>,
) -> Result<Vec<QuarantinedFile>, IpcError> {
    state.call(|desk| desk.quarantined()).await
}

#[tauri::command]
#[specta::specta]
pub async fn take_to_desk(state: State<'_, DeskState>, id: i64) -> Result<Article, IpcError> {
    state.call(move |desk| desk.take_to_desk(id)).await
}

/// Puts a quarantined file back into the inbox to be imported again.
#[tauri::command]
#[specta::specta]
pub async fn retry_quarantined(
    state: State<'_, DeskState>,
    inbox: State<'_, InboxState>,
    id: i64,
) -> Result<String, IpcError> {
    let dir = inbox.dir();
    state
        .call(move |desk| Ok(desk.retry_quarantined(id, &dir)?.display().to_string()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn diff_wire_items(
    state: State<'_, DeskState>,
    from: i64,
    to: i64,
) -> Result<Vec<copydesk_core::DiffChunk>, IpcError> {
    state.call(move |desk| desk.diff_wire_items(from, to)).await
}
