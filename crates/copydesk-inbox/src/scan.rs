//! Listing the inbox: the reconciliation scan's walk.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::names::{is_ignored_name, is_reserved_top};
use crate::readiness::{EntryKind, Signature};

/// An entry a walk found. Folders appear only when too deep to enter.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub path: PathBuf,
    pub relative: PathBuf,
    pub sig: Signature,
}

impl Found {
    pub(crate) fn is_folder(&self) -> bool {
        self.sig.kind == EntryKind::Folder
    }
}

/// What a walk is told to do besides listing.
pub(crate) struct Walk<'a> {
    pub root: &'a Path,
    pub max_depth: usize,
    /// Called with each folder (and its depth) before it is listed, so that a watch can be set
    /// first: a file written after the listing is then still seen by an event.
    pub before_entering: &'a mut dyn FnMut(&Path, usize),
    /// Polled between entries: false stops the walk early (the inbox is shutting down).
    pub keep_going: &'a mut dyn FnMut() -> bool,
}

impl Walk<'_> {
    /// List `start` (the root, or a folder below it whose entries are at `depth`) without
    /// following symlinks, skipping reserved folders and ignored names, and entering folders
    /// at most `max_depth` levels deep. Only a failure to list the root itself is an error;
    /// an unreadable subfolder is logged and skipped (the next scan tries again).
    pub(crate) fn run(&mut self, start: &Path, depth: usize) -> io::Result<Vec<Found>> {
        let mut out = Vec::new();
        // An explicit stack: a hostile nesting cannot overflow the thread's stack.
        let mut stack = vec![(start.to_path_buf(), depth)];
        while let Some((folder, depth)) = stack.pop() {
            let entries = match fs::read_dir(&folder) {
                Ok(entries) => entries,
                Err(e) if folder == self.root => return Err(e),
                Err(e) => {
                    if e.kind() != io::ErrorKind::NotFound {
                        tracing::warn!(folder = %folder.display(), error = %e, "inbox: cannot list");
                    }
                    continue;
                }
            };
            for entry in entries {
                if !(self.keep_going)() {
                    return Ok(out);
                }
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        tracing::warn!(folder = %folder.display(), error = %e, "inbox: bad entry");
                        continue;
                    }
                };
                let name = entry.file_name();
                if (depth == 0 && is_reserved_top(&name)) || is_ignored_name(&name) {
                    continue;
                }
                // DirEntry::metadata does not follow symlinks.
                let meta = match entry.metadata() {
                    Ok(meta) => meta,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                    Err(e) => {
                        tracing::warn!(path = %entry.path().display(), error = %e, "inbox: cannot stat");
                        continue;
                    }
                };
                let path = entry.path();
                let Ok(relative) = path.strip_prefix(self.root).map(Path::to_path_buf) else {
                    continue;
                };
                let sig = Signature::of(&meta);
                if sig.kind == EntryKind::Folder && depth < self.max_depth {
                    (self.before_entering)(&path, depth);
                    stack.push((path, depth + 1));
                } else {
                    out.push(Found {
                        path,
                        relative,
                        sig,
                    });
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn walk(root: &Path, max_depth: usize) -> Vec<PathBuf> {
        let mut entered = |_: &Path, _: usize| {};
        let mut go = || true;
        let mut walk = Walk {
            root,
            max_depth,
            before_entering: &mut entered,
            keep_going: &mut go,
        };
        let mut found: Vec<PathBuf> = walk
            .run(root, 0)
            .unwrap()
            .into_iter()
            .map(|f| f.relative)
            .collect();
        found.sort();
        found
    }

    #[test]
    fn skips_reserved_hidden_and_temp_entries_and_stops_at_the_depth() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in [
            "Archive/2026-11-29",
            "Quarantine",
            "sub/deeper/deepest",
            ".git",
        ] {
            fs::create_dir_all(root.join(folder)).unwrap();
        }
        for file in [
            "a.xml",
            "b.tmp",
            ".hidden",
            "Archive/2026-11-29/old.xml",
            "Quarantine/bad.xml",
            "sub/c.xml",
            "sub/Archive.xml",
            "sub/deeper/d.xml",
            "sub/deeper/deepest/e.xml",
            ".git/config",
        ] {
            fs::write(root.join(file), b"x").unwrap();
        }
        assert_eq!(
            walk(root, 1),
            ["a.xml", "sub/Archive.xml", "sub/c.xml", "sub/deeper"]
                .map(PathBuf::from)
                .to_vec()
        );
        assert_eq!(walk(root, 0), ["a.xml", "sub"].map(PathBuf::from).to_vec());
        assert_eq!(walk(root, 8).len(), 5);
    }

    #[test]
    fn a_missing_root_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let mut entered = |_: &Path, _: usize| {};
        let mut go = || true;
        let mut walk = Walk {
            root: &gone,
            max_depth: 8,
            before_entering: &mut entered,
            keep_going: &mut go,
        };
        assert!(walk.run(&gone, 0).is_err());
    }
}
