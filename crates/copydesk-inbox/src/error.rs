use std::path::PathBuf;

/// What can go wrong when opening, watching or shelving.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InboxError {
    /// A filesystem call failed.
    #[error("{op} {}: {source}", path.display())]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The inbox path is not a folder.
    #[error("the inbox {} is not a folder", .0.display())]
    NotAFolder(PathBuf),
    /// `Archive` or `Quarantine` (or a folder below them) exists but is not a real folder,
    /// e.g. a symlink: moving files through it could send them anywhere.
    #[error("{} must be a real folder (not a symlink or a file)", .0.display())]
    NotARealFolder(PathBuf),
    /// The path given to archive/quarantine/release is not an entry below the inbox, or is in
    /// the archive or the quarantine.
    #[error("{} is not a file in the inbox", .0.display())]
    OutsideInbox(PathBuf),
    /// The file to move is no longer there.
    #[error("{} is no longer in the inbox", .0.display())]
    Vanished(PathBuf),
    /// The file changed after it was handed over: archiving it would file content that was
    /// never read. It is released, so the inbox offers it again.
    #[error("{} changed after it was handed over; it will be offered again", .0.display())]
    ChangedSinceHandOver(PathBuf),
    /// Quarantine reason codes are machine-readable: 1–64 of `A-Z`, `0-9`, `_`.
    #[error("bad reason code {0:?}: use 1-64 of A-Z, 0-9 and _")]
    BadReasonCode(String),
    /// No free name was found for a move (after many suffixes).
    #[error("no free name for {} in {}", name, folder.display())]
    NoFreeName { folder: PathBuf, name: String },
    /// notify could not set up the watch.
    #[error("cannot watch {}: {source}", path.display())]
    Watch {
        path: PathBuf,
        #[source]
        source: notify::Error,
    },
}

impl InboxError {
    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        InboxError::Io {
            op,
            path: path.into(),
            source,
        }
    }
}
