use crate::ipc_error::IpcError;
use crate::state::DeskState;
use copydesk_core::{
    Article, ArticleDraft, ArticleEdit, ArticleFacets, ArticleFilter, ArticleId, ArticleKey,
    ArticleStatus, ArticleSummary, DiffChunk, ListCounts, Page, Revision, SearchHit, Seek, TagUse,
};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn page_articles(
    state: State<'_, DeskState>,
    filter: ArticleFilter,
    seek: Seek<ArticleKey>,
    limit: u32,
) -> Result<Page<ArticleSummary, ArticleKey>, IpcError> {
    state
        .call(move |desk| desk.article_page(&filter, &seek, limit))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn article_facets(
    state: State<'_, DeskState>,
    queue: Option<ArticleStatus>,
) -> Result<ArticleFacets, IpcError> {
    state.call(move |desk| desk.article_facets(queue)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_counts(state: State<'_, DeskState>) -> Result<ListCounts, IpcError> {
    state.call(|desk| desk.list_counts()).await
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

#[tauri::command]
#[specta::specta]
pub async fn list_revisions(
    state: State<'_, DeskState>,
    article_id: ArticleId,
) -> Result<Vec<Revision>, IpcError> {
    state.call(move |desk| desk.revisions(article_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn restore_revision(
    state: State<'_, DeskState>,
    revision_id: i64,
) -> Result<Article, IpcError> {
    state
        .call(move |desk| desk.restore_revision(revision_id))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn diff_revisions(
    state: State<'_, DeskState>,
    from: i64,
    to: i64,
) -> Result<Vec<DiffChunk>, IpcError> {
    state.call(move |desk| desk.diff_revisions(from, to)).await
}

#[tauri::command]
#[specta::specta]
pub async fn search(
    state: State<'_, DeskState>,
    query: String,
    limit: u32,
) -> Result<Vec<SearchHit>, IpcError> {
    state.call(move |desk| desk.search(&query, limit)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_tags(
    state: State<'_, DeskState>,
    prefix: String,
    limit: u32,
) -> Result<Vec<TagUse>, IpcError> {
    state.call(move |desk| desk.tags(&prefix, limit)).await
}
