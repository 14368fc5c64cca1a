use crate::ipc_error::IpcError;
use crate::state::DeskState;
use copydesk_core::workflow::{CheckItem, Delivery};
use copydesk_core::{
    Action, Article, ArticleId, ArticleSummary, Disambiguation, MissedPolicy, Publication,
    Transition,
};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn act_on_article(
    state: State<'_, DeskState>,
    id: ArticleId,
    action: Action,
    note: String,
) -> Result<Article, IpcError> {
    state
        .call(move |desk| match action {
            Action::Correct => desk.correct(id, &note),
            Action::Kill => desk.kill(id, &note),
            other => desk.act(id, other, &note),
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn schedule_article(
    state: State<'_, DeskState>,
    id: ArticleId,
    wall: String,
    zone: String,
    choice: Option<Disambiguation>,
    override_reason: Option<String>,
) -> Result<Article, IpcError> {
    state
        .call(move |desk| {
            desk.schedule_article(id, &wall, &zone, choice, override_reason.as_deref())
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_embargo(
    state: State<'_, DeskState>,
    id: ArticleId,
    wall: Option<String>,
    zone: Option<String>,
    choice: Option<Disambiguation>,
) -> Result<Article, IpcError> {
    state
        .call(move |desk| match (wall, zone) {
            (Some(wall), Some(zone)) => desk.set_embargo(id, Some((&wall, &zone, choice))),
            _ => desk.set_embargo(id, None),
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn publish_article(
    state: State<'_, DeskState>,
    id: ArticleId,
    override_reason: Option<String>,
) -> Result<Article, IpcError> {
    state
        .call(move |desk| desk.publish(id, override_reason.as_deref()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_transitions(
    state: State<'_, DeskState>,
    id: ArticleId,
) -> Result<Vec<Transition>, IpcError> {
    state.call(move |desk| desk.transitions(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_publications(
    state: State<'_, DeskState>,
    id: ArticleId,
) -> Result<Vec<Publication>, IpcError> {
    state.call(move |desk| desk.publications(id)).await
}

/// Scheduled and published stories between two RFC 3339 instants.
#[tauri::command]
#[specta::specta]
pub async fn calendar(
    state: State<'_, DeskState>,
    from: String,
    to: String,
) -> Result<Vec<ArticleSummary>, IpcError> {
    state
        .call(move |desk| {
            let parse = |s: &str| {
                s.parse::<jiff::Timestamp>()
                    .map_err(|e| copydesk_core::Error::Invalid(format!("bad instant {s}: {e}")))
            };
            desk.calendar(parse(&from)?, parse(&to)?)
        })
        .await
}

/// What to look at before publishing at `at` (RFC 3339; default: the schedule, else now).
#[tauri::command]
#[specta::specta]
pub async fn checklist(
    state: State<'_, DeskState>,
    id: ArticleId,
    at: Option<String>,
) -> Result<Vec<CheckItem>, IpcError> {
    state
        .call(move |desk| {
            let at =
                match at {
                    Some(s) => Some(s.parse::<jiff::Timestamp>().map_err(|e| {
                        copydesk_core::Error::Invalid(format!("bad instant {s}: {e}"))
                    })?),
                    None => None,
                };
            desk.checklist(id, at)
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_webhook(state: State<'_, DeskState>) -> Result<Option<String>, IpcError> {
    state.call(|desk| desk.webhook()).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_webhook(state: State<'_, DeskState>, url: Option<String>) -> Result<(), IpcError> {
    state
        .call(move |desk| desk.set_webhook(url.as_deref()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_deliveries(
    state: State<'_, DeskState>,
    id: ArticleId,
) -> Result<Vec<Delivery>, IpcError> {
    state.call(move |desk| desk.deliveries(id)).await
}

/// Sends a failed webhook delivery again at the scheduler's next run.
#[tauri::command]
#[specta::specta]
pub async fn retry_delivery(state: State<'_, DeskState>, id: i64) -> Result<Delivery, IpcError> {
    state.call(move |desk| desk.retry_delivery(id)).await
}

/// What the scheduler does with stories missed while the desk was closed.
#[tauri::command]
#[specta::specta]
pub async fn get_missed_policy(state: State<'_, DeskState>) -> Result<MissedPolicy, IpcError> {
    state.call(|desk| desk.missed_policy()).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_missed_policy(
    state: State<'_, DeskState>,
    policy: MissedPolicy,
) -> Result<(), IpcError> {
    state.call(move |desk| desk.set_missed_policy(policy)).await
}
