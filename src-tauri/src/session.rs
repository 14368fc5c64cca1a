//! Where the app keeps the newsroom session token: the system keyring (Secret Service on
//! Linux), never the desk's database or the web view's storage. A machine without a keyring
//! (a CI runner, a bare X server) keeps it in memory for this run only, and Settings says so.
use copydesk_core::SessionKeeper;
use keyring::Entry;
use std::collections::HashMap;
use std::sync::Mutex;

const SERVICE: &str = "Copydesk newsroom";

pub struct KeyringKeeper {
    /// The data folder: two desks on one machine (two working copies) keep two sessions.
    desk: String,
    /// Whether the keyring answered: `None` until first asked, then why it cannot be used.
    keyring: Mutex<Option<Result<(), String>>>,
    /// The tokens kept for this run when there is no keyring.
    memory: Mutex<HashMap<String, String>>,
}

impl KeyringKeeper {
    pub fn new(data_dir: &std::path::Path) -> KeyringKeeper {
        KeyringKeeper {
            desk: data_dir.display().to_string(),
            keyring: Mutex::new(None),
            memory: Mutex::new(HashMap::new()),
        }
    }

    fn user(&self, server: &str, account: &str) -> String {
        format!("{account} at {server} ({})", self.desk)
    }

    fn entry(&self, user: &str) -> Result<Entry, String> {
        Entry::new(SERVICE, user).map_err(|e| e.to_string())
    }

    /// Whether the keyring can be used, asked once (a read that finds nothing is a yes).
    fn keyring_works(&self) -> Result<(), String> {
        let mut known = self.keyring.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = &*known {
            return known.clone();
        }
        let answer = self
            .entry("probe")
            .and_then(|entry| match entry.get_password() {
                Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(e.to_string()),
            });
        if let Err(e) = &answer {
            log::warn!("no system keyring ({e}): the newsroom session is kept for this run only");
        }
        *known = Some(answer.clone());
        answer
    }

    fn fall_back(&self, why: String) {
        *self.keyring.lock().unwrap_or_else(|e| e.into_inner()) = Some(Err(why));
    }
}

impl SessionKeeper for KeyringKeeper {
    fn load(&self, server: &str, account: &str) -> Option<String> {
        let user = self.user(server, account);
        if let Some(token) = self
            .memory
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&user)
        {
            return Some(token.clone());
        }
        self.keyring_works().ok()?;
        match self.entry(&user).map(|e| e.get_password()) {
            Ok(Ok(token)) => Some(token),
            Ok(Err(keyring::Error::NoEntry)) => None,
            Ok(Err(e)) => {
                log::warn!("reading the newsroom session from the keyring: {e}");
                None
            }
            Err(e) => {
                log::warn!("reading the newsroom session from the keyring: {e}");
                None
            }
        }
    }

    fn store(&self, server: &str, account: &str, token: Option<&str>) -> Result<(), String> {
        let user = self.user(server, account);
        let mut memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        memory.remove(&user);
        if self.keyring_works().is_ok() {
            let written = self.entry(&user).and_then(|entry| match token {
                Some(token) => entry.set_password(token).map_err(|e| e.to_string()),
                None => match entry.delete_credential() {
                    Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                    Err(e) => Err(e.to_string()),
                },
            });
            match written {
                Ok(()) => return Ok(()),
                // A keyring that is there but refuses (locked, no collection): memory.
                Err(e) => {
                    log::warn!(
                        "the keyring refused the newsroom session ({e}): kept for this run only"
                    );
                    self.fall_back(e);
                }
            }
        }
        if let Some(token) = token {
            memory.insert(user, token.to_string());
        }
        Ok(())
    }

    fn place(&self) -> String {
        match self.keyring_works() {
            Ok(()) => "the system keyring".into(),
            Err(e) => format!("memory, for this run only (no system keyring: {e})"),
        }
    }
}
