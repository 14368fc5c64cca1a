//! What the shell keeps between calls: the open desk, or why it could not be opened.
use crate::ipc_error::IpcError;
use copydesk_core::{
    Desk, FollowOptions, InboxConfig, InboxPlace, NewsroomFollow, Scheduler, WireWatch,
};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub struct DeskState(pub Result<Arc<Desk>, IpcError>);

/// The running inbox watcher. Owned here so it lives as long as the app and stops (on drop)
/// when the app exits, or when Settings moves the inbox elsewhere.
pub struct InboxState {
    /// Where the inbox is and who decided it (core's `InboxPlace`): `--inbox` and
    /// `COPYDESK_INBOX` lock it against Settings.
    pub place: Mutex<InboxPlace>,
    pub current: Mutex<Inbox>,
}

pub struct Inbox {
    pub dir: PathBuf,
    pub polling: bool,
    pub watch: Result<WireWatch, String>,
}

impl Inbox {
    /// Starts watching `dir` (created if missing).
    pub fn start(desk: &Arc<Desk>, dir: PathBuf, polling: bool) -> Inbox {
        let mut config = InboxConfig::new(&dir);
        config.polling = polling;
        let watch = desk.watch_inbox(config).map_err(|e| e.to_string());
        match &watch {
            Ok(_) => log::info!(
                "watching the wire inbox {} (polling: {polling})",
                dir.display()
            ),
            Err(e) => log::error!("cannot watch {}: {e}", dir.display()),
        }
        Inbox {
            dir,
            polling,
            watch,
        }
    }
}

impl InboxState {
    /// The inbox folder and, if it is not being watched, why.
    pub fn status(&self) -> (Option<String>, Option<String>, bool) {
        let inbox = self.current.lock().unwrap_or_else(|e| e.into_inner());
        let problem = match &inbox.watch {
            Ok(w) if w.is_running() => None,
            Ok(_) => Some("the inbox watcher has stopped".to_string()),
            Err(e) => Some(e.clone()),
        };
        (
            Some(inbox.dir.display().to_string()),
            problem,
            inbox.polling,
        )
    }

    pub fn dir(&self) -> PathBuf {
        self.current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .dir
            .clone()
    }

    pub fn place(&self) -> InboxPlace {
        self.place.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Stops the current watcher, then starts one at `place`: never two on one folder.
    pub fn restart(&self, desk: &Arc<Desk>, place: InboxPlace) {
        let mut inbox = self.current.lock().unwrap_or_else(|e| e.into_inner());
        inbox.watch = Err("restarting".into()); // drops (stops) the old watcher first
        *inbox = Inbox::start(desk, place.dir.clone(), place.polling);
        *self.place.lock().unwrap_or_else(|e| e.into_inner()) = place;
    }
}

impl DeskState {
    /// Runs one core call on a blocking thread, so SQLite never stalls the UI's event loop.
    pub async fn call<T, F>(&self, f: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: FnOnce(&Desk) -> copydesk_core::Result<T> + Send + 'static,
    {
        let desk = self.0.clone()?;
        tauri::async_runtime::spawn_blocking(move || f(&desk))
            .await
            .map_err(|e| IpcError::internal(format!("the desk worker stopped: {e}")))?
            .map_err(IpcError::from)
    }
}

/// The running scheduler, owned for the app's lifetime; dropping it stops it. Nothing reads
/// it: holding it is the point.
pub struct SchedulerState {
    pub _running: Mutex<Option<Scheduler>>,
}

/// Snapshots of the desk database every few hours of use (stops when dropped); the app takes
/// one more when it quits (`lib.rs`).
pub struct BackupState {
    pub _timer: Mutex<copydesk_core::backup::BackupTimer>,
}

/// Follows what other processes (the CLI, scripts) write to the desk, announcing it as the
/// desk's own changes; stops when dropped. Held, never read.
pub struct OutsideState {
    pub _following: Mutex<Option<copydesk_core::OutsideWrites>>,
}

/// The newsroom follower (core's `NewsroomFollow`), running while the desk belongs to a
/// newsroom; replaced on each sign-in, dropped (stopped) on sign-out and at exit.
#[derive(Default)]
pub struct NewsroomState {
    follow: Mutex<Option<NewsroomFollow>>,
}

impl NewsroomState {
    /// Starts following if the desk belongs to a newsroom. Reading the status touches the
    /// keyring, so this runs on its own thread.
    pub fn start_for(&self, desk: &Arc<Desk>) {
        match desk.newsroom_status(false) {
            Ok(status) if status.connected => {
                match desk.follow_newsroom(FollowOptions::default()) {
                    Ok(follow) => {
                        log::info!(
                            "following the newsroom at {}",
                            status.server.unwrap_or_default()
                        );
                        *self.follow.lock().unwrap_or_else(|e| e.into_inner()) = Some(follow);
                    }
                    Err(e) => log::error!("cannot follow the newsroom: {e}"),
                }
            }
            Ok(_) => {}
            Err(e) => log::error!("cannot read the newsroom status: {e}"),
        }
    }

    pub async fn start_if_connected(&self, state: &DeskState) {
        let Ok(desk) = state.0.clone() else { return };
        let started = tauri::async_runtime::spawn_blocking(move || {
            let scratch = NewsroomState::default();
            scratch.start_for(&desk);
            scratch
                .follow
                .into_inner()
                .unwrap_or_else(|e| e.into_inner())
        })
        .await;
        if let Ok(Some(follow)) = started {
            let old = self
                .follow
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .replace(follow);
            Self::drop_off_thread(old).await;
        }
    }

    /// Stops the follower (its threads may take a moment: never on the event loop).
    pub async fn stop(&self) {
        let old = self.follow.lock().unwrap_or_else(|e| e.into_inner()).take();
        Self::drop_off_thread(old).await;
    }

    async fn drop_off_thread(follow: Option<NewsroomFollow>) {
        if let Some(follow) = follow {
            let _ = tauri::async_runtime::spawn_blocking(move || drop(follow)).await;
        }
    }
}
