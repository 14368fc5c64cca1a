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
    feed: HintFeed,
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
        // A full queue sets the overflow flag, which turns into a full scan all the same.
        self.feed.send(Hint::Requested);
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

/// The sending end of the hint queue. It never blocks: a hint that does not fit is dropped and
/// the overflow flag set, which the inbox thread turns into a full rescan.
#[derive(Debug, Clone)]
pub(crate) struct HintFeed {
    tx: Sender<Hint>,
    overflow: Arc<AtomicBool>,
}

impl HintFeed {
    pub(crate) fn send(&self, hint: Hint) {
        if self.tx.try_send(hint).is_err() {
            self.overflow.store(true, Ordering::Release);
        }
    }
}

/// The hint queue: the feed for notify's callback (and [`InboxWatch::rescan`]), the receiver
/// and the overflow flag for the inbox thread.
pub(crate) fn hint_queue(capacity: usize) -> (HintFeed, Receiver<Hint>, Arc<AtomicBool>) {
    let (tx, rx) = bounded(capacity);
    let overflow = Arc::new(AtomicBool::new(false));
    let feed = HintFeed {
        tx,
        overflow: Arc::clone(&overflow),
    };
    (feed, rx, overflow)
}

pub(crate) fn start(inbox: Inbox, sink: Sender<Arrival>) -> Result<InboxWatch, InboxError> {
    let config = inbox.config().clone();
    let root = inbox.root().to_path_buf();
    if sink.capacity().is_none() {
        tracing::warn!("inbox: the sink is unbounded, so a burst is buffered without limit");
    }
    let (feed, hint_rx, overflow) = hint_queue(config.event_queue);
    let (watcher, close_events) = if config.polling {
        (None, false)
    } else {
        let notify_feed = feed.clone();
        // Never block notify's thread: a full queue becomes a rescan. (notify's own impl for a
        // bounded Sender blocks, which stalls its reader, overflows the kernel queue, and
        // deadlocks against a watch() call made from the consuming thread.)
        let callback = move |result: notify::Result<notify::Event>| match result {
            Ok(event) => hints_from_event(&event, |hint| notify_feed.send(hint)),
            Err(e) => notify_feed.send(Hint::Fault(e.to_string())),
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
    let worker = Worker::new(
        inbox.clone(),
        sink,
        stop_rx,
        (hint_rx, overflow),
        watcher,
        close_events,
        Box::new(Instant::now),
    );
    let thread = thread::Builder::new()
        .name("copydesk-inbox".into())
        .spawn(move || worker.run())
        .map_err(|e| InboxError::io("start the inbox thread for", &root, e))?;
    Ok(InboxWatch {
        inbox,
        feed,
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

/// Where the inbox thread reads the time: `Instant::now` in use, a hand-wound clock in tests.
type Clock = Box<dyn Fn() -> Instant + Send>;

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
    clock: Clock,
}

impl Worker {
    fn new(
        inbox: Inbox,
        sink: Sender<Arrival>,
        stop: Receiver<()>,
        (hints, overflow): (Receiver<Hint>, Arc<AtomicBool>),
        watcher: Option<RecommendedWatcher>,
        close_events: bool,
        clock: Clock,
    ) -> Worker {
        let config = inbox.config().clone();
        let next_scan = clock() + config.scan_period();
        Worker {
            root: inbox.root().to_path_buf(),
            inbox,
            sink,
            stop,
            hints,
            overflow,
            root_watched: watcher.is_some(),
            watcher,
            watched: HashSet::new(),
            close_events,
            pending: HashMap::new(),
            queue: BinaryHeap::new(),
            seq: 0,
            writing: HashMap::new(),
            next_scan,
            want_scan: None,
            fault: None,
            closed: false,
            clock,
            config,
        }
    }

    fn now(&self) -> Instant {
        (self.clock)()
    }

    fn run(mut self) {
        tracing::debug!(root = %self.root.display(), polling = self.config.polling, "inbox: watching");
        self.full_scan(ScanCause::Startup);
        loop {
            let wake = self
                .queue
                .peek()
                .map_or(self.next_scan, |Reverse((due, _, _))| {
                    (*due).min(self.next_scan)
                });
            let timeout = wake.saturating_duration_since(self.now());
            crossbeam_channel::select! {
                recv(self.stop) -> _ => break,
                recv(self.hints) -> hint => match hint {
                    Ok(hint) => self.on_hint(hint),
                    Err(_) => break,
                },
                default(timeout) => {}
            }
            if !self.turn() || self.closed || self.stopping() {
                break;
            }
        }
        tracing::debug!(root = %self.root.display(), "inbox: stopped");
    }

    /// One round after a wake-up: handle waiting hints, scan if a scan is wanted, take the
    /// candidates whose window is over. False when the thread must stop.
    fn turn(&mut self) -> bool {
        for _ in 0..HINT_BATCH {
            match self.hints.try_recv() {
                Ok(hint) => self.on_hint(hint),
                Err(_) => break,
            }
        }
        if self.overflow.swap(false, Ordering::AcqRel) {
            self.catch_up();
            self.want_scan = Some(ScanCause::Rescan);
        }
        if self.now() >= self.next_scan {
            self.want_scan.get_or_insert(ScanCause::Periodic);
        }
        if let Some(cause) = self.want_scan.take() {
            self.full_scan(cause);
        }
        self.settle_due()
    }

    /// Before an overflow's rescan, handle every hint still queued. They were sent before the
    /// drop, so a create or write event among them may have lost its close event to it: handled
    /// after the rescan, it would mark a file the rescan just found complete as being written,
    /// and the file would wait for the write grace or the next periodic scan. Handled before,
    /// its mark is cleared with the others. (Bounded by the queue's capacity.)
    fn catch_up(&mut self) {
        for _ in 0..self.hints.len() {
            match self.hints.try_recv() {
                Ok(hint) => self.on_hint(hint),
                Err(_) => break,
            }
        }
    }

    fn stopping(&self) -> bool {
        !matches!(self.stop.try_recv(), Err(TryRecvError::Empty))
    }

    fn on_hint(&mut self, hint: Hint) {
        let now = self.now();
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
        let now = self.now();
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
        let now = self.now();
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
                // Left to its close event, yet kept settling rather than forgotten: if that
                // event never comes (lost to an overflow, whose rescan clears the mark) or the
                // mark ages out, a later check takes the file, not the next periodic scan.
                let sig = pending.sig;
                self.settle_again(path, pending, sig, now);
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
                        self.settle_again(
                            found.path,
                            Pending {
                                relative: found.relative,
                                ..pending
                            },
                            sig,
                            now,
                        );
                    }
                }
                Outcome::Vanished | Outcome::HeldAlready => {}
            }
        }
        true
    }

    /// Another window of the same length for a candidate, from observation `sig`.
    fn settle_again(&mut self, path: PathBuf, pending: Pending, sig: Signature, now: Instant) {
        self.seq += 1;
        self.queue
            .push(Reverse((now + pending.settle, self.seq, path.clone())));
        self.pending.insert(
            path,
            Pending {
                sig,
                seq: self.seq,
                ..pending
            },
        );
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

    /// The inbox thread without its thread, notify or wall clock: the test feeds hints through
    /// the same queue notify's callback uses, turns the worker's loop by hand and winds the
    /// clock. Files are real, in a temp folder, so observations are the real ones.
    struct HandInbox {
        worker: Worker,
        feed: HintFeed,
        clock: Arc<std::sync::Mutex<Instant>>,
        taken: Receiver<Arrival>,
        _stop: Sender<()>,
        _dir: tempfile::TempDir,
    }

    const SETTLE: Duration = Duration::from_millis(50);
    const SCAN_SETTLE: Duration = Duration::from_secs(2);
    const GRACE: Duration = Duration::from_secs(30);

    impl HandInbox {
        /// Inotify-like (close events), default windows, no periodic scan within the test.
        fn new(queue: usize) -> HandInbox {
            let dir = tempfile::tempdir().unwrap();
            let mut config = InboxConfig::new(dir.path());
            config.settle = SETTLE;
            config.scan_settle = SCAN_SETTLE;
            config.write_grace = GRACE;
            config.rescan_interval = Duration::from_secs(3600);
            let inbox = Inbox::open(config).unwrap();
            let (feed, hints, overflow) = hint_queue(queue);
            let (sink, taken) = bounded(1024);
            let (stop, stopped) = bounded(0);
            let clock = Arc::new(std::sync::Mutex::new(Instant::now()));
            let hand = Arc::clone(&clock);
            let worker = Worker::new(
                inbox,
                sink,
                stopped,
                (hints, overflow),
                None,
                true,
                Box::new(move || *hand.lock().unwrap()),
            );
            HandInbox {
                worker,
                feed,
                clock,
                taken,
                _stop: stop,
                _dir: dir,
            }
        }

        fn path(&self, name: &str) -> PathBuf {
            self.worker.root.join(name)
        }

        fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
            let path = self.path(name);
            std::fs::write(&path, bytes).unwrap();
            path
        }

        fn wind(&self, by: Duration) {
            *self.clock.lock().unwrap() += by;
        }

        fn turn(&mut self) {
            assert!(self.worker.turn());
        }

        /// What was handed over since the last look: path, how it was found, size.
        fn handed_over(&self) -> Vec<(PathBuf, FoundBy, usize)> {
            self.taken
                .try_iter()
                .filter_map(|arrival| match arrival {
                    Arrival::Ready(file) => Some((file.path, file.found_by, file.bytes.len())),
                    Arrival::Refused { path, reason, .. } => panic!("refused {path:?}: {reason}"),
                    Arrival::Scanned { .. } | Arrival::Fault { .. } => None,
                })
                .collect()
        }
    }

    /// The burst race: the queue holds more than one batch of hints when a hint does not fit.
    /// The file's create and write hints are queued before the drop and its close hint is the
    /// one dropped; the file itself is complete on disk when the rescan lists it. Handled after
    /// the rescan, those stale hints would mark it as being written, and it would wait for the
    /// write grace (30 s) or the next periodic scan instead of one scan settle window.
    #[test]
    fn hints_queued_before_an_overflow_do_not_hold_back_what_its_rescan_found() {
        let mut hand = HandInbox::new(HINT_BATCH + 2);
        hand.worker.full_scan(ScanCause::Startup);
        let story = hand.write("story.xml", b"<story/>");
        for i in 0..HINT_BATCH {
            hand.feed
                .send(Hint::Gone(hand.path(&format!("other-{i}.xml"))));
        }
        hand.feed.send(Hint::Created(story.clone()));
        hand.feed.send(Hint::Writing(story.clone()));
        // The close event does not fit: dropped, and the overflow flag set instead.
        hand.feed.send(Hint::Complete(story.clone()));
        assert!(hand.worker.overflow.load(Ordering::Acquire));

        // A batch of hints, then the rescan (the story starts its long window), then the rest.
        hand.turn();
        hand.turn();
        hand.wind(SCAN_SETTLE - Duration::from_millis(1));
        hand.turn();
        assert_eq!(hand.handed_over(), []);
        hand.wind(Duration::from_millis(1));
        hand.turn();
        assert_eq!(hand.handed_over(), [(story, FoundBy::Scan, 8)]);
    }

    /// A file a scan is settling gets a write mark (a writer is at it after all). It is left to
    /// its close event; if that never comes, it is taken soon after the mark ages out: not at
    /// the next periodic scan, not before the grace, and not from a single observation.
    #[test]
    fn a_scanned_file_marked_as_being_written_is_taken_when_the_mark_ages_out() {
        let mut hand = HandInbox::new(64);
        let story = hand.write("story.xml", b"<story>first half");
        hand.worker.full_scan(ScanCause::Requested);
        // The writer goes on after the scan's observation, and its write event comes.
        let step = Duration::from_millis(250);
        hand.wind(step);
        std::fs::write(&story, b"<story>first half, second half</story>").unwrap();
        hand.feed.send(Hint::Writing(story.clone()));
        hand.turn();
        let marked = step;
        let mut elapsed = step;
        let handed = loop {
            hand.wind(step);
            elapsed += step;
            hand.turn();
            let handed = hand.handed_over();
            if !handed.is_empty() {
                break handed;
            }
            assert!(
                elapsed < Duration::from_secs(60),
                "still held after {elapsed:?}"
            );
        };
        assert_eq!(handed, [(story, FoundBy::Scan, 38)]);
        // The first check after the grace sees the file differ from the scan's observation,
        // so it settles once more before it is taken.
        assert!(elapsed > marked + GRACE, "taken after {elapsed:?}");
        assert!(
            elapsed <= marked + GRACE + 2 * SCAN_SETTLE + step,
            "taken after {elapsed:?}"
        );
    }

    /// The same file, with its close event arriving: taken one short window later.
    #[test]
    fn a_scanned_file_marked_as_being_written_is_taken_after_its_close_event() {
        let mut hand = HandInbox::new(64);
        let story = hand.write("story.xml", b"<story>first half");
        hand.worker.full_scan(ScanCause::Requested);
        std::fs::write(&story, b"<story>first half, second half</story>").unwrap();
        hand.feed.send(Hint::Writing(story.clone()));
        hand.turn();
        hand.wind(SCAN_SETTLE);
        hand.turn();
        assert_eq!(hand.handed_over(), []);
        hand.feed.send(Hint::Complete(story.clone()));
        hand.turn();
        hand.wind(SETTLE);
        hand.turn();
        assert_eq!(hand.handed_over(), [(story, FoundBy::Event, 38)]);
    }
}
