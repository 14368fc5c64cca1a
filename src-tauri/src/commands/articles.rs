use crate::ipc_error::IpcError;
use crate::state::DeskState;
use copydesk_core::{Article, ArticleDraft, ArticleEdit, ArticleId, ArticleSummary};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_articles(state: State<'_, DeskState>) -> Result<Vec<ArticleSummary>, IpcError> {
    state.call(|desk| desk.articles()).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_article(state: State<'_, DeskState>, id: ArticleId) -> Result<Article, IpcError> {
    state.call(move |desk| desk.article(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_article(
    state: State<'_, DeskState>,
    draft: ArticleDraft,
) -> Result<Article, IpcError> {
    state.call(move |desk| desk.create_article(draft)).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_article(
    state: State<'_, DeskState>,
    edit: ArticleEdit,
) -> Result<Article, IpcError> {
    state.call(move |desk| desk.save_article(edit)).await
}
