use crate::ipc_error::IpcError;
use crate::state::DeskState;
use copydesk_core::{ArticleId, Comment, CommentId, CommentThread};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_comments(
    state: State<'_, DeskState>,
    article_id: ArticleId,
) -> Result<Vec<CommentThread>, IpcError> {
    state.call(move |desk| desk.comments(article_id)).await
}

/// Starts a thread, or with `reply_to` answers a comment in one.
#[tauri::command]
#[specta::specta]
pub async fn add_comment(
    state: State<'_, DeskState>,
    article_id: ArticleId,
    body: String,
    reply_to: Option<CommentId>,
) -> Result<Comment, IpcError> {
    state
        .call(move |desk| desk.add_comment(article_id, &body, reply_to))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn edit_comment(
    state: State<'_, DeskState>,
    id: CommentId,
    body: String,
) -> Result<Comment, IpcError> {
    state.call(move |desk| desk.edit_comment(id, &body)).await
}

/// The thread afterwards; null when it is gone.
#[tauri::command]
#[specta::specta]
pub async fn delete_comment(
    state: State<'_, DeskState>,
    id: CommentId,
) -> Result<Option<CommentThread>, IpcError> {
    state.call(move |desk| desk.delete_comment(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn resolve_thread(
    state: State<'_, DeskState>,
    id: CommentId,
) -> Result<CommentThread, IpcError> {
    state.call(move |desk| desk.resolve_thread(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn reopen_thread(
    state: State<'_, DeskState>,
    id: CommentId,
) -> Result<CommentThread, IpcError> {
    state.call(move |desk| desk.reopen_thread(id)).await
}
