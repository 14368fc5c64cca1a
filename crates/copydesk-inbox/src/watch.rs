//! The background watcher: notify events as hints, a reconciliation scan as the truth.
//!
//! Threads: notify's own reader thread (event mode only), whose callback only turns events
//! into hints and `try_send`s them, and one `copydesk-inbox` thread that owns the watcher,
//! settles candidates and delivers arrivals. Dropping [`InboxWatch`] stops and joins the
//! inbox thread; that drops the watcher, which tells notify's thread to exit.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, Receiver, Select, Sender, TryRecvError};
use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher, WatcherKind};

use crate::arrival::{Arrival, FoundBy, ScanCause};
use crate::config::InboxConfig;
use crate::error::InboxError;
use crate::inbox::{Inbox, Outcome};
use crate::names;
use crate::readiness::{self, EntryKind, Signature};
use crate::scan::{Found, Walk};

/// Owns the inbox's background thread. Dropping it stops the watcher and joins the thread
/// (promptly: every wait in the thread also waits for the stop signal).
#[derive(Debug)]
pub struct InboxWatch {
    inbox: Inbox,
    hints: Sender<Hint>,
    overflow: Arc<AtomicBool>,
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl InboxWatch {
    /// The inbox being watched: archive, quarantine and release through it.
    pub fn inbox(&self) -> &Inbox {
        &self.inbox
    }

    /// Ask for a full reconciliation scan now: the same path an overflow (`need_rescan()`)
    /// takes, except that write-in-progress marks are kept.
    pub fn rescan(&self) {
        if self.hints.try_send(Hint::Requested).is_err() {
            // The queue is full: the overflow flag turns into a full scan all the same.
            self.overflow.store(true, Ordering::Release);
        }
    }

    /// Whether the inbox thread is still running (it stops early only if the sink is dropped).
    pub fn is_running(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Stop and join the background thread (what dropping the handle does).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        // Disconnecting the stop channel wakes every wait in the inbox thread.
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                tracing::error!("inbox: the inbox thread panicked");
            }
        }
    }
}

impl Drop for InboxWatch {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// What the notify callback passes on. Paths only: the inbox thread looks at the disk itself.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Hint {
    /// A writer closed the file (inotify close-after-write): settle briefly, then take.
    Complete(PathBuf),
    /// A name appeared (moved in, renamed from a temp name, folder created): stat decides.
    Appeared(PathBuf),
    /// A new entry (not a folder): a writer is probably at it, unless it is a special file or
    /// a hard link, which are complete the moment they exist (and send no close event).
    Created(PathBuf),
    /// Written to: a writer is still at it.
    Writing(PathBuf),
    /// Deleted or moved away.
    Gone(PathBuf),
    /// Events were lost (inotify IN_Q_OVERFLOW, FSEvents drops): scan everything.
    Rescan,
    /// The caller asked for a scan.
    Requested,
    /// notify reported an error.
    Fault(String),
}

/// Turn one notify event into hints. Create and modify never make a file ready by themselves.
pub(crate) fn hints_from_event(event: &notify::Event, mut send: impl FnMut(Hint)) {
    if event.need_rescan() {
        send(Hint::Rescan);
    }
    let paths = &event.paths;
    let each = |send: &mut dyn FnMut(Hint), make: fn(PathBuf) -> Hint| {
        for path in paths {
            send(make(path.clone()));
        }
    };
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => each(&mut send, Hint::Complete),
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => each(&mut send, Hint::Appeared),
        EventKind::Modify(ModifyKind::Name(RenameMode::From)) => each(&mut send, Hint::Gone),
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => {
            if let [from, to, ..] = paths.as_slice() {
                send(Hint::Gone(from.clone()));
                send(Hint::Appeared(to.clone()));
            }
        }
        // Backends that cannot tell the direction (FSEvents, Windows): stat decides.
        EventKind::Modify(ModifyKind::Name(_)) => each(&mut send, Hint::Appeared),
        EventKind::Create(CreateKind::Folder) => each(&mut send, Hint::Appeared),
        EventKind::Create(_) => each(&mut send, Hint::Created),
        EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => each(&mut send, Hint::Writing),
        EventKind::Remove(_) => each(&mut send, Hint::Gone),
        // Opens, close-after-read (our own reads), metadata changes: nothing to do.
        _ => {}
    }
}

pub(crate) fn start(inbox: Inbox, sink: Sender<Arrival>) -> Result<InboxWatch, InboxError> {
    let config = inbox.config().clone();
    let root = inbox.root().to_path_buf();
    if sink.capacity().is_none() {
        tracing::warn!("inbox: the sink is unbounded, so a burst is buffered without limit");
    }
    let (hint_tx, hint_rx) = bounded(config.event_queue);
    let overflow = Arc::new(AtomicBool::new(false));
    let (watcher, close_events) = if config.polling {
        (None, false)
    } else {
        let tx = hint_tx.clone();
        let flag = Arc::clone(&overflow);
        // Never block notify's thread: a full queue becomes a rescan. (notify's own impl for a
        // bounded Sender blocks, which stalls its reader, overflows the kernel queue, and
        // deadlocks against a watch() call made from the consuming thread.)
        let callback = move |result: notify::Result<notify::Event>| {
            let mut send = |hint| {
                if tx.try_send(hint).is_err() {
                    flag.store(true, Ordering::Release);
                }
            };
            match result {
                Ok(event) => hints_from_event(&event, &mut send),
                Err(e) => send(Hint::Fault(e.to_string())),
            }
        };
        let notify_config = notify::Config::default().with_follow_symlinks(false);
        let mut watcher = RecommendedWatcher::new(callback, notify_config).map_err(|source| {
            InboxError::Watch {
                path: root.clone(),
                source,
            }
        })?;
        // The root alone: top-level folders get their own recursive watches, so Archive/ and
        // Quarantine/ are never watched (our own moves would flood the event queue, and a
        // recursive watch would walk the whole archive at every start).
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|source| InboxError::Watch {
                path: root.clone(),
                source,
            })?;
        (
            Some(watcher),
            RecommendedWatcher::kind() == WatcherKind::Inotify,
        )
    };
    let (stop_tx, stop_rx) = bounded::<()>(0);
    let now = Instant::now();
    let worker = Worker {
        inbox: inbox.clone(),
        root: root.clone(),
        sink,
        stop: stop_rx,
        hints: hint_rx,
        overflow: Arc::clone(&overflow),
        root_watched: watcher.is_some(),
        watcher,
        watched: HashSet::new(),
        close_events,
        pending: HashMap::new(),
        queue: BinaryHeap::new(),
        seq: 0,
        writing: HashMap::new(),
        next_scan: now + config.scan_period(),
        want_scan: None,
        fault: None,
        closed: false,
        config,
    };
    let thread = thread::Builder::new()
        .name("copydesk-inbox".into())
        .spawn(move || worker.run())
        .map_err(|e| InboxError::io("start the inbox thread for", &root, e))?;
    Ok(InboxWatch {
        inbox,
        hints: hint_tx,
        overflow,
        stop: Some(stop_tx),
        thread: Some(thread),
    })
}

/// Give a top-level folder its recursive watch, once. A failure (e.g. the inotify watch limit)
/// is logged; the periodic scan still covers the folder and retries.
fn watch_top_folder(
    watcher: &mut Option<RecommendedWatcher>,
    watched: &mut HashSet<PathBuf>,
    folder: &Path,
) {
    let Some(watcher) = watcher.as_mut() else {
        return;
    };
    if watched.contains(folder) {
        return;
    }
    match watcher.watch(folder, RecursiveMode::Recursive) {
        Ok(()) => {
            watched.insert(folder.to_path_buf());
        }
        Err(e) => {
            tracing::warn!(folder = %folder.display(), error = %e, "inbox: cannot watch folder")
        }
    }
}

/// A candidate waiting out its settle window.
struct Pending {
    relative: PathBuf,
    sig: Signature,
    found_by: FoundBy,
    settle: Duration,
    seq: u64,
}

/// How many due candidates are taken before looking at the hint queue again.
const DUE_BATCH: usize = 256;
/// How many hints are handled before looking at due candidates again.
const HINT_BATCH: usize = 4096;

struct Worker {
    inbox: Inbox,
    root: PathBuf,
    config: InboxConfig,
    sink: Sender<Arrival>,
    stop: Receiver<()>,
    hints: Receiver<Hint>,
    overflow: Arc<AtomicBool>,
    watcher: Option<RecommendedWatcher>,
    root_watched: bool,
    /// Top-level folders with a recursive watch.
    watched: HashSet<PathBuf>,
    /// The backend reports close-after-write (inotify). Elsewhere a write event starts a long
    /// settle instead.
    close_events: bool,
    pending: HashMap<PathBuf, Pending>,
    /// Due times; entries whose `seq` no longer matches `pending` are stale and skipped.
    queue: BinaryHeap<Reverse<(Instant, u64, PathBuf)>>,
    seq: u64,
    /// Last create/modify event per path with no close-after-write since.
    writing: HashMap<PathBuf, Instant>,
    next_scan: Instant,
    want_scan: Option<ScanCause>,
    /// The trouble last reported with `Arrival::Fault`, so it is reported once.
    fault: Option<String>,
    /// The sink's receiver is gone: nobody listens, so stop.
    closed: bool,
}

impl Worker {
    fn run(mut self) {
        tracing::debug!(root = %self.root.display(), polling = self.config.polling, "inbox: watching");
        self.full_scan(ScanCause::Startup);
        loop {
            let now = Instant::now();
            let wake = self
                .queue
                .peek()
                .map_or(self.next_scan, |Reverse((due, _, _))| {
                    (*due).min(self.next_scan)
                });
            let timeout = wake.saturating_duration_since(now);
            crossbeam_channel::select! {
                recv(self.stop) -> _ => break,
                recv(self.hints) -> hint => match hint {
                    Ok(hint) => self.on_hint(hint),
                    Err(_) => break,
                },
                default(timeout) => {}
            }
            for _ in 0..HINT_BATCH {
                match self.hints.try_recv() {
                    Ok(hint) => self.on_hint(hint),
                    Err(_) => break,
                }
            }
            if self.overflow.swap(false, Ordering::AcqRel) {
                self.want_scan = Some(ScanCause::Rescan);
            }
            if Instant::now() >= self.next_scan {
                self.want_scan.get_or_insert(ScanCause::Periodic);
            }
            if let Some(cause) = self.want_scan.take() {
                self.full_scan(cause);
            }
            if !self.settle_due() || self.closed || self.stopping() {
                break;
            }
        }
        tracing::debug!(root = %self.root.display(), "inbox: stopped");
    }

    fn stopping(&self) -> bool {
        !matches!(self.stop.try_recv(), Err(TryRecvError::Empty))
    }

    fn on_hint(&mut self, hint: Hint) {
        let now = Instant::now();
        match hint {
            Hint::Complete(path) | Hint::Appeared(path) => {
                self.writing.remove(&path);
                self.consider(path, FoundBy::Event, now);
            }
            Hint::Created(path) if self.close_events => {
                if names::candidate(&self.root, &path, self.config.max_depth).is_none() {
                    return;
                }
                match readiness::observe(&path) {
                    Ok(Some(sig)) if sig.kind == EntryKind::File && sig.links <= 1 => {
                        self.writing.insert(path, now);
                    }
                    Ok(Some(_)) => self.consider(path, FoundBy::Event, now),
                    Ok(None) | Err(_) => {}
                }
            }
            Hint::Created(path) | Hint::Writing(path) => {
                if !self.close_events {
                    self.consider(path, FoundBy::Scan, now);
                } else if names::candidate(&self.root, &path, self.config.max_depth).is_some() {
                    self.writing.insert(path, now);
                }
            }
            Hint::Gone(path) => {
                self.writing.remove(&path);
                if path == self.root {
                    self.lose_root();
                } else {
                    self.watched.remove(&path);
                }
            }
            Hint::Rescan => self.want_scan = Some(ScanCause::Rescan),
            Hint::Requested => {
                self.want_scan.get_or_insert(ScanCause::Requested);
            }
            Hint::Fault(message) => {
                tracing::warn!(root = %self.root.display(), %message, "inbox: watcher error");
                self.want_scan = Some(ScanCause::Rescan);
            }
        }
    }

    /// A path an event named: a new folder is watched and walked; a file starts settling.
    fn consider(&mut self, path: PathBuf, found_by: FoundBy, now: Instant) {
        let Some(relative) = names::candidate(&self.root, &path, self.config.max_depth) else {
            return;
        };
        if self.inbox.is_held(&path) {
            return;
        }
        let sig = match readiness::observe(&path) {
            Ok(Some(sig)) => sig,
            Ok(None) => return,
            Err(e) => {
                tracing::debug!(path = %path.display(), error = %e, "inbox: cannot stat");
                return;
            }
        };
        if sig.kind == EntryKind::Folder {
            self.enter_new_folder(path, relative, sig, now);
            return;
        }
        if let Some(pending) = self.pending.get(&path) {
            // Repeated event (rename To + Both), or a scan finding what is settling already.
            let upgrade = found_by == FoundBy::Event && pending.found_by == FoundBy::Scan;
            if !upgrade && pending.sig == sig {
                return;
            }
        }
        let found = Found {
            path,
            relative,
            sig,
        };
        if !self.refuse_on_sight(&found) {
            self.schedule(found, found_by, now);
        }
    }

    /// A folder appeared: watch it if it is top-level (the root watch is not recursive), then
    /// walk it, since files may have landed in it before the watch existed.
    fn enter_new_folder(&mut self, path: PathBuf, relative: PathBuf, sig: Signature, now: Instant) {
        let depth = relative.components().count().saturating_sub(1);
        if depth >= self.config.max_depth {
            let found = Found {
                path,
                relative,
                sig,
            };
            self.refuse_on_sight(&found);
            return;
        }
        if depth == 0 {
            self.watch_folder(&path);
        }
        let found = self.walk(&path, depth + 1);
        let count = found.map_or(0, |found| self.consider_scanned(found, now));
        if count > 0 {
            self.deliver(Arrival::Scanned {
                cause: ScanCause::NewFolder,
                found: count,
            });
        }
    }

    fn watch_folder(&mut self, folder: &Path) {
        watch_top_folder(&mut self.watcher, &mut self.watched, folder);
    }

    /// Walk `start` (entries at `depth`). A root walk watches each top-level folder before
    /// listing it, so a file written meanwhile is seen by the listing or by an event.
    fn walk(&mut self, start: &Path, depth: usize) -> std::io::Result<Vec<Found>> {
        let stop = self.stop.clone();
        let mut keep_going = || matches!(stop.try_recv(), Err(TryRecvError::Empty));
        let mut top_folders = HashSet::new();
        let (watcher, watched) = (&mut self.watcher, &mut self.watched);
        let mut before_entering = |folder: &Path, depth: usize| {
            if depth == 0 {
                watch_top_folder(watcher, watched, folder);
                top_folders.insert(folder.to_path_buf());
            }
        };
        let found = Walk {
            root: &self.root,
            max_depth: self.config.max_depth,
            before_entering: &mut before_entering,
            keep_going: &mut keep_going,
        }
        .run(start, depth);
        if found.is_ok() && depth == 0 {
            // Forget folders that are gone (notify dropped their watches itself), so that a
            // folder re-created under the same name is watched again.
            self.watched.retain(|folder| top_folders.contains(folder));
        }
        found
    }

    /// The reconciliation scan: everything in the inbox not held or settling starts a long
    /// settle, except what a live writer is known to have open.
    fn full_scan(&mut self, cause: ScanCause) {
        let now = Instant::now();
        self.next_scan = now + self.config.scan_period();
        if cause == ScanCause::Rescan {
            // Events were lost: a close-after-write may be among them, so the marks that would
            // hold files back cannot be trusted.
            self.writing.clear();
        }
        if self.watcher.is_some() && !self.root_watched {
            self.rewatch_root();
        }
        let found = match self.walk(&self.root.clone(), 0) {
            Ok(found) => found,
            Err(e) => {
                self.report_fault(format!(
                    "cannot list the inbox {}: {e}",
                    self.root.display()
                ));
                return;
            }
        };
        if self.root_watched || self.watcher.is_none() {
            self.fault = None;
        }
        self.inbox.prune_holds();
        let grace = self.config.write_grace;
        self.writing.retain(|_, at| now.duration_since(*at) < grace);
        let count = self.consider_scanned(found, now);
        tracing::debug!(?cause, count, "inbox: scanned");
        // An overflow is always reported: lost events are worth counting even when the scan
        // found nothing new.
        if count > 0 || cause == ScanCause::Rescan {
            self.deliver(Arrival::Scanned {
                cause,
                found: count,
            });
        }
    }

    /// Start settling what a walk found; returns how many new candidates there were.
    fn consider_scanned(&mut self, found: Vec<Found>, now: Instant) -> usize {
        let mut count = 0;
        for found in found {
            if self.pending.contains_key(&found.path) || self.inbox.is_held(&found.path) {
                continue;
            }
            if self.refuse_on_sight(&found) {
                count += 1;
                continue;
            }
            if self.writer_active(&found.path, now) {
                continue;
            }
            self.schedule(found, FoundBy::Scan, now);
            count += 1;
        }
        count
    }

    /// A scan leaves a file to its close-after-write event while a writer was recently busy.
    fn writer_active(&self, path: &Path, now: Instant) -> bool {
        self.close_events
            && self
                .writing
                .get(path)
                .is_some_and(|at| now.duration_since(*at) < self.config.write_grace)
    }

    /// Refuse special entries and too-deep folders at once (they never complete). Returns
    /// whether the entry was of that sort.
    fn refuse_on_sight(&mut self, found: &Found) -> bool {
        match self.inbox.refusal_on_sight(found) {
            None => false,
            Some(None) => true,
            Some(Some(arrival)) => {
                self.pending.remove(&found.path);
                self.deliver(arrival);
                true
            }
        }
    }

    fn schedule(&mut self, found: Found, found_by: FoundBy, now: Instant) {
        let mut settle = match found_by {
            FoundBy::Event => self.config.settle,
            FoundBy::Scan => self.config.scan_settle,
        };
        // An empty file may be a writer's first step (touch, then write): wait the long window.
        if found.sig.len == 0 {
            settle = settle.max(self.config.scan_settle);
        }
        self.seq += 1;
        let due = now + settle;
        self.queue
            .push(Reverse((due, self.seq, found.path.clone())));
        self.pending.insert(
            found.path,
            Pending {
                relative: found.relative,
                sig: found.sig,
                found_by,
                settle,
                seq: self.seq,
            },
        );
    }

    /// Take the candidates whose window is over. False when the thread must stop.
    fn settle_due(&mut self) -> bool {
        let now = Instant::now();
        for _ in 0..DUE_BATCH {
            let Some(Reverse((due, seq, _))) = self.queue.peek() else {
                break;
            };
            if *due > now {
                break;
            }
            let seq = *seq;
            let Some(Reverse((_, _, path))) = self.queue.pop() else {
                break;
            };
            if self.pending.get(&path).is_none_or(|p| p.seq != seq) {
                continue;
            }
            let Some(pending) = self.pending.remove(&path) else {
                continue;
            };
            if pending.found_by == FoundBy::Scan && self.writer_active(&path, now) {
                continue;
            }
            match self
                .inbox
                .take_claimed(&path, &pending.relative, &pending.sig, pending.found_by)
            {
                Outcome::Arrival(arrival) => {
                    if !self.deliver(arrival) {
                        return false;
                    }
                }
                // Replaced by a folder: its own event (or the next scan) walks it.
                Outcome::Unstable(sig) if sig.kind == EntryKind::Folder => {}
                Outcome::Unstable(sig) => {
                    let found = Found {
                        path,
                        relative: pending.relative,
                        sig,
                    };
                    if !self.refuse_on_sight(&found) {
                        self.seq += 1;
                        self.queue.push(Reverse((
                            now + pending.settle,
                            self.seq,
                            found.path.clone(),
                        )));
                        self.pending.insert(
                            found.path,
                            Pending {
                                sig,
                                seq: self.seq,
                                relative: found.relative,
                                ..pending
                            },
                        );
                    }
                }
                Outcome::Vanished | Outcome::HeldAlready => {}
            }
        }
        true
    }

    /// Send to the sink, waiting while it is full, unless asked to stop. False when the
    /// arrival was not delivered (stopping, or nobody listens any more); its path is then
    /// released, so nothing stays held that the caller never saw.
    fn deliver(&mut self, arrival: Arrival) -> bool {
        if self.closed {
            return false;
        }
        let path = arrival.path().map(Path::to_path_buf);
        let mut select = Select::new();
        let send_index = select.send(&self.sink);
        select.recv(&self.stop);
        let operation = select.select();
        let delivered = if operation.index() == send_index {
            let sent = operation.send(&self.sink, arrival).is_ok();
            if !sent {
                tracing::debug!("inbox: the sink is closed");
                self.closed = true;
            }
            sent
        } else {
            let _ = operation.recv(&self.stop);
            false
        };
        if !delivered {
            if let Some(path) = path {
                self.inbox.unclaim(&path);
            }
        }
        delivered
    }

    fn report_fault(&mut self, message: String) {
        if self.fault.is_none() {
            tracing::error!(%message, "inbox: fault");
            self.fault = Some(message.clone());
            self.deliver(Arrival::Fault { message });
        }
    }

    /// The root was deleted or moved away: drop its watches (a moved root's watch would
    /// report paths under the old name), and let the periodic scan retry.
    fn lose_root(&mut self) {
        if let Some(watcher) = self.watcher.as_mut() {
            let _ = watcher.unwatch(&self.root);
            for folder in self.watched.drain() {
                let _ = watcher.unwatch(&folder);
            }
        }
        self.root_watched = false;
        self.report_fault(format!(
            "the inbox {} was removed or renamed",
            self.root.display()
        ));
    }

    fn rewatch_root(&mut self) {
        let Some(watcher) = self.watcher.as_mut() else {
            return;
        };
        match watcher.watch(&self.root, RecursiveMode::NonRecursive) {
            Ok(()) => {
                tracing::info!(root = %self.root.display(), "inbox: watching again");
                self.root_watched = true;
            }
            Err(e) => {
                tracing::debug!(root = %self.root.display(), error = %e, "inbox: still cannot watch")
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use notify::event::{Flag, RemoveKind};
    use notify::Event;

    fn hints(event: Event) -> Vec<Hint> {
        let mut out = Vec::new();
        hints_from_event(&event, |h| out.push(h));
        out
    }

    #[test]
    fn only_completion_events_make_candidates() {
        let p = PathBuf::from("/in/a.xml");
        let close =
            Event::new(EventKind::Access(AccessKind::Close(AccessMode::Write))).add_path(p.clone());
        assert_eq!(hints(close), vec![Hint::Complete(p.clone())]);
        let create = Event::new(EventKind::Create(CreateKind::File)).add_path(p.clone());
        assert_eq!(hints(create), vec![Hint::Created(p.clone())]);
        let write = Event::new(EventKind::Modify(ModifyKind::Data(
            notify::event::DataChange::Any,
        )))
        .add_path(p.clone());
        assert_eq!(hints(write), vec![Hint::Writing(p.clone())]);
        let moved_in =
            Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::To))).add_path(p.clone());
        assert_eq!(hints(moved_in), vec![Hint::Appeared(p.clone())]);
        let both = Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
            .add_path(PathBuf::from("/in/a.tmp"))
            .add_path(p.clone());
        assert_eq!(
            hints(both),
            vec![
                Hint::Gone(PathBuf::from("/in/a.tmp")),
                Hint::Appeared(p.clone())
            ]
        );
        let removed = Event::new(EventKind::Remove(RemoveKind::File)).add_path(p.clone());
        assert_eq!(hints(removed), vec![Hint::Gone(p.clone())]);
        let read = Event::new(EventKind::Access(AccessKind::Close(AccessMode::Read))).add_path(p);
        assert!(hints(read).is_empty());
    }

    #[test]
    fn an_overflow_event_asks_for_a_rescan() {
        let overflow = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert_eq!(hints(overflow), vec![Hint::Rescan]);
    }
}
