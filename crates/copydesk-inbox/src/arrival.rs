use std::fmt;
use std::path::PathBuf;

/// One thing the inbox tells its consumer.
#[derive(Debug)]
pub enum Arrival {
    /// A complete regular file, read once, with its sha256. The path is held until archived,
    /// quarantined or released.
    Ready(ReadyFile),
    /// An entry that will not be read. The path is held like a ready file: quarantine it (the
    /// directory entry itself is moved, never opened) or release it.
    Refused {
        path: PathBuf,
        reason: RefusalCode,
        message: String,
    },
    /// A scan found `found` new candidates (not yet settled): progress for large drops. Sent
    /// when `found > 0`, and after every overflow rescan (events were lost: worth counting).
    Scanned { cause: ScanCause, found: usize },
    /// The inbox folder cannot be watched or listed (deleted, unmounted, watch limit). Sent
    /// once per trouble; the inbox keeps retrying on its scan period.
    Fault { message: String },
}

impl Arrival {
    /// The inbox path this arrival is about, for `Ready` and `Refused`.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Arrival::Ready(file) => Some(&file.path),
            Arrival::Refused { path, .. } => Some(path),
            Arrival::Scanned { .. } | Arrival::Fault { .. } => None,
        }
    }
}

/// A complete wire file, read once.
#[derive(Clone, PartialEq, Eq)]
pub struct ReadyFile {
    /// Where it is in the inbox (absolute, below the canonical inbox root).
    pub path: PathBuf,
    /// The path below the inbox, e.g. `sub/story.xml`.
    pub relative: PathBuf,
    /// Size in bytes (equals `bytes.len()`).
    pub size: u64,
    /// The file's mtime, as observed (never used to decide readiness).
    pub modified: Option<jiff::Timestamp>,
    /// The content.
    pub bytes: Vec<u8>,
    /// sha256 of `bytes`.
    pub sha256: [u8; 32],
    /// Whether an event or a scan found it.
    pub found_by: FoundBy,
}

impl ReadyFile {
    /// The sha256 as 64 lowercase hex digits.
    pub fn sha256_hex(&self) -> String {
        use fmt::Write;
        let mut out = String::with_capacity(64);
        for byte in self.sha256 {
            let _ = write!(out, "{byte:02x}");
        }
        out
    }
}

// Bytes are left out: a Debug print must not dump a 25 MiB wire file into the log.
impl fmt::Debug for ReadyFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadyFile")
            .field("path", &self.path)
            .field("size", &self.size)
            .field("modified", &self.modified)
            .field("sha256", &self.sha256_hex())
            .field("found_by", &self.found_by)
            .finish()
    }
}

/// What found a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FoundBy {
    /// A close-after-write or moved-in event (short settle).
    Event,
    /// A scan: startup, rescan, periodic or polling (long settle).
    Scan,
}

/// Why a scan ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScanCause {
    /// When watching starts: files dropped while the app was closed.
    Startup,
    /// The event queue overflowed (notify's `need_rescan()`, or our own queue was full).
    Rescan,
    /// The periodic reconciliation, or a poll in polling mode.
    Periodic,
    /// A folder appeared in the inbox: its files may predate its watch.
    NewFolder,
    /// The caller asked ([`crate::InboxWatch::rescan`]).
    Requested,
}

/// Why an entry is refused. [`RefusalCode::as_str`] is the machine-readable code for the
/// ledger and the quarantine reason file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefusalCode {
    /// A symbolic link: never followed.
    Symlink,
    /// A named pipe: opening it for read could block forever.
    Fifo,
    /// A Unix socket.
    Socket,
    /// A block or character device.
    Device,
    /// Some other non-regular entry.
    NotRegularFile,
    /// A folder deeper than `max_depth`.
    TooDeep,
    /// Larger than `max_size`: not read (or read only up to the cap if it grew meanwhile).
    TooLarge,
    /// 0 bytes after the long settle window.
    Empty,
    /// More than one hard link.
    Hardlink,
    /// The entry could not be examined or opened (permissions, I/O error).
    Unreadable,
}

impl RefusalCode {
    /// The code in CAPS, e.g. `TOO_LARGE`.
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalCode::Symlink => "SYMLINK",
            RefusalCode::Fifo => "FIFO",
            RefusalCode::Socket => "SOCKET",
            RefusalCode::Device => "DEVICE",
            RefusalCode::NotRegularFile => "NOT_REGULAR_FILE",
            RefusalCode::TooDeep => "TOO_DEEP",
            RefusalCode::TooLarge => "TOO_LARGE",
            RefusalCode::Empty => "EMPTY",
            RefusalCode::Hardlink => "HARDLINK",
            RefusalCode::Unreadable => "UNREADABLE",
        }
    }
}

impl fmt::Display for RefusalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
