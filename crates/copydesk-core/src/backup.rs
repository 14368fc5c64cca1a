//! Backups a desk can count on: snapshots of the desk database taken with SQLite's online
//! backup API while the desk is open (one step, inside one read transaction, so a snapshot is
//! the database as of one commit, never half of a save), into the backup folder (chosen in
//! Settings; a `Backups` folder in the data folder by default), the newest [`KEEP`] kept.
//!
//! A snapshot is written under a temporary name, checked (`PRAGMA integrity_check`), synced and
//! only then renamed into place, so the folder never holds a half-written snapshot under a
//! snapshot's name. [`restore`] puts one back while no desk is open: the current database is
//! kept aside first. An open desk holds a shared lock on `copydesk.sqlite3.lock` beside the
//! database ([`InUse`]); restore takes it exclusively, so it refuses while the app or a CLI
//! command has the desk open.
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::store::settings;
use crate::DataDir;
use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// How many snapshots the backup folder keeps (the oldest beyond this are deleted).
pub const KEEP: usize = 10;

/// How often the app takes a snapshot while it runs (and once more when it quits).
pub const EVERY: Duration = Duration::from_secs(4 * 60 * 60);

const FOLDER_KEY: &str = "backup_folder";
const PREFIX: &str = "copydesk-";
const SUFFIX: &str = ".sqlite3";

/// One snapshot in the backup folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Snapshot {
    pub path: String,
    /// When it was taken (from its name).
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub taken_at: Timestamp,
    pub bytes: u64,
}

/// Where the backups go and whether that is the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupFolder {
    pub path: String,
    /// False when chosen in Settings (or by `copydesk backup --set-folder`).
    pub is_default: bool,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Restored {
    /// The snapshot now in use.
    pub restored: String,
    /// Where the database it replaced was kept (None if there was none).
    pub kept_aside: Option<String>,
}

impl Desk {
    /// The folder snapshots go to: the one chosen, else `Backups` in the data folder.
    pub fn backup_folder(&self) -> Result<BackupFolder> {
        let chosen = self.store().read(|c| settings::get(c, FOLDER_KEY))?;
        Ok(match chosen {
            Some(path) => BackupFolder {
                path,
                is_default: false,
            },
            None => BackupFolder {
                path: default_folder(&self.config().data_dir)
                    .display()
                    .to_string(),
                is_default: true,
            },
        })
    }

    /// Chooses the backup folder (`None`: back to the default). It must be an absolute path,
    /// and not the data folder itself; it is created if missing.
    pub fn set_backup_folder(&self, folder: Option<&Path>) -> Result<BackupFolder> {
        if let Some(folder) = folder {
            if !folder.is_absolute() {
                return Err(Error::Invalid(format!(
                    "the backup folder must be an absolute path, not {}",
                    folder.display()
                )));
            }
            if folder == self.config().data_dir.path() {
                return Err(Error::Invalid(
                    "the backup folder cannot be the data folder itself".into(),
                ));
            }
            std::fs::create_dir_all(folder)
                .map_err(|e| Error::io(format!("cannot create {}", folder.display()), e))?;
        }
        let value = folder.map(|f| f.display().to_string());
        self.store()
            .write(|tx| settings::put(tx, FOLDER_KEY, value.as_deref()))?;
        self.backup_folder()
    }

    /// Takes a snapshot now, into the backup folder (which then keeps its newest [`KEEP`]),
    /// or into `to` (nothing there is deleted). Consistent while saves go on: the snapshot
    /// holds every save committed before it began, and nothing of a save that was not.
    pub fn back_up(&self, to: Option<&Path>) -> Result<Snapshot> {
        let database = self.config().data_dir.database();
        if let Some(folder) = to {
            return take(&database, folder, self.now());
        }
        let folder = PathBuf::from(self.backup_folder()?.path);
        let snapshot = take(&database, &folder, self.now())?;
        prune(&folder, KEEP)?;
        Ok(snapshot)
    }

    /// Takes a snapshot after every `every` of use (time the desk is open, not counting a
    /// suspend), looking every `tick`, until the handle is dropped. The app starts it with
    /// [`EVERY`] and takes one more snapshot when it quits.
    pub fn start_backups(self: &Arc<Self>, every: Duration, tick: Duration) -> BackupTimer {
        let (stop, stopped) = mpsc::channel::<()>();
        let desk = Arc::downgrade(self);
        let thread = std::thread::Builder::new()
            .name("copydesk-backups".into())
            .spawn(move || {
                let mut since = Instant::now();
                while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(tick) {
                    if since.elapsed() < every {
                        continue;
                    }
                    let Some(desk) = desk.upgrade() else { break };
                    match desk.back_up(None) {
                        Ok(_) => since = Instant::now(),
                        // Tried again at the next tick; the log says why.
                        Err(e) => tracing::error!("backup: no snapshot taken: {e}"),
                    }
                }
            })
            .map_err(|e| tracing::error!("backup: cannot start the timer: {e}"))
            .ok();
        BackupTimer {
            stop: Some(stop),
            thread,
        }
    }

    /// The snapshots in the backup folder, newest first.
    pub fn list_backups(&self) -> Result<Vec<Snapshot>> {
        list(Path::new(&self.backup_folder()?.path))
    }
}

/// The running backup timer ([`Desk::start_backups`]); dropping it stops it.
#[derive(Debug)]
pub struct BackupTimer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for BackupTimer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// `Backups` in the data folder.
pub fn default_folder(data_dir: &DataDir) -> PathBuf {
    data_dir.path().join("Backups")
}

/// Copies the database at `database` into a new snapshot in `folder`.
fn take(database: &Path, folder: &Path, now: Timestamp) -> Result<Snapshot> {
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::io(format!("cannot create {}", folder.display()), e))?;
    let name = snapshot_name(folder, now);
    let path = folder.join(&name);
    let part = folder.join(format!(".{name}.part"));
    let result = copy_into(database, &part).and_then(|()| {
        std::fs::rename(&part, &path)
            .map_err(|e| Error::io(format!("cannot rename {}", part.display()), e))?;
        sync_folder(folder);
        Ok(())
    });
    if let Err(e) = result {
        let _ = std::fs::remove_file(&part);
        return Err(e);
    }
    let bytes = std::fs::metadata(&path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?
        .len();
    tracing::info!("backup: took {} ({bytes} bytes)", path.display());
    Ok(Snapshot {
        path: path.display().to_string(),
        taken_at: now,
        bytes,
    })
}

/// The online backup, in one step (one read transaction on the source, so the copy is one
/// commit's database even while the writer goes on), then a check and an fsync.
fn copy_into(database: &Path, part: &Path) -> Result<()> {
    let source = Connection::open_with_flags(
        database,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    source.busy_timeout(Duration::from_secs(5))?;
    let mut target = Connection::open(part)?;
    {
        let backup = rusqlite::backup::Backup::new(&source, &mut target)?;
        let mut tries = 0;
        loop {
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                // -1 copies every page in one step; More cannot come, but is not an error.
                rusqlite::backup::StepResult::More => {}
                _ => {
                    tries += 1;
                    if tries > 100 {
                        return Err(Error::Internal(
                            "the database stayed busy for 10 s; no backup was taken".into(),
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
    }
    // A snapshot is one self-contained file: no WAL beside it.
    let mode: String = target.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::Internal(format!(
            "the snapshot stayed in {mode} mode"
        )));
    }
    integrity_check(&target, part)?;
    drop(target);
    File::open(part)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(format!("cannot sync {}", part.display()), e))?;
    Ok(())
}

/// `PRAGMA integrity_check` says "ok", or the snapshot is refused with what it found.
pub fn integrity_check(conn: &Connection, path: &Path) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let found: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if found == ["ok"] {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "{} fails SQLite's integrity check: {}",
            path.display(),
            found.join("; ")
        )))
    }
}

/// `copydesk-2026-12-02T18-40-12.345Z.sqlite3`: sorts by time; a second snapshot in the same
/// millisecond gets `-2`, `-3`…
fn snapshot_name(folder: &Path, now: Timestamp) -> String {
    let stamp = now.strftime("%Y-%m-%dT%H-%M-%S%.3fZ").to_string();
    let mut name = format!("{PREFIX}{stamp}{SUFFIX}");
    let mut n = 2;
    while folder.join(&name).exists() {
        name = format!("{PREFIX}{stamp}-{n}{SUFFIX}");
        n += 1;
    }
    name
}

/// The time in a snapshot's name, and its number within that millisecond (1 for none).
fn parse_name(name: &str) -> Option<(Timestamp, u32)> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (time_part, n) = match stamp.get(24..) {
        Some("") => (stamp, 1),
        Some(rest) => (stamp.get(..24)?, rest.strip_prefix('-')?.parse().ok()?),
        None => return None,
    };
    let (date, time) = time_part.split_once('T')?; // 2026-12-02T18-40-12.345Z
    let time = time.replacen('-', ":", 2);
    Some((format!("{date}T{time}").parse().ok()?, n))
}

/// The snapshots in `folder`, newest first (none if the folder does not exist).
pub fn list(folder: &Path) -> Result<Vec<Snapshot>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("cannot list {}", folder.display()), e)),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some((taken_at, n)) = parse_name(&name) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        out.push((
            (taken_at, n),
            Snapshot {
                path: entry.path().display().to_string(),
                taken_at,
                bytes: meta.len(),
            },
        ));
    }
    out.sort_by_key(|(key, _)| std::cmp::Reverse(*key));
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// Deletes the oldest snapshots beyond `keep` (only files named as snapshots).
fn prune(folder: &Path, keep: usize) -> Result<()> {
    for old in list(folder)?.into_iter().skip(keep) {
        if let Err(e) = std::fs::remove_file(&old.path) {
            tracing::warn!(
                "backup: could not delete the old snapshot {}: {e}",
                old.path
            );
        }
    }
    Ok(())
}

fn sync_folder(folder: &Path) {
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// Held by an open desk: a shared lock on `copydesk.sqlite3.lock`. [`restore`] takes it
/// exclusively, so it cannot replace the database under a running app or CLI command.
#[derive(Debug)]
pub struct InUse(#[allow(dead_code)] File);

impl InUse {
    pub(crate) fn take(data_dir: &DataDir) -> Result<InUse> {
        let file = open_lock(data_dir)?;
        match file.try_lock_shared() {
            Ok(()) => Ok(InUse(file)),
            Err(TryLockError::WouldBlock) => Err(Error::Invalid(
                "the desk is being restored from a backup; try again in a moment".into(),
            )),
            Err(TryLockError::Error(e)) => Err(Error::io("cannot lock the desk".to_string(), e)),
        }
    }
}

fn open_lock(data_dir: &DataDir) -> Result<File> {
    let path = data_dir.path().join("copydesk.sqlite3.lock");
    File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(format!("cannot open {}", path.display()), e))
}

/// Makes `snapshot` the desk database of `data_dir`. Refused while a desk is open on it (the
/// app, or a CLI command), and if the snapshot fails SQLite's integrity check. The database it
/// replaces (with its WAL) is first renamed to `copydesk.sqlite3.before-restore-<time>`, never
/// deleted.
pub fn restore(data_dir: &DataDir, snapshot: &Path, now: Timestamp) -> Result<Restored> {
    std::fs::create_dir_all(data_dir.path())
        .map_err(|e| Error::io(format!("cannot create {}", data_dir.path().display()), e))?;
    let lock = open_lock(data_dir)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            return Err(Error::Invalid(
                "the desk is open (the app or another copydesk command): quit it before restoring"
                    .into(),
            ))
        }
        Err(TryLockError::Error(e)) => {
            return Err(Error::io("cannot lock the desk".to_string(), e))
        }
    }
    if !snapshot.is_file() {
        return Err(Error::NotFound(format!(
            "the snapshot {}",
            snapshot.display()
        )));
    }
    // Check a copy, not the snapshot itself: opening it must not change it.
    let database = data_dir.database();
    let incoming = database.with_extension("sqlite3.restoring");
    std::fs::copy(snapshot, &incoming)
        .map_err(|e| Error::io(format!("cannot copy {}", snapshot.display()), e))?;
    let checked = Connection::open_with_flags(&incoming, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(Error::from)
        .and_then(|c| {
            integrity_check(&c, snapshot)?;
            let tables: i64 = c.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'articles'",
                [],
                |r| r.get(0),
            )?;
            if tables == 0 {
                return Err(Error::Invalid(format!(
                    "{} is an SQLite database but not a Copydesk desk",
                    snapshot.display()
                )));
            }
            Ok(())
        });
    if let Err(e) = checked {
        let _ = std::fs::remove_file(&incoming);
        return Err(e);
    }
    File::open(&incoming)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(format!("cannot sync {}", incoming.display()), e))?;
    let kept_aside = if database.exists() {
        let stamp = now.strftime("%Y-%m-%dT%H-%M-%SZ").to_string();
        let aside = database.with_extension(format!("sqlite3.before-restore-{stamp}"));
        for (from, suffix) in [
            (&database, ""),
            (&wal(&database), "-wal"),
            (&shm(&database), "-shm"),
        ] {
            if from.exists() {
                let to = PathBuf::from(format!("{}{suffix}", aside.display()));
                std::fs::rename(from, &to)
                    .map_err(|e| Error::io(format!("cannot move {} aside", from.display()), e))?;
            }
        }
        Some(aside.display().to_string())
    } else {
        None
    };
    std::fs::rename(&incoming, &database)
        .map_err(|e| Error::io(format!("cannot put {} in place", database.display()), e))?;
    sync_folder(data_dir.path());
    drop(lock);
    Ok(Restored {
        restored: snapshot.display().to_string(),
        kept_aside,
    })
}

fn wal(database: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", database.display()))
}

fn shm(database: &Path) -> PathBuf {
    PathBuf::from(format!("{}-shm", database.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_time_and_parse_back() {
        let t: Timestamp = "2026-12-02T18:40:12.345Z".parse().expect("ts");
        let dir = tempfile::tempdir().expect("tempdir");
        let name = snapshot_name(dir.path(), t);
        assert_eq!(name, "copydesk-2026-12-02T18-40-12.345Z.sqlite3");
        assert_eq!(parse_name(&name), Some((t, 1)));
        std::fs::write(dir.path().join(&name), b"").expect("write");
        let second = snapshot_name(dir.path(), t);
        assert_eq!(second, "copydesk-2026-12-02T18-40-12.345Z-2.sqlite3");
        assert_eq!(parse_name(&second), Some((t, 2)));
        std::fs::write(dir.path().join(&second), b"").expect("write");
        for _ in 3..=10 {
            std::fs::write(dir.path().join(snapshot_name(dir.path(), t)), b"").expect("write");
        }
        let listed = list(dir.path()).expect("list");
        assert_eq!(listed.len(), 10);
        assert!(listed[0].path.ends_with("345Z-10.sqlite3"), "{listed:?}");
        assert!(listed[9].path.ends_with("345Z.sqlite3"), "{listed:?}");
        prune(dir.path(), 3).expect("prune");
        assert_eq!(list(dir.path()).expect("list").len(), 3);
        assert_eq!(parse_name("notes.sqlite3"), None);
    }
}
