//! The newsroom from the window: sign in and out, where the desk stands, and who holds a
//! story's body. The background follower lives in `NewsroomState`.
use crate::ipc_error::IpcError;
use crate::state::{DeskState, NewsroomState};
use copydesk_core::{ArticleId, ArticleLease, HeldStory, NewsroomStatus};
use tauri::State;

/// Where this desk stands with its newsroom (connected, signed in, the follower's link, how
/// many changes wait, where the session is kept).
#[tauri::command]
#[specta::specta]
pub async fn newsroom_status(state: State<'_, DeskState>) -> Result<NewsroomStatus, IpcError> {
    state.call(|desk| desk.newsroom_status(false)).await
}

/// Signs in to the newsroom at `server` and joins it (drafts and stories in review are
/// shared), then follows it in the background. The session goes to the system keyring.
#[tauri::command]
#[specta::specta]
pub async fn connect_newsroom(
    state: State<'_, DeskState>,
    newsroom: State<'_, NewsroomState>,
    server: String,
    account: String,
    password: String,
) -> Result<NewsroomStatus, IpcError> {
    newsroom.stop().await;
    let connected = state
        .call(move |desk| desk.connect_newsroom(&server, &account, &password))
        .await;
    // Whatever the answer, a desk that belongs to a newsroom is followed again.
    newsroom.start_if_connected(&state).await;
    connected.map(|(status, _)| status)
}

/// Signs out: the server ends the session and releases this desk's holds; the keyring entry
/// is removed. Changes made afterwards wait in the queue until the next sign-in.
#[tauri::command]
#[specta::specta]
pub async fn sign_out_newsroom(
    state: State<'_, DeskState>,
    newsroom: State<'_, NewsroomState>,
) -> Result<NewsroomStatus, IpcError> {
    newsroom.stop().await;
    state
        .call(|desk| {
            desk.newsroom_logout()?;
            desk.newsroom_status(false)
        })
        .await
}

/// Every story whose body someone holds now (for the lists' "NAME is editing").
#[tauri::command]
#[specta::specta]
pub async fn held_stories(state: State<'_, DeskState>) -> Result<Vec<HeldStory>, IpcError> {
    state.call(|desk| desk.held_stories()).await
}

/// Who holds the story's body now, as this desk last heard (null: nobody, or not shared).
#[tauri::command]
#[specta::specta]
pub async fn article_lease(
    state: State<'_, DeskState>,
    id: ArticleId,
) -> Result<Option<ArticleLease>, IpcError> {
    state.call(move |desk| desk.article_lease(id)).await
}

/// Holds the story's body for editing (renewed in the background until released); `locked`
/// names who holds it. Null when there is nothing to hold (a desk of its own).
#[tauri::command]
#[specta::specta]
pub async fn hold_article(
    state: State<'_, DeskState>,
    id: ArticleId,
) -> Result<Option<ArticleLease>, IpcError> {
    state.call(move |desk| desk.hold_article(id)).await
}

/// Takes the story's body from whoever holds it (editors; their text is kept as a revision).
#[tauri::command]
#[specta::specta]
pub async fn take_over_article(
    state: State<'_, DeskState>,
    id: ArticleId,
) -> Result<Option<ArticleLease>, IpcError> {
    state.call(move |desk| desk.take_over_article(id)).await
}

/// Lets go of the story's body (on closing it).
#[tauri::command]
#[specta::specta]
pub async fn release_article(state: State<'_, DeskState>, id: ArticleId) -> Result<(), IpcError> {
    state.call(move |desk| desk.release_article(id)).await
}
