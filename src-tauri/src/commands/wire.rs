use crate::ipc_error::IpcError;
use crate::state::{DeskState, InboxState};
use copydesk_core::{
    Article, Page, QuarantinedFile, Seek, WireFacets, WireFilter, WireItem, WireItemSummary,
    WireKey, WireStory,
};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn page_wire(
    state: State<'_, DeskState>,
    filter: WireFilter,
    seek: Seek<WireKey>,
    limit: u32,
) -> Result<Page<WireItemSummary, WireKey>, IpcError> {
    state
        .call(move |desk| desk.wire_page(&filter, &seek, limit))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn wire_stories(
    state: State<'_, DeskState>,
    stories: Vec<i64>,
) -> Result<Vec<WireItemSummary>, IpcError> {
    state.call(move |desk| desk.wire_stories(&stories)).await
}

#[tauri::command]
#[specta::specta]
pub async fn wire_facets(state: State<'_, DeskState>) -> Result<WireFacets, IpcError> {
    state.call(|desk| desk.wire_facets()).await
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
