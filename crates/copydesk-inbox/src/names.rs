//! Which names the inbox looks at.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

/// The archive folder, at the inbox's top level.
pub const ARCHIVE_DIR: &str = "Archive";
/// The quarantine folder, at the inbox's top level.
pub const QUARANTINE_DIR: &str = "Quarantine";
/// Appended to a quarantined file's name for its reason file.
pub const REASON_SUFFIX: &str = ".reason.txt";

// Uploaders and browsers write under these names, then rename (ProFTPD HiddenStores, WinSCP
// `.filepart`, Chrome `.crdownload`, Firefox `.part`, Safari `.download`, editors' `.swp`).
const TEMP_SUFFIXES: &[&str] = &[
    ".tmp",
    ".temp",
    ".part",
    ".partial",
    ".filepart",
    ".crdownload",
    ".download",
    ".swp",
];
// Desktop clutter that is never wire copy.
const JUNK_NAMES: &[&str] = &["thumbs.db", "desktop.ini"];

/// True for names the inbox never takes nor reports: hidden names (leading `.`, which covers
/// `.in.NAME.`, `.~lock.*`, `._*`, `.DS_Store`), Office lock files (`~$*`), backups (`*~`),
/// temp and partial-download suffixes (`.tmp`, `.temp`, `.part`, `.partial`, `.filepart`,
/// `.crdownload`, `.download`, `.swp`, any case) and `Thumbs.db`/`desktop.ini`. A file written
/// under such a name is picked up when it is renamed to a real name. Folders with such names are
/// not entered.
pub fn is_ignored_name(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    if name.is_empty() || name.starts_with('.') || name.starts_with("~$") || name.ends_with('~') {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    TEMP_SUFFIXES.iter().any(|suffix| lower.ends_with(suffix)) || JUNK_NAMES.contains(&&*lower)
}

/// True for `Archive` and `Quarantine` (any ASCII case, so that a case-insensitive volume
/// cannot sneak the archive back into the scan).
pub(crate) fn is_reserved_top(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name.eq_ignore_ascii_case(ARCHIVE_DIR) || name.eq_ignore_ascii_case(QUARANTINE_DIR)
}

/// The path below `root` if `path` is an entry the inbox may hand over or move: below the root,
/// only plain components, not in a reserved folder. Names are not checked here.
pub(crate) fn relative_in_inbox(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = if path.is_absolute() {
        path.strip_prefix(root).ok()?
    } else {
        path
    };
    let mut components = rel.components();
    let first = match components.next()? {
        Component::Normal(first) => first,
        _ => return None,
    };
    if is_reserved_top(first) {
        return None;
    }
    if !components.all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(rel.to_path_buf())
}

/// The path below `root` if `path` is a file the inbox would take: see [`relative_in_inbox`],
/// plus no ignored name on the way and at most `max_depth` folders deep.
pub(crate) fn candidate(root: &Path, path: &Path, max_depth: usize) -> Option<PathBuf> {
    let rel = relative_in_inbox(root, path)?;
    let mut depth = 0usize;
    for component in rel.components() {
        if is_ignored_name(component.as_os_str()) {
            return None;
        }
        depth += 1;
    }
    (depth.saturating_sub(1) <= max_depth).then_some(rel)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn temp_and_hidden_names_are_ignored() {
        for name in [
            ".hidden",
            ".in.story.xml.",
            ".~lock.story.odt#",
            "._story.xml",
            ".DS_Store",
            "~$story.docx",
            "story.xml~",
            "story.xml.tmp",
            "story.TMP",
            "story.part",
            "story.partial",
            "story.filepart",
            "story.crdownload",
            "story.download",
            "Thumbs.db",
            "desktop.ini",
            "",
        ] {
            assert!(
                is_ignored_name(OsStr::new(name)),
                "{name:?} should be ignored"
            );
        }
        for name in [
            "story.xml",
            "story",
            "tmp",
            "part.txt",
            "a~b.txt",
            "ANPA 0001",
        ] {
            assert!(
                !is_ignored_name(OsStr::new(name)),
                "{name:?} should be taken"
            );
        }
    }

    #[test]
    fn candidates_stay_below_the_root_and_outside_reserved_folders() {
        let root = Path::new("/in");
        assert_eq!(
            candidate(root, Path::new("/in/a.xml"), 0),
            Some(PathBuf::from("a.xml"))
        );
        assert_eq!(
            candidate(root, Path::new("/in/sub/a.xml"), 1),
            Some(PathBuf::from("sub/a.xml"))
        );
        assert_eq!(candidate(root, Path::new("/in/sub/a.xml"), 0), None);
        assert_eq!(candidate(root, Path::new("/in/Archive/a.xml"), 8), None);
        assert_eq!(candidate(root, Path::new("/in/quarantine/a.xml"), 8), None);
        assert_eq!(candidate(root, Path::new("/in/.git/a.xml"), 8), None);
        assert_eq!(candidate(root, Path::new("/in/x.tmp"), 8), None);
        assert_eq!(candidate(root, Path::new("/other/a.xml"), 8), None);
        assert_eq!(candidate(root, Path::new("/in"), 8), None);
        assert_eq!(
            relative_in_inbox(root, Path::new("/in/../etc/passwd")),
            None
        );
        assert_eq!(relative_in_inbox(root, Path::new("../x")), None);
        // Deeper folders named Archive are ordinary folders.
        assert_eq!(
            candidate(root, Path::new("/in/sub/Archive/a.xml"), 8),
            Some(PathBuf::from("sub/Archive/a.xml"))
        );
    }
}
