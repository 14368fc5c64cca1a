//! Events the backend sends the UI. One emit site per family: `forward_changes`.
use copydesk_core::{Change, Desk, DueReport, WireItemSummary};
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use tauri_specta::Event;

/// Sent after every write this process commits, whoever made it (a window, a watcher, the
/// scheduler). Writes by another process (the CLI) are not seen until the next load.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct DeskChanged(pub Change);

pub fn forward_changes(desk: &Desk, app: AppHandle) {
    let clock = desk.config().clock.clone();
    desk.on_change(move |change| {
        if let Err(e) = DeskChanged(change.clone()).emit(&app) {
            log::warn!("could not send a change event: {e}");
        }
        if let Change::WireReceived { stories } = change {
            notify_urgent(&app, stories, clock.now());
        }
    });
}

/// A desktop notification for each flash, bulletin or kill (the core decides which). Without
/// a notification service (a bare X server, a test machine) this only logs.
fn notify_urgent(app: &AppHandle, stories: &[WireItemSummary], now: jiff::Timestamp) {
    use tauri_plugin_notification::NotificationExt;
    let alerts = copydesk_core::wire::alerts(stories, now);
    if alerts.is_empty() {
        return;
    }
    // Showing one is a D-Bus call that can wait on a slow notification service: never on the
    // inbox worker's thread, which calls this listener right after its commit.
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        for alert in alerts {
            log::info!("wire alert: {}: {}", alert.title, alert.body);
            if let Err(e) = app
                .notification()
                .builder()
                .title(&alert.title)
                .body(&alert.body)
                .show()
            {
                log::warn!("could not show a notification: {e}");
            }
        }
    });
}

/// What a scheduler run did, sent only when it did something (published, held, blocked).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct SchedulerReport(pub DueReport);

pub fn forward_due_report(app: &AppHandle, report: &DueReport) {
    if report == &DueReport::default() {
        return;
    }
    if let Err(e) = SchedulerReport(report.clone()).emit(app) {
        log::warn!("could not send a scheduler report: {e}");
    }
}
