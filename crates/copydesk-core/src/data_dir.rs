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

    /// A short name for this folder that stays the same however it is written (relative,
    /// through a link): one app window per data folder, so two desks on one machine (two
    /// accounts, a test) each get their own while a second launch on the same folder hands
    /// its files to the first. Letters and digits only, starting with a letter.
    pub fn instance_name(&self) -> String {
        use sha2::{Digest, Sha256};
        let path = std::fs::canonicalize(&self.0).unwrap_or_else(|_| self.0.clone());
        let digest = Sha256::digest(path.as_os_str().as_encoded_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("desk{hex}")
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

/// The inbox a desk watches, and whether Settings may move it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxPlace {
    pub dir: PathBuf,
    /// Check the folder every few seconds instead of waiting for events (network shares).
    pub polling: bool,
    /// Why the folder cannot be changed in Settings, when `--inbox` or `COPYDESK_INBOX`
    /// decided it.
    pub locked: Option<String>,
}

impl InboxPlace {
    /// `--inbox` (`explicit`), then `COPYDESK_INBOX`, then the folder chosen in Settings
    /// (`choice`), then `~/Copydesk/Wire`. The first two lock the folder for this run.
    pub fn resolve(explicit: Option<PathBuf>, choice: &crate::wire::InboxChoice) -> InboxPlace {
        let locked = if explicit.is_some() {
            Some("set by --inbox when Copydesk was started".to_string())
        } else if std::env::var_os(INBOX_ENV).is_some_and(|v| !v.is_empty()) {
            Some("set by COPYDESK_INBOX".to_string())
        } else {
            None
        };
        let dir = match (&locked, &choice.folder) {
            (None, Some(folder)) => PathBuf::from(folder),
            _ => resolve_inbox(explicit),
        };
        InboxPlace {
            dir,
            polling: choice.polling,
            locked,
        }
    }

    /// Refuses a move in Settings while the command line or the environment decides.
    pub fn check_movable(&self) -> crate::Result<()> {
        match &self.locked {
            Some(why) => Err(crate::Error::Invalid(format!(
                "the inbox folder is {why}; restart without it to choose here"
            ))),
            None => Ok(()),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::DataDir;

    #[test]
    fn a_folder_has_one_instance_name_however_it_is_written_and_two_folders_two() {
        let tmp = tempfile::tempdir().expect("tmp");
        let a = tmp.path().join("a");
        let b = tmp.path().join("b");
        std::fs::create_dir_all(&a).expect("a");
        std::fs::create_dir_all(&b).expect("b");
        let name = DataDir::new(&a).instance_name();
        assert_eq!(name, DataDir::new(b.join("../a")).instance_name());
        assert_ne!(name, DataDir::new(&b).instance_name());
        // A D-Bus name element: letters and digits, not starting with a digit.
        assert!(name.starts_with("desk") && name.len() == 20, "{name}");
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
    }
}
