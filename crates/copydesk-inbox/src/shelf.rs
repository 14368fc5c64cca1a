//! Moving handed-over entries out of the inbox: to `Archive/<date>/` or to `Quarantine/`.
//! Every move is a rename within the inbox's volume that never replaces an existing name.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::InboxError;
use crate::names::{ARCHIVE_DIR, QUARANTINE_DIR, REASON_SUFFIX};

/// Most filesystems cap a name at 255 bytes.
const NAME_MAX: usize = 255;
/// Suffixes tried before giving up on a name.
const MAX_SUFFIX: u32 = 100_000;

/// Move `src` (at `relative` below `root`) to `root/Archive/<day>/<relative>`.
pub(crate) fn archive(
    root: &Path,
    src: &Path,
    relative: &Path,
    day: jiff::civil::Date,
) -> Result<PathBuf, InboxError> {
    let mut folders = vec![OsString::from(ARCHIVE_DIR), OsString::from(day.to_string())];
    folders.extend(parent_components(relative));
    let folder = real_folder_chain(root, &folders)?;
    place(src, &folder, file_name(relative)?, 0, |_| true)
}

/// Move `src` to `root/Quarantine/<relative>` and write `<name>.reason.txt` beside it. The
/// reason file is written after the move; if that fails the error is logged and the
/// quarantined path still returned, since the file has moved and the caller's ledger holds the
/// reason too.
pub(crate) fn quarantine(
    root: &Path,
    src: &Path,
    relative: &Path,
    code: &str,
    message: &str,
    at: jiff::Timestamp,
) -> Result<PathBuf, InboxError> {
    check_code(code)?;
    let mut folders = vec![OsString::from(QUARANTINE_DIR)];
    folders.extend(parent_components(relative));
    let folder = real_folder_chain(root, &folders)?;
    // Keep room for the reason suffix, and take only names whose reason file is free too.
    let placed = place(
        src,
        &folder,
        file_name(relative)?,
        REASON_SUFFIX.len(),
        |name| {
            let mut reason = name.to_os_string();
            reason.push(REASON_SUFFIX);
            fs::symlink_metadata(folder.join(reason)).is_err()
        },
    )?;
    let text = reason_text(code, message, at, relative);
    if let Err(e) = write_reason(&folder, &placed, &text) {
        tracing::error!(path = %placed.display(), error = %e, "inbox: reason file not written");
    }
    Ok(placed)
}

fn check_code(code: &str) -> Result<(), InboxError> {
    let ok = (1..=64).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(InboxError::BadReasonCode(code.to_owned()))
    }
}

fn file_name(relative: &Path) -> Result<&OsStr, InboxError> {
    relative
        .file_name()
        .ok_or_else(|| InboxError::OutsideInbox(relative.to_path_buf()))
}

fn parent_components(relative: &Path) -> Vec<OsString> {
    relative
        .parent()
        .map(|parent| {
            parent
                .components()
                .map(|c| c.as_os_str().to_os_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Create `root/a/b/c` one level at a time, insisting that each level is a real folder: a
/// symlink planted as `Archive` (or deeper) must not redirect the moves.
fn real_folder_chain(root: &Path, folders: &[OsString]) -> Result<PathBuf, InboxError> {
    let mut folder = root.to_path_buf();
    for name in folders {
        folder.push(name);
        match fs::create_dir(&folder) {
            Ok(()) => continue,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(InboxError::io("create folder", &folder, e)),
        }
        match fs::symlink_metadata(&folder) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(InboxError::NotARealFolder(folder)),
            Err(e) => return Err(InboxError::io("check folder", &folder, e)),
        }
    }
    Ok(folder)
}

/// Move `src` into `folder` under `name`, or `name` with a `-1`, `-2`… suffix, never replacing
/// anything. `reserve` bytes are kept free in the name; `also_free` can veto a name.
fn place(
    src: &Path,
    folder: &Path,
    name: &OsStr,
    reserve: usize,
    also_free: impl Fn(&OsStr) -> bool,
) -> Result<PathBuf, InboxError> {
    for n in 0..MAX_SUFFIX {
        let candidate = numbered(name, n, NAME_MAX.saturating_sub(reserve));
        if !also_free(&candidate) {
            continue;
        }
        let dst = folder.join(&candidate);
        match move_no_clobber(src, &dst) {
            Ok(()) => return Ok(dst),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) if e.kind() == io::ErrorKind::NotFound && fs::symlink_metadata(src).is_err() => {
                return Err(InboxError::Vanished(src.to_path_buf()))
            }
            Err(e) => return Err(InboxError::io("move", src, e)),
        }
    }
    Err(InboxError::NoFreeName {
        folder: folder.to_path_buf(),
        name: name.to_string_lossy().into_owned(),
    })
}

/// `story.xml` → `story.xml`, `story-1.xml`, `story-2.xml`…, shortened to `max` bytes.
fn numbered(name: &OsStr, n: u32, max: usize) -> OsString {
    let path = Path::new(name);
    let (stem, ext) = match (path.file_stem(), path.extension()) {
        (Some(stem), Some(ext)) => (stem, Some(ext)),
        _ => (name, None),
    };
    let suffix = if n == 0 {
        String::new()
    } else {
        format!("-{n}")
    };
    let ext_len = ext.map_or(0, |e| e.len() + 1);
    let mut out = if stem.len() + suffix.len() + ext_len <= max {
        stem.to_os_string()
    } else {
        // Only an over-long name is rewritten (lossily, on a char boundary).
        let budget = max.saturating_sub(suffix.len() + ext_len).max(1);
        let lossy = stem.to_string_lossy();
        let mut cut = budget.min(lossy.len());
        while !lossy.is_char_boundary(cut) {
            cut -= 1;
        }
        OsString::from(&lossy[..cut])
    };
    out.push(suffix);
    if let Some(ext) = ext {
        if out.len() + 1 + ext.len() <= max {
            out.push(".");
            out.push(ext);
        }
    }
    out
}

/// A rename that fails with `AlreadyExists` instead of replacing `dst`.
fn move_no_clobber(src: &Path, dst: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, src, CWD, dst, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            // Filesystems without RENAME_NOREPLACE (some network and FUSE mounts).
            Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
            Err(e) => return Err(e.into()),
        }
    }
    // A hard link cannot replace an existing name. Only for regular files: a link to a
    // symlink would follow it on some systems, and folders cannot be linked.
    if fs::symlink_metadata(src)?.is_file() {
        match fs::hard_link(src, dst) {
            Ok(()) => {
                if let Err(e) = fs::remove_file(src) {
                    // Undo, so the entry is in one place only.
                    let _ = fs::remove_file(dst);
                    return Err(e);
                }
                return Ok(());
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(e),
            Err(_) => {}
        }
    }
    // Last resort (no hard links, e.g. FAT or a share): check, then rename. Only this crate
    // writes below Archive/ and Quarantine/, so the gap is not raced in practice.
    if fs::symlink_metadata(dst).is_ok() {
        return Err(io::ErrorKind::AlreadyExists.into());
    }
    fs::rename(src, dst)
}

fn reason_text(code: &str, message: &str, at: jiff::Timestamp, relative: &Path) -> String {
    format!(
        "code: {code}\nmessage: {}\ntime: {at}\noriginal: {}\n",
        one_line(message),
        one_line(&relative.to_string_lossy()),
    )
}

/// Escape what could forge a line or hide text: backslashes, control characters and the
/// zero-width and bidirectional formatting characters.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let hidden = matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}');
        if c == '\\' {
            out.push_str("\\\\");
        } else if c.is_control() || hidden {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Write the reason file beside `placed`, whole or not at all: a temp file (a hidden name),
/// synced, then renamed without replacing anything.
fn write_reason(folder: &Path, placed: &Path, text: &str) -> io::Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let temp = folder.join(format!(
        ".reason-{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = fs::File::create_new(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    let mut name = placed
        .file_name()
        .map(OsStr::to_os_string)
        .unwrap_or_default();
    name.push(REASON_SUFFIX);
    match place(&temp, folder, &name, 0, |_| true) {
        Ok(path) => Ok(path),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(io::Error::other(e.to_string()))
        }
    }
}

/// Copies `src` into the inbox folder `root` for the watcher to take in, as a file dropped
/// there would be: written under a hidden name the inbox ignores, synced, then renamed to its
/// own name (or `name-1`, `name-2`… — never replacing a file already waiting). The original
/// stays where it was. Returns the name it got in the inbox.
pub fn deliver(src: &Path, root: &Path) -> Result<PathBuf, InboxError> {
    let meta = fs::metadata(src).map_err(|e| InboxError::io("read", src, e))?;
    if !meta.is_file() {
        return Err(InboxError::io(
            "read",
            src,
            io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"),
        ));
    }
    let name = src
        .file_name()
        .filter(|n| !crate::names::is_ignored_name(n))
        .map(OsStr::to_os_string)
        .unwrap_or_else(|| OsString::from("wire-copy"));
    fs::create_dir_all(root).map_err(|e| InboxError::io("create", root, e))?;
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let hidden = root.join(format!(
        ".in.{}.{}.part",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let copied = (|| -> io::Result<()> {
        let mut from = fs::File::open(src)?;
        let mut to = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&hidden)?;
        io::copy(&mut from, &mut to)?;
        to.flush()?;
        to.sync_all()
    })();
    if let Err(e) = copied {
        let _ = fs::remove_file(&hidden);
        return Err(InboxError::io("copy", src, e));
    }
    place(&hidden, root, &name, 0, |_| true).inspect_err(|_| {
        let _ = fs::remove_file(&hidden);
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names_keep_the_extension_and_fit() {
        assert_eq!(numbered(OsStr::new("story.xml"), 0, 255), "story.xml");
        assert_eq!(numbered(OsStr::new("story.xml"), 2, 255), "story-2.xml");
        assert_eq!(numbered(OsStr::new("story"), 1, 255), "story-1");
        assert_eq!(numbered(OsStr::new("a.tar.gz"), 1, 255), "a.tar-1.gz");
        let long = "é".repeat(120) + ".xml"; // 244 bytes
        let fitted = numbered(OsStr::new(&long), 12, 255 - REASON_SUFFIX.len());
        assert!(
            fitted.len() <= 255 - REASON_SUFFIX.len(),
            "{}",
            fitted.len()
        );
        assert!(fitted.to_string_lossy().ends_with("-12.xml"));
    }

    #[test]
    fn moves_never_replace() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        fs::write(&a, b"a").unwrap();
        fs::write(&b, b"b").unwrap();
        let err = move_no_clobber(&a, &b).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&b).unwrap(), b"b");
        assert_eq!(fs::read(&a).unwrap(), b"a");
    }

    #[test]
    fn reason_codes_are_checked_and_text_is_one_line_per_field() {
        assert!(check_code("TOO_LARGE").is_ok());
        for bad in ["", "too_large", "A B", "X\n", &"A".repeat(65)] {
            assert!(check_code(bad).is_err(), "{bad:?}");
        }
        let at: jiff::Timestamp = "2026-11-29T10:00:00Z".parse().unwrap();
        let text = reason_text(
            "EMPTY",
            "line\ncode: FORGED\u{202E}",
            at,
            Path::new("sub/a\\b.xml"),
        );
        assert_eq!(
            text,
            "code: EMPTY\nmessage: line\\ncode: FORGED\\u{202e}\ntime: 2026-11-29T10:00:00Z\noriginal: sub/a\\\\b.xml\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_planted_as_the_archive_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join(ARCHIVE_DIR)).unwrap();
        let src = dir.path().join("a.xml");
        fs::write(&src, b"a").unwrap();
        let day = jiff::civil::date(2026, 11, 29);
        let err = archive(dir.path(), &src, Path::new("a.xml"), day).unwrap_err();
        assert!(matches!(err, InboxError::NotARealFolder(_)), "{err}");
        assert!(src.exists());
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }
}
