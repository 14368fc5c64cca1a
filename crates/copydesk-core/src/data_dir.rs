//! Where a desk keeps its data. The app and the CLI resolve it the same way, so they share it.
use std::path::{Path, PathBuf};

/// The environment variable that overrides the data directory for both the app and the CLI.
pub const DATA_DIR_ENV: &str = "COPYDESK_DATA_DIR";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir(PathBuf);

impl DataDir {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        DataDir(path.into())
    }

    /// An explicit choice wins, then `COPYDESK_DATA_DIR`, then the platform's data directory
    /// (`~/.local/share/copydesk` on Linux).
    pub fn resolve(explicit: Option<PathBuf>) -> Self {
        if let Some(path) = explicit {
            return DataDir(path);
        }
        if let Some(path) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
            return DataDir(PathBuf::from(path));
        }
        let base = dirs::data_dir()
            .or_else(|| dirs::home_dir().map(|h| h.join(".local/share")))
            .unwrap_or_else(|| PathBuf::from("."));
        DataDir(base.join("copydesk"))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn database(&self) -> PathBuf {
        self.0.join("copydesk.sqlite3")
    }
}

/// The environment variable that overrides the wire inbox folder.
pub const INBOX_ENV: &str = "COPYDESK_INBOX";

/// The wire inbox: an explicit choice (`--inbox`), then `COPYDESK_INBOX`, then a visible
/// folder in the user's home, `~/Copydesk/Wire`.
pub fn resolve_inbox(explicit: Option<PathBuf>) -> PathBuf {
    if let Some(path) = explicit {
        return path;
    }
    if let Some(path) = std::env::var_os(INBOX_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(path);
    }
    dirs::home_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("Copydesk")
        .join("Wire")
}

/// The environment variable that overrides the outbox folder publishing writes to.
pub const OUTBOX_ENV: &str = "COPYDESK_OUTBOX";

/// Where published stories are written: `COPYDESK_OUTBOX`, else `~/Copydesk/Outbox`.
pub fn resolve_outbox(explicit: Option<PathBuf>) -> PathBuf {
    if let Some(path) = explicit {
        return path;
    }
    if let Some(path) = std::env::var_os(OUTBOX_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(path);
    }
    dirs::home_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("Copydesk")
        .join("Outbox")
}
