use crate::ipc_error::IpcError;
use crate::state::{DeskState, InboxState};
use copydesk_core::crash::{self, CrashReport};
use copydesk_core::{
    Compacted, DataDir, InboxChoice, Profile, Provenance, Role, StorageReport, StyleFlag,
};
use serde::Serialize;
use tauri::State;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DeskInfo {
    pub version: String,
    pub data_dir: String,
    /// Where publishing writes its files.
    pub outbox: String,
    /// Who is working at this desk (the author of new drafts; "My drafts" are theirs).
    pub author: String,
    /// writer or editor.
    pub role: copydesk_core::Role,
    /// The wire inbox folder, or null when it could not be watched.
    pub inbox: Option<String>,
    /// Why the inbox is not being watched, if it is not.
    pub inbox_problem: Option<String>,
    /// Whether the inbox is polled (network shares) rather than watched for events.
    pub inbox_polling: bool,
    /// Why the inbox folder cannot be changed in Settings, if it cannot.
    pub inbox_locked: Option<String>,
}

/// What the About box and the status bar show; fails with the reason the desk did not open.
#[tauri::command]
#[specta::specta]
pub async fn desk_info(
    state: State<'_, DeskState>,
    inbox: State<'_, InboxState>,
) -> Result<DeskInfo, IpcError> {
    let (inbox_dir, inbox_problem, inbox_polling) = inbox.status();
    let inbox_locked = inbox.place().locked;
    let inbox = inbox_dir;
    state
        .call(move |desk| {
            Ok(DeskInfo {
                version: env!("CARGO_PKG_VERSION").to_string(),
                data_dir: desk.data_dir().path().display().to_string(),
                outbox: desk.config().outbox.display().to_string(),
                author: desk.profile().name,
                role: desk.profile().role,
                inbox,
                inbox_problem,
                inbox_polling,
                inbox_locked,
            })
        })
        .await
}

/// Opens the wire inbox in the file manager, so files can be dropped into it.
#[tauri::command]
#[specta::specta]
pub async fn open_inbox_folder(inbox: State<'_, InboxState>) -> Result<(), IpcError> {
    let dir = inbox.dir();
    std::fs::create_dir_all(&dir)
        .map_err(|e| IpcError::internal(format!("cannot create {}: {e}", dir.display())))?;
    // Our own path, never one from the UI: the command takes no arguments.
    open::that_detached(&dir).map_err(|e| IpcError {
        code: copydesk_core::ErrorCode::Io,
        message: format!("cannot open {}: {e}", dir.display()),
    })
}

/// The newest crash report the person has not been offered yet (the last run panicked).
#[tauri::command]
#[specta::specta]
pub async fn unseen_crash_report() -> Result<Option<CrashReport>, IpcError> {
    Ok(crash::unseen_report(&DataDir::resolve(None)))
}

/// Opens the newest crash report in the system's text viewer; it is not offered again.
#[tauri::command]
#[specta::specta]
pub async fn open_crash_report() -> Result<(), IpcError> {
    let data_dir = DataDir::resolve(None);
    // Our own path, never one from the UI: the command takes no arguments.
    let report = crash::unseen_report(&data_dir).ok_or_else(|| {
        IpcError::from(copydesk_core::Error::NotFound("no new crash report".into()))
    })?;
    crash::mark_seen(&data_dir)?;
    open::that_detached(&report.path).map_err(|e| IpcError {
        code: copydesk_core::ErrorCode::Io,
        message: format!("cannot open {}: {e}", report.path),
    })
}

/// The person has seen the offer: do not make it again for the reports so far.
#[tauri::command]
#[specta::specta]
pub async fn dismiss_crash_report() -> Result<(), IpcError> {
    Ok(crash::mark_seen(&DataDir::resolve(None))?)
}

/// How big the desk's database is and what it holds (Settings → Storage).
#[tauri::command]
#[specta::specta]
pub async fn storage_report(state: State<'_, DeskState>) -> Result<StorageReport, IpcError> {
    state.call(|desk| desk.storage()).await
}

/// Gives back the room deleted rows left in the database (VACUUM).
#[tauri::command]
#[specta::specta]
pub async fn compact_desk(state: State<'_, DeskState>) -> Result<Compacted, IpcError> {
    state.call(|desk| desk.compact()).await
}

/// The desk's house style sheet (TOML; the starter sheet until one is set).
#[tauri::command]
#[specta::specta]
pub async fn house_style(state: State<'_, DeskState>) -> Result<String, IpcError> {
    state.call(|desk| desk.house_style()).await
}

/// Sets the house style (`null`: back to the starter sheet); refused with where it is wrong.
#[tauri::command]
#[specta::specta]
pub async fn set_house_style(
    state: State<'_, DeskState>,
    sheet: Option<String>,
) -> Result<(), IpcError> {
    state
        .call(move |desk| desk.set_house_style(sheet.as_deref()).map(drop))
        .await
}

/// What the house style flags in a text (the body being written; marks in the editor).
#[tauri::command]
#[specta::specta]
pub async fn check_text(
    state: State<'_, DeskState>,
    text: String,
) -> Result<Vec<StyleFlag>, IpcError> {
    state.call(move |desk| desk.check_text(&text)).await
}

/// How much of a story is wire copy, and where: `body` is the editor's text now (unsaved
/// edits included), `None` the saved body.
#[tauri::command]
#[specta::specta]
pub async fn article_provenance(
    state: State<'_, DeskState>,
    id: i64,
    body: Option<String>,
) -> Result<Provenance, IpcError> {
    state
        .call(move |desk| desk.article_provenance(id, body.as_deref()))
        .await
}

/// Everyone with a profile at this desk.
#[tauri::command]
#[specta::specta]
pub async fn list_profiles(state: State<'_, DeskState>) -> Result<Vec<Profile>, IpcError> {
    state.call(|desk| desk.profiles()).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_profile(
    state: State<'_, DeskState>,
    name: String,
    role: Role,
) -> Result<Profile, IpcError> {
    state.call(move |desk| desk.add_profile(&name, role)).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_profile_role(
    state: State<'_, DeskState>,
    name: String,
    role: Role,
) -> Result<Profile, IpcError> {
    state
        .call(move |desk| desk.set_profile_role(&name, role))
        .await
}

/// Work as another profile from now on; returns who the desk acts as.
#[tauri::command]
#[specta::specta]
pub async fn switch_profile(
    state: State<'_, DeskState>,
    name: String,
) -> Result<Profile, IpcError> {
    state.call(move |desk| desk.switch_profile(&name)).await
}

/// Keeps a new inbox choice and moves the watcher there at once. `folder` null means the
/// default folder. Refused while `--inbox` or `COPYDESK_INBOX` decides the folder.
#[tauri::command]
#[specta::specta]
pub async fn set_inbox(
    app: tauri::AppHandle,
    state: State<'_, DeskState>,
    inbox: State<'_, InboxState>,
    folder: Option<String>,
    polling: bool,
) -> Result<InboxChoice, IpcError> {
    use tauri::Manager;
    inbox.place().check_movable()?;
    let choice = state
        .call(move |desk| desk.set_inbox_choice(InboxChoice { folder, polling }))
        .await?;
    let desk = state.0.clone()?;
    let place = copydesk_core::InboxPlace::resolve(None, &choice);
    // Stopping a watcher joins its threads: done off the event loop.
    tauri::async_runtime::spawn_blocking(move || app.state::<InboxState>().restart(&desk, place))
        .await
        .map_err(|e| IpcError::internal(format!("the inbox did not restart: {e}")))?;
    Ok(choice)
}

/// Asks for a folder with the desktop's own folder chooser; null when the user cancels. The
/// UI only fills a field with it: nothing changes until the user confirms.
#[tauri::command]
#[specta::specta]
pub async fn choose_folder(
    app: tauri::AppHandle,
    title: String,
) -> Result<Option<String>, IpcError> {
    use tauri_plugin_dialog::DialogExt;
    // The blocking call must not run on the event loop's thread.
    tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title(title)
            .blocking_pick_folder()
            .and_then(|picked| picked.into_path().ok())
            .map(|path| path.display().to_string())
    })
    .await
    .map_err(|e| IpcError::internal(format!("the folder chooser stopped: {e}")))
}

/// Where the desk's snapshots go (Settings).
#[tauri::command]
#[specta::specta]
pub async fn get_backup_folder(
    state: State<'_, DeskState>,
) -> Result<copydesk_core::BackupFolder, IpcError> {
    state.call(|desk| desk.backup_folder()).await
}

/// Chooses the backup folder (null: `Backups` in the data folder).
#[tauri::command]
#[specta::specta]
pub async fn set_backup_folder(
    state: State<'_, DeskState>,
    folder: Option<String>,
) -> Result<copydesk_core::BackupFolder, IpcError> {
    state
        .call(move |desk| desk.set_backup_folder(folder.as_deref().map(std::path::Path::new)))
        .await
}

/// Takes a snapshot of the desk now, into the backup folder.
#[tauri::command]
#[specta::specta]
pub async fn back_up_now(state: State<'_, DeskState>) -> Result<copydesk_core::Snapshot, IpcError> {
    state.call(|desk| desk.back_up(None)).await
}
