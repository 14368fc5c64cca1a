//! Profiles: the people working at this desk, each a writer or an editor. The desk acts as
//! one profile at a time; its role decides which workflow moves are allowed.
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::workflow::Role;
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Profile {
    pub name: String,
    pub role: Role,
}

fn parse_role(s: &str) -> Role {
    if s == "editor" {
        Role::Editor
    } else {
        Role::Writer
    }
}

fn check_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        return Err(Error::Invalid(
            "a profile name is 1 to 80 characters, with no control characters".into(),
        ));
    }
    Ok(name)
}

pub(crate) fn get(conn: &Connection, name: &str) -> Result<Option<Profile>> {
    Ok(conn
        .query_row(
            "SELECT name, role FROM profiles WHERE name = ?1",
            [name],
            |r| {
                Ok(Profile {
                    name: r.get(0)?,
                    role: parse_role(&r.get::<_, String>(1)?),
                })
            },
        )
        .optional()?)
}

/// The stored profile called `name`, created with `role` if there is none. Asking for the
/// editor's role on a desk that has no editor at all grants it even to an existing writer:
/// otherwise a desk first opened by the CLI (writers by default) could never approve anything.
pub(crate) fn ensure(
    tx: &Transaction<'_>,
    name: &str,
    role: Role,
    now: Timestamp,
) -> Result<Profile> {
    let name = check_name(name)?;
    if let Some(found) = get(tx, name)? {
        let no_editor = || -> Result<bool> {
            Ok(!tx
                .prepare_cached("SELECT 1 FROM profiles WHERE role = 'editor' LIMIT 1")?
                .exists([])?)
        };
        if role == Role::Editor && found.role == Role::Writer && no_editor()? {
            tx.execute(
                "UPDATE profiles SET role = 'editor' WHERE name = ?1",
                [&found.name],
            )?;
            return Ok(Profile {
                name: found.name,
                role: Role::Editor,
            });
        }
        return Ok(found);
    }
    tx.execute(
        "INSERT INTO profiles (name, role, created_at) VALUES (?1, ?2, ?3)",
        params![name, role.as_str(), now.as_millisecond()],
    )?;
    Ok(Profile {
        name: name.to_string(),
        role,
    })
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Profile>> {
    let mut stmt = conn.prepare_cached("SELECT name, role FROM profiles ORDER BY name")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Profile {
                name: r.get(0)?,
                role: parse_role(&r.get::<_, String>(1)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

impl Desk {
    /// Everyone who has worked at this desk, by name.
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        self.store().read(list)
    }

    /// Adds a profile. Anyone may add a writer; only editors add editors.
    pub fn add_profile(&self, name: &str, role: Role) -> Result<Profile> {
        if role == Role::Editor {
            self.require_editor("add an editor")?;
        }
        let now = self.now();
        self.store().write(|tx| {
            let name = check_name(name)?;
            if get(tx, name)?.is_some() {
                return Err(Error::Invalid(format!(
                    "there is already a profile called {name}"
                )));
            }
            ensure(tx, name, role, now)
        })
    }

    /// Makes a profile a writer or an editor (editors only). The last editor cannot step
    /// down: somebody must be able to approve and publish.
    pub fn set_profile_role(&self, name: &str, role: Role) -> Result<Profile> {
        self.require_editor("change someone's role")?;
        let changed = self.store().write(|tx| {
            let Some(found) = get(tx, name)? else {
                return Err(Error::NotFound(format!("a profile called {name}")));
            };
            if found.role == Role::Editor && role == Role::Writer {
                let editors: i64 = tx.query_row(
                    "SELECT count(*) FROM profiles WHERE role = 'editor'",
                    [],
                    |r| r.get(0),
                )?;
                if editors <= 1 {
                    return Err(Error::Invalid(format!(
                        "{} is the only editor; make someone else an editor first",
                        found.name
                    )));
                }
            }
            tx.execute(
                "UPDATE profiles SET role = ?2 WHERE name = ?1",
                params![found.name, role.as_str()],
            )?;
            Ok(Profile {
                name: found.name,
                role,
            })
        })?;
        self.refresh_profile(&changed);
        Ok(changed)
    }

    /// Acts as another existing profile from now on (a shared newsroom machine).
    pub fn switch_profile(&self, name: &str) -> Result<Profile> {
        let found = self
            .store()
            .read(|c| get(c, name))?
            .ok_or_else(|| Error::NotFound(format!("a profile called {name}")))?;
        self.act_as(found.clone());
        Ok(self.profile())
    }

    pub(crate) fn require_editor(&self, action: &'static str) -> Result<()> {
        let role = self.profile().role;
        if role != Role::Editor {
            return Err(Error::ForbiddenForRole {
                action,
                role: role.as_str(),
            });
        }
        Ok(())
    }
}
