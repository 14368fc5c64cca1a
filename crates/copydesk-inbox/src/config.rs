use std::path::PathBuf;
use std::time::Duration;

/// How the inbox is watched and what it accepts. Build with [`InboxConfig::new`], then set
/// fields.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct InboxConfig {
    /// The inbox folder. It must exist; it is canonicalised when the inbox opens.
    pub root: PathBuf,
    /// Stability window after a completion event (close-after-write or moved in): size and
    /// mtime must be equal at the event and `settle` later. Small, because it is spent inside
    /// the drop-to-commit budget.
    pub settle: Duration,
    /// Stability window for files that only a scan found (startup, rescan, periodic, polling)
    /// and for 0-byte files: nothing said the writer finished, so wait longer.
    pub scan_settle: Duration,
    /// Period of the reconciliation scan in event mode (native events can be lost silently,
    /// e.g. a Windows buffer overflow in notify 8).
    pub rescan_interval: Duration,
    /// Network shares send no events: find files by scanning every `poll_interval` only.
    pub polling: bool,
    /// Period of the scan in polling mode.
    pub poll_interval: Duration,
    /// Files larger than this are refused unread ([`crate::RefusalCode::TooLarge`]).
    pub max_size: u64,
    /// Folder levels below the inbox that are taken; a folder deeper than this is refused
    /// ([`crate::RefusalCode::TooDeep`]). 0 takes top-level files only.
    pub max_depth: usize,
    /// In event mode, a file with a create/modify event but no close-after-write yet is left to
    /// its close event by scans, for at most this long after its last write event (the close
    /// event may have been lost).
    pub write_grace: Duration,
    /// Refuse files with more than one hard link ([`crate::RefusalCode::Hardlink`]): a link to
    /// a private file would otherwise be imported.
    pub refuse_hardlinks: bool,
    /// Capacity of the queue between the notify callback and the inbox thread. When it is full
    /// the callback drops the event and asks for a full scan instead of blocking notify's
    /// thread.
    pub event_queue: usize,
}

impl InboxConfig {
    /// Defaults: settle 50 ms, scan settle 2 s, rescan every 60 s, polling off (poll every 2 s
    /// when on), 25 MiB cap, 8 levels, write grace 30 s, hard links refused, event queue 16384.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        InboxConfig {
            root: root.into(),
            settle: Duration::from_millis(50),
            scan_settle: Duration::from_secs(2),
            rescan_interval: Duration::from_secs(60),
            polling: false,
            poll_interval: Duration::from_secs(2),
            max_size: 25 * 1024 * 1024,
            max_depth: 8,
            write_grace: Duration::from_secs(30),
            refuse_hardlinks: true,
            event_queue: 16_384,
        }
    }

    /// Clamp values that would make the inbox thread spin.
    pub(crate) fn sanitised(mut self) -> Self {
        const FLOOR: Duration = Duration::from_millis(10);
        self.rescan_interval = self.rescan_interval.max(FLOOR);
        self.poll_interval = self.poll_interval.max(FLOOR);
        self.event_queue = self.event_queue.max(16);
        self
    }

    /// The period of the reconciliation scan for the mode in use.
    pub(crate) fn scan_period(&self) -> Duration {
        if self.polling {
            self.poll_interval
        } else {
            self.rescan_interval
        }
    }
}
