use crate::ipc_error::IpcError;
use copydesk_core::ErrorCode;
use copydesk_render::{render, RenderOptions};

/// Longer drafts than this are not previewed live (a pathological text must not stall the
/// window); 2 MB is about 300,000 words.
const PREVIEW_LIMIT: usize = 2 * 1024 * 1024;

/// Markdown to sanitised HTML: exactly what `copydesk render` prints.
#[tauri::command]
#[specta::specta]
pub async fn render_preview(markdown: String) -> Result<String, IpcError> {
    if markdown.len() > PREVIEW_LIMIT {
        return Err(IpcError {
            code: ErrorCode::Invalid,
            message: "this draft is too long to preview live".into(),
        });
    }
    tauri::async_runtime::spawn_blocking(move || render(&markdown, &RenderOptions::default()).html)
        .await
        .map_err(|e| IpcError::internal(format!("the preview worker stopped: {e}")))
}
