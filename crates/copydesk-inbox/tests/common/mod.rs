//! Shared by the integration tests: real folders, real files, channels with timeouts.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use copydesk_inbox::crossbeam_channel::{bounded, Receiver, Sender};
use copydesk_inbox::{Arrival, Inbox, InboxConfig, InboxWatch, ReadyFile, RefusalCode};

/// Fast timings: the tests wait on channels, so short windows keep them quick.
pub fn config(root: &Path) -> InboxConfig {
    let mut config = InboxConfig::new(root);
    config.settle = Duration::from_millis(40);
    config.scan_settle = Duration::from_millis(150);
    config.rescan_interval = Duration::from_secs(3600);
    config.poll_interval = Duration::from_millis(50);
    config
}

pub struct Watched {
    pub dir: tempfile::TempDir,
    pub root: PathBuf,
    pub watch: InboxWatch,
    pub rx: Receiver<Arrival>,
    pub tx: Sender<Arrival>,
}

impl Watched {
    pub fn inbox(&self) -> &Inbox {
        self.watch.inbox()
    }
}

pub fn watched(adjust: impl FnOnce(&mut InboxConfig)) -> Watched {
    let dir = tempfile::tempdir().unwrap();
    watched_in(dir, adjust)
}

pub fn watched_in(dir: tempfile::TempDir, adjust: impl FnOnce(&mut InboxConfig)) -> Watched {
    let mut config = config(dir.path());
    adjust(&mut config);
    let (tx, rx) = bounded(256);
    let watch = Inbox::watch(config, tx.clone()).unwrap();
    let root = watch.inbox().root().to_path_buf();
    Watched {
        dir,
        root,
        watch,
        rx,
        tx,
    }
}

/// The next `Ready` or `Refused` arrival (progress and faults skipped), or None at the deadline.
pub fn next_file(rx: &Receiver<Arrival>, timeout: Duration) -> Option<Arrival> {
    let deadline = Instant::now() + timeout;
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        match rx.recv_timeout(left) {
            Ok(arrival @ (Arrival::Ready(_) | Arrival::Refused { .. })) => return Some(arrival),
            Ok(_) => continue,
            Err(_) => return None,
        }
    }
}

pub fn expect_ready(rx: &Receiver<Arrival>, timeout: Duration) -> ReadyFile {
    match next_file(rx, timeout) {
        Some(Arrival::Ready(file)) => file,
        other => panic!("expected a ready file, got {other:?}"),
    }
}

pub fn expect_refused(rx: &Receiver<Arrival>, timeout: Duration) -> (PathBuf, RefusalCode) {
    match next_file(rx, timeout) {
        Some(Arrival::Refused { path, reason, .. }) => (path, reason),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// No file arrival for `quiet`.
pub fn expect_nothing(rx: &Receiver<Arrival>, quiet: Duration) {
    if let Some(arrival) = next_file(rx, quiet) {
        panic!("expected nothing, got {arrival:?}");
    }
}

/// Wait (with a deadline) until `check` holds.
pub fn wait_until(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    check()
}

pub fn day() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 29)
}

pub fn at() -> jiff::Timestamp {
    "2026-11-29T10:00:00Z".parse().unwrap()
}

/// Regular files below `folder`, recursively.
pub fn files_below(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(entry.path());
            } else {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    out
}

pub const LONG: Duration = Duration::from_secs(10);

static SIGNALS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The positive signal that the inbox has handled every event before this call: a file written
/// and closed now is handed over by its event, and nothing else arrives first (events are
/// handled in order). Use it instead of waiting a while and seeing nothing.
pub fn events_caught_up(inbox: &Inbox, rx: &Receiver<Arrival>) {
    let n = SIGNALS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = inbox.root().join(format!("zz-event-signal-{n}.xml"));
    std::fs::write(&path, b"signal").unwrap();
    match next_file(rx, LONG) {
        Some(Arrival::Ready(file)) if file.path == path => {
            inbox.archive(&file.path, day()).unwrap();
        }
        other => panic!("expected only the signal file, got {other:?}"),
    }
}

/// The positive signal that a scan has looked at the whole inbox since this call: a file
/// written and left open (no close event, so the event path leaves it to the scans) is handed
/// over, found by a scan, and nothing else arrives first. Needs a short `write_grace` and
/// `rescan_interval` (or polling mode).
pub fn a_scan_has_run(inbox: &Inbox, rx: &Receiver<Arrival>) {
    use std::io::Write;
    let n = SIGNALS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = inbox.root().join(format!("zz-scan-signal-{n}.xml"));
    let mut open = std::fs::File::create(&path).unwrap();
    open.write_all(b"signal").unwrap();
    open.sync_all().unwrap();
    match next_file(rx, LONG) {
        Some(Arrival::Ready(file)) if file.path == path => {
            assert_eq!(file.found_by, copydesk_inbox::FoundBy::Scan);
            inbox.archive(&file.path, day()).unwrap();
        }
        other => panic!("expected only the scan's signal file, got {other:?}"),
    }
    drop(open);
}
