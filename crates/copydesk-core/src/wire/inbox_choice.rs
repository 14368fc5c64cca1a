//! Where the wire inbox is and how it is watched, as chosen in Settings and kept with the desk.
//! `--inbox` and `COPYDESK_INBOX` still win over it (the shell decides); this is what a
//! journalist sets once and forgets.
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::store::settings;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const FOLDER_SETTING: &str = "inbox_folder";
const POLLING_SETTING: &str = "inbox_polling";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InboxChoice {
    /// An absolute folder, or `None` for the default (`~/Copydesk/Wire`).
    pub folder: Option<String>,
    /// Check the folder every few seconds instead of waiting for file events: for network
    /// shares, which send none.
    pub polling: bool,
}

impl Desk {
    pub fn inbox_choice(&self) -> Result<InboxChoice> {
        self.store().read(|c| {
            Ok(InboxChoice {
                folder: settings::get(c, FOLDER_SETTING)?,
                polling: settings::get(c, POLLING_SETTING)?.as_deref() == Some("true"),
            })
        })
    }

    /// Keeps a new inbox choice. The folder must be absolute, and must not be one Copydesk
    /// writes into itself (the outbox, the data folder): it would import its own output.
    pub fn set_inbox_choice(&self, choice: InboxChoice) -> Result<InboxChoice> {
        let folder = choice
            .folder
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string);
        if let Some(f) = &folder {
            check_folder(Path::new(f), &self.config().outbox, self.data_dir().path())?;
        }
        let choice = InboxChoice {
            folder,
            polling: choice.polling,
        };
        self.store().write(|tx| {
            settings::put(tx, FOLDER_SETTING, choice.folder.as_deref())?;
            settings::put(tx, POLLING_SETTING, Some(&choice.polling.to_string()))
        })?;
        Ok(choice)
    }
}

fn check_folder(folder: &Path, outbox: &Path, data: &Path) -> Result<()> {
    if !folder.is_absolute() {
        return Err(Error::Invalid(format!(
            "{} is not a full path (it must start at the root, e.g. /home/ana/Wire)",
            folder.display()
        )));
    }
    let normal = |p: &Path| -> PathBuf { std::fs::canonicalize(p).unwrap_or_else(|_| p.into()) };
    let (f, o, d) = (normal(folder), normal(outbox), normal(data));
    if f.starts_with(&o) || o.starts_with(&f) {
        return Err(Error::Invalid(format!(
            "{} holds the outbox ({}): Copydesk would import what it publishes",
            folder.display(),
            outbox.display()
        )));
    }
    if f.starts_with(&d) || d.starts_with(&f) {
        return Err(Error::Invalid(format!(
            "{} holds Copydesk's own data folder ({})",
            folder.display(),
            data.display()
        )));
    }
    Ok(())
}
