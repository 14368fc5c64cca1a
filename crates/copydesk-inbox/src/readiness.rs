//! Is a file complete, and what is it? Observations are compared with each other, never with
//! the clock, so skewed or future mtimes do not matter.

use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::arrival::{FoundBy, ReadyFile, RefusalCode};

/// What an entry is, from `symlink_metadata` (links are never followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    File,
    Folder,
    Symlink,
    Fifo,
    Socket,
    Device,
    Other,
}

impl EntryKind {
    pub(crate) fn of(file_type: fs::FileType) -> EntryKind {
        if file_type.is_symlink() {
            return EntryKind::Symlink;
        }
        if file_type.is_file() {
            return EntryKind::File;
        }
        if file_type.is_dir() {
            return EntryKind::Folder;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return EntryKind::Fifo;
            }
            if file_type.is_socket() {
                return EntryKind::Socket;
            }
            if file_type.is_block_device() || file_type.is_char_device() {
                return EntryKind::Device;
            }
        }
        EntryKind::Other
    }

    /// The refusal for entries that are never opened; `None` for regular files and folders.
    pub(crate) fn refusal(self) -> Option<(RefusalCode, &'static str)> {
        match self {
            EntryKind::File | EntryKind::Folder => None,
            EntryKind::Symlink => Some((
                RefusalCode::Symlink,
                "a symbolic link: links are never followed",
            )),
            EntryKind::Fifo => Some((
                RefusalCode::Fifo,
                "a named pipe (FIFO): never opened, a read could block forever",
            )),
            EntryKind::Socket => Some((RefusalCode::Socket, "a socket, not a file")),
            EntryKind::Device => Some((RefusalCode::Device, "a device node, not a file")),
            EntryKind::Other => Some((RefusalCode::NotRegularFile, "not a regular file")),
        }
    }
}

/// One observation of an entry. Two equal observations `settle` apart mean "stable".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Signature {
    pub kind: EntryKind,
    pub len: u64,
    pub modified: Option<SystemTime>,
    /// (device, inode): a file replaced under the same name is a different file.
    pub identity: Option<(u64, u64)>,
    pub links: u64,
}

impl Signature {
    pub(crate) fn of(meta: &Metadata) -> Signature {
        #[cfg(unix)]
        let (identity, links) = {
            use std::os::unix::fs::MetadataExt;
            (Some((meta.dev(), meta.ino())), meta.nlink())
        };
        #[cfg(not(unix))]
        let (identity, links) = (None, 1);
        Signature {
            kind: EntryKind::of(meta.file_type()),
            len: meta.len(),
            modified: meta.modified().ok(),
            identity,
            links,
        }
    }
}

/// `symlink_metadata` of `path`; `Ok(None)` when it is gone.
pub(crate) fn observe(path: &Path) -> io::Result<Option<Signature>> {
    match fs::symlink_metadata(path) {
        Ok(meta) => Ok(Some(Signature::of(&meta))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Limits applied when taking a file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub max_size: u64,
    pub refuse_hardlinks: bool,
}

/// The outcome of trying to take a settled entry.
#[derive(Debug)]
pub(crate) enum Taken {
    Ready(ReadyFile),
    Refused(RefusalCode, String),
    /// It changed since `expected`: settle again from this observation.
    Unstable(Signature),
    /// Deleted (or renamed away) before it could be read: not an error.
    Vanished,
}

/// Take the entry at `path` if it still matches `expected` (the observation one settle window
/// ago): refuse it without reading, or read it once, hash it and check it did not change while
/// being read.
pub(crate) fn take(
    path: &Path,
    relative: &Path,
    expected: &Signature,
    limits: Limits,
    found_by: FoundBy,
) -> Taken {
    let now = match observe(path) {
        Ok(Some(now)) => now,
        Ok(None) => return Taken::Vanished,
        Err(e) => return Taken::Refused(RefusalCode::Unreadable, format!("cannot stat: {e}")),
    };
    if now != *expected {
        return Taken::Unstable(now);
    }
    if let Some((code, message)) = now.kind.refusal() {
        return Taken::Refused(code, message.to_owned());
    }
    if now.kind == EntryKind::Folder {
        // Folders are walked, not taken; a caller asking is a bug upstream, so refuse loudly.
        return Taken::Refused(RefusalCode::NotRegularFile, "a folder".to_owned());
    }
    if now.len > limits.max_size {
        return too_large(now.len, limits.max_size);
    }
    if now.len == 0 {
        return Taken::Refused(RefusalCode::Empty, "0 bytes after the settle window".into());
    }
    if limits.refuse_hardlinks && now.links > 1 {
        return Taken::Refused(
            RefusalCode::Hardlink,
            format!("{} hard links: the content may belong elsewhere", now.links),
        );
    }
    let mut file = match open_no_follow(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Taken::Vanished,
        Err(e) => return open_failure(path, e, now),
    };
    // What was opened must be what was observed: a symlink or FIFO swapped in after the stat
    // is caught here (O_NOFOLLOW fails on a link; O_NONBLOCK keeps a FIFO from blocking).
    match file.metadata() {
        Ok(meta) if Signature::of(&meta) == now => {}
        Ok(meta) => return Taken::Unstable(Signature::of(&meta)),
        Err(e) => return Taken::Refused(RefusalCode::Unreadable, format!("cannot fstat: {e}")),
    }
    // Read at most one byte past the cap, in case the file grew after the stat.
    let mut bytes = Vec::with_capacity(usize::try_from(now.len).unwrap_or(0));
    if let Err(e) = (&mut file)
        .take(limits.max_size.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        return Taken::Refused(RefusalCode::Unreadable, format!("read failed: {e}"));
    }
    let read = bytes.len() as u64;
    if read > limits.max_size {
        return too_large(read, limits.max_size);
    }
    match file.metadata() {
        Ok(meta) => {
            let after = Signature::of(&meta);
            if after != now || read != now.len {
                return Taken::Unstable(after);
            }
        }
        Err(e) => return Taken::Refused(RefusalCode::Unreadable, format!("cannot fstat: {e}")),
    }
    let sha256: [u8; 32] = Sha256::digest(&bytes).into();
    Taken::Ready(ReadyFile {
        path: path.to_path_buf(),
        relative: PathBuf::from(relative),
        size: read,
        modified: now.modified.and_then(|t| jiff::Timestamp::try_from(t).ok()),
        bytes,
        sha256,
        found_by,
    })
}

fn too_large(len: u64, max: u64) -> Taken {
    Taken::Refused(
        RefusalCode::TooLarge,
        format!("{len} bytes, over the {max}-byte cap"),
    )
}

fn open_failure(path: &Path, e: io::Error, observed: Signature) -> Taken {
    // Windows: another process has it open without sharing (ERROR_SHARING_VIOLATION,
    // ERROR_LOCK_VIOLATION): the writer still owns it, so settle again rather than refuse.
    #[cfg(windows)]
    if matches!(e.raw_os_error(), Some(32 | 33)) {
        return Taken::Unstable(observed);
    }
    #[cfg(not(windows))]
    let _ = observed;
    // O_NOFOLLOW on a symlink fails with ELOOP: a link was swapped in after the stat.
    #[cfg(unix)]
    if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
        return Taken::Refused(
            RefusalCode::Symlink,
            "a symbolic link: links are never followed".into(),
        );
    }
    tracing::debug!(path = %path.display(), error = %e, "inbox: cannot open");
    Taken::Refused(RefusalCode::Unreadable, format!("cannot open: {e}"))
}

fn open_no_follow(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        // The bit patterns are small positive flags; the cast only changes the type.
        let flags = (OFlags::NOFOLLOW | OFlags::NONBLOCK).bits();
        options.custom_flags(flags as i32);
    }
    options.open(path)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn limits(max_size: u64) -> Limits {
        Limits {
            max_size,
            refuse_hardlinks: true,
        }
    }

    fn settle_and_take(path: &Path, max: u64) -> Taken {
        let sig = match observe(path) {
            Ok(Some(sig)) => sig,
            other => panic!("cannot observe {path:?}: {other:?}"),
        };
        take(path, Path::new("x"), &sig, limits(max), FoundBy::Scan)
    }

    #[test]
    fn reads_and_hashes_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xml");
        fs::write(&path, b"abc").unwrap();
        match settle_and_take(&path, 1024) {
            Taken::Ready(file) => {
                assert_eq!(file.bytes, b"abc");
                assert_eq!(
                    file.sha256_hex(),
                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
                );
                assert_eq!(file.size, 3);
            }
            other => panic!("expected ready, got {other:?}"),
        }
    }

    #[test]
    fn a_changed_file_is_unstable_and_a_deleted_one_vanished() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xml");
        fs::write(&path, b"abc").unwrap();
        let sig = observe(&path).unwrap().unwrap();
        fs::write(&path, b"abcdef").unwrap();
        let got = take(
            &path,
            Path::new("a.xml"),
            &sig,
            limits(1024),
            FoundBy::Event,
        );
        assert!(matches!(got, Taken::Unstable(s) if s.len == 6), "{got:?}");
        fs::remove_file(&path).unwrap();
        let got = take(
            &path,
            Path::new("a.xml"),
            &sig,
            limits(1024),
            FoundBy::Event,
        );
        assert!(matches!(got, Taken::Vanished), "{got:?}");
    }

    #[test]
    fn oversize_is_refused_from_the_stat() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.xml");
        // Sparse: 64 GiB on paper. Reading it would take minutes, so a quick refusal shows
        // the size came from the stat.
        let file = File::create(&path).unwrap();
        file.set_len(64 << 30).unwrap();
        drop(file);
        let started = std::time::Instant::now();
        match settle_and_take(&path, 1024) {
            Taken::Refused(RefusalCode::TooLarge, message) => assert!(message.contains("cap")),
            other => panic!("expected too large, got {other:?}"),
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_swapped_in_after_the_stat_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("secret");
        fs::write(&target, b"secret").unwrap();
        let path = dir.path().join("a.xml");
        fs::write(&path, b"public").unwrap();
        let sig = observe(&path).unwrap().unwrap();
        fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&target, &path).unwrap();
        // The kind differs from the stat, so this is unstable, not read.
        let got = take(
            &path,
            Path::new("a.xml"),
            &sig,
            limits(1024),
            FoundBy::Event,
        );
        assert!(matches!(got, Taken::Unstable(s) if s.kind == EntryKind::Symlink));
        // And opening it directly never follows it.
        let err = open_no_follow(&path).unwrap_err();
        assert!(matches!(
            open_failure(&path, err, sig),
            Taken::Refused(RefusalCode::Symlink, _)
        ));
    }

    #[test]
    fn empty_files_and_hard_links_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.xml");
        fs::write(&empty, b"").unwrap();
        assert!(matches!(
            settle_and_take(&empty, 1024),
            Taken::Refused(RefusalCode::Empty, _)
        ));
        let original = dir.path().join("original");
        fs::write(&original, b"private").unwrap();
        let link = dir.path().join("link.xml");
        fs::hard_link(&original, &link).unwrap();
        assert!(matches!(
            settle_and_take(&link, 1024),
            Taken::Refused(RefusalCode::Hardlink, _)
        ));
    }
}
