//! Events the backend sends the UI. One emit site per family: `forward_changes`.
use copydesk_core::{Change, Desk};
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use tauri_specta::Event;

/// Sent after every write this process commits, whoever made it (a window, a watcher, the
/// scheduler). Writes by another process (the CLI) are not seen until the next load.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct DeskChanged(pub Change);

pub fn forward_changes(desk: &Desk, app: AppHandle) {
    desk.on_change(move |change| {
        if let Err(e) = DeskChanged(change.clone()).emit(&app) {
            log::warn!("could not send a change event: {e}");
        }
    });
}
