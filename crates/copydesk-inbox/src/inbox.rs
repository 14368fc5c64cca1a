use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crossbeam_channel::Sender;

use crate::arrival::{Arrival, FoundBy, RefusalCode};
use crate::config::InboxConfig;
use crate::error::InboxError;
use crate::names::{self, ARCHIVE_DIR, QUARANTINE_DIR};
use crate::readiness::{self, Limits, Signature, Taken};
use crate::scan::{Found, Walk};
use crate::shelf;
use crate::watch::{self, InboxWatch};

/// The wire inbox folder. Cheap to clone: clones share the set of held (handed-over) paths, so
/// a consumer thread can archive while the watcher runs.
#[derive(Clone)]
pub struct Inbox {
    shared: Arc<Shared>,
}

struct Shared {
    config: InboxConfig,
    /// Paths handed over and not yet archived, quarantined or released, with the observation
    /// they were handed over at.
    held: Mutex<HashMap<PathBuf, Signature>>,
}

impl std::fmt::Debug for Inbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inbox")
            .field("root", &self.root())
            .field("held", &self.held_count())
            .finish()
    }
}

impl Inbox {
    /// Open the inbox folder (it must exist) and create `Archive/` and `Quarantine/` in it.
    pub fn open(config: InboxConfig) -> Result<Inbox, InboxError> {
        let mut config = config.sanitised();
        let root = fs::canonicalize(&config.root)
            .map_err(|e| InboxError::io("open the inbox", &config.root, e))?;
        if !root.is_dir() {
            return Err(InboxError::NotAFolder(root));
        }
        for reserved in [ARCHIVE_DIR, QUARANTINE_DIR] {
            let folder = root.join(reserved);
            match fs::create_dir(&folder) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let real = fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir());
                    if !real {
                        return Err(InboxError::NotARealFolder(folder));
                    }
                }
                Err(e) => return Err(InboxError::io("create folder", &folder, e)),
            }
        }
        config.root = root;
        Ok(Inbox {
            shared: Arc::new(Shared {
                config,
                held: Mutex::new(HashMap::new()),
            }),
        })
    }

    /// Open the inbox and watch it on a background thread owned by the returned handle;
    /// arrivals go to `sink`. Give a *bounded* channel: when it is full the inbox waits, so a
    /// burst of drops costs no unbounded memory. Dropping the handle stops the thread.
    ///
    /// In event mode the watch is set before the startup scan, so a file dropped meanwhile is
    /// seen by one or the other (or both: hand-offs are deduplicated).
    pub fn watch(config: InboxConfig, sink: Sender<Arrival>) -> Result<InboxWatch, InboxError> {
        let inbox = Inbox::open(config)?;
        watch::start(inbox, sink)
    }

    /// The canonical inbox folder.
    pub fn root(&self) -> &Path {
        &self.shared.config.root
    }

    /// The configuration in force (with the canonical root).
    pub fn config(&self) -> &InboxConfig {
        &self.shared.config
    }

    /// `<inbox>/Archive`.
    pub fn archive_dir(&self) -> PathBuf {
        self.root().join(ARCHIVE_DIR)
    }

    /// `<inbox>/Quarantine`.
    pub fn quarantine_dir(&self) -> PathBuf {
        self.root().join(QUARANTINE_DIR)
    }

    /// One synchronous scan (for a command-line import, or tests): list the inbox, wait
    /// `scan_settle` once, and take every entry that did not change meanwhile. Entries still
    /// changing are left for the next scan. Held paths are skipped; what is returned is held.
    pub fn scan(&self) -> Result<Vec<Arrival>, InboxError> {
        let config = &self.shared.config;
        let mut entered = |_: &Path, _: usize| {};
        let mut go = || true;
        let found = Walk {
            root: self.root(),
            max_depth: config.max_depth,
            before_entering: &mut entered,
            keep_going: &mut go,
        }
        .run(self.root(), 0)
        .map_err(|e| InboxError::io("list the inbox", self.root(), e))?;
        self.prune_holds();

        let mut arrivals = Vec::new();
        let mut settling = Vec::new();
        for found in found {
            if self.is_held(&found.path) {
                continue;
            }
            match self.refusal_on_sight(&found) {
                Some(arrival) => arrivals.extend(arrival),
                None => settling.push(found),
            }
        }
        if !settling.is_empty() {
            std::thread::sleep(config.scan_settle);
        }
        for found in settling {
            let outcome =
                self.take_claimed(&found.path, &found.relative, &found.sig, FoundBy::Scan);
            if let Outcome::Arrival(arrival) = outcome {
                arrivals.push(arrival);
            }
        }
        Ok(arrivals)
    }

    /// Move a handed-over file to `Archive/<day>/<path below the inbox>` (a `-1`, `-2`… suffix
    /// on collision) and release it. `day` is the caller's (local) date: no clock is read here.
    ///
    /// If the file changed since it was handed over, it is not moved: it is released (so it is
    /// offered again) and [`InboxError::ChangedSinceHandOver`] returned.
    pub fn archive(&self, path: &Path, day: jiff::civil::Date) -> Result<PathBuf, InboxError> {
        let (path, relative) = self.resolve(path)?;
        let held = self.holds().get(&path).copied();
        if let Some(held) = held {
            match readiness::observe(&path) {
                Ok(Some(now)) if now == held => {}
                Ok(Some(_)) => {
                    self.release(&path);
                    return Err(InboxError::ChangedSinceHandOver(path));
                }
                Ok(None) => {
                    self.release(&path);
                    return Err(InboxError::Vanished(path));
                }
                Err(e) => return Err(InboxError::io("check", &path, e)),
            }
        }
        let moved = shelf::archive(self.root(), &path, &relative, day);
        if matches!(moved, Ok(_) | Err(InboxError::Vanished(_))) {
            self.release(&path);
        }
        moved
    }

    /// Move an entry to `Quarantine/<path below the inbox>` with `<name>.reason.txt` beside it
    /// (code, message, time, original path; written via a temp file and a rename) and release
    /// it. `code` is machine-readable: 1–64 of `A-Z`, `0-9`, `_` (e.g.
    /// [`RefusalCode::as_str`], or a parser's own code). Special files are moved as directory
    /// entries: a symlink, FIFO or socket is never opened.
    pub fn quarantine(
        &self,
        path: &Path,
        code: &str,
        message: &str,
        at: jiff::Timestamp,
    ) -> Result<PathBuf, InboxError> {
        let (path, relative) = self.resolve(path)?;
        let moved = shelf::quarantine(self.root(), &path, &relative, code, message, at);
        if matches!(moved, Ok(_) | Err(InboxError::Vanished(_))) {
            self.release(&path);
        }
        moved
    }

    /// Let the inbox offer `path` again (at the next scan or event), e.g. after an import
    /// failed for a reason that may pass. Returns whether it was held.
    pub fn release(&self, path: &Path) -> bool {
        let path = match self.resolve(path) {
            Ok((path, _)) => path,
            Err(_) => path.to_path_buf(),
        };
        self.holds().remove(&path).is_some()
    }

    /// How many paths are handed over and not yet archived, quarantined or released.
    pub fn held_count(&self) -> usize {
        self.holds().len()
    }

    /// Whether `path` is handed over and not yet settled by the caller.
    pub fn is_held(&self, path: &Path) -> bool {
        self.holds().contains_key(path)
    }

    // A poisoned lock only means another thread panicked mid-insert; the map is still usable.
    fn holds(&self) -> MutexGuard<'_, HashMap<PathBuf, Signature>> {
        self.shared
            .held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The absolute path and the path below the inbox, if `path` may be moved.
    fn resolve(&self, path: &Path) -> Result<(PathBuf, PathBuf), InboxError> {
        let relative = names::relative_in_inbox(self.root(), path)
            .ok_or_else(|| InboxError::OutsideInbox(path.to_path_buf()))?;
        Ok((self.root().join(&relative), relative))
    }

    /// Hold `path` unless it is held already (an event and a scan racing).
    pub(crate) fn claim(&self, path: &Path, sig: Signature) -> bool {
        let mut held = self.holds();
        if held.contains_key(path) {
            return false;
        }
        held.insert(path.to_path_buf(), sig);
        true
    }

    pub(crate) fn unclaim(&self, path: &Path) {
        self.holds().remove(path);
    }

    /// Forget holds on entries that are gone (deleted by someone else), so the set cannot grow
    /// without bound.
    pub(crate) fn prune_holds(&self) {
        let paths: Vec<PathBuf> = self.holds().keys().cloned().collect();
        let gone: Vec<PathBuf> = paths
            .into_iter()
            .filter(|p| matches!(readiness::observe(p), Ok(None)))
            .collect();
        if !gone.is_empty() {
            let mut held = self.holds();
            for path in gone {
                held.remove(&path);
            }
        }
    }

    pub(crate) fn limits(&self) -> Limits {
        Limits {
            max_size: self.shared.config.max_size,
            refuse_hardlinks: self.shared.config.refuse_hardlinks,
        }
    }

    /// Entries refused as soon as they are seen (no settle: they never complete): special
    /// files and folders too deep to enter. `Some(None)` means refused but held already.
    pub(crate) fn refusal_on_sight(&self, found: &Found) -> Option<Option<Arrival>> {
        let (reason, message) = if found.is_folder() {
            (
                RefusalCode::TooDeep,
                format!(
                    "a folder more than {} levels below the inbox",
                    self.shared.config.max_depth
                ),
            )
        } else {
            let (code, message) = found.sig.kind.refusal()?;
            (code, message.to_owned())
        };
        if !self.claim(&found.path, found.sig) {
            return Some(None);
        }
        Some(Some(Arrival::Refused {
            path: found.path.clone(),
            reason,
            message,
        }))
    }

    /// Claim and take a settled entry. A refused or ready entry stays held; one that changed
    /// or vanished is not.
    pub(crate) fn take_claimed(
        &self,
        path: &Path,
        relative: &Path,
        sig: &Signature,
        found_by: FoundBy,
    ) -> Outcome {
        if !self.claim(path, *sig) {
            return Outcome::HeldAlready;
        }
        match readiness::take(path, relative, sig, self.limits(), found_by) {
            Taken::Ready(file) => Outcome::Arrival(Arrival::Ready(file)),
            Taken::Refused(reason, message) => Outcome::Arrival(Arrival::Refused {
                path: path.to_path_buf(),
                reason,
                message,
            }),
            Taken::Unstable(now) => {
                self.unclaim(path);
                Outcome::Unstable(now)
            }
            Taken::Vanished => {
                self.unclaim(path);
                Outcome::Vanished
            }
        }
    }
}

/// What came of taking a settled entry.
pub(crate) enum Outcome {
    /// Handed over (held).
    Arrival(Arrival),
    /// Changed since the last observation: settle again from `now`.
    Unstable(Signature),
    Vanished,
    /// Someone else (another scan) holds it.
    HeldAlready,
}
