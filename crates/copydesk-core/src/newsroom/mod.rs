//! The desk's side of a newsroom: a working copy that syncs with `copydesk-server`.
//!
//! While a desk is connected, every change it makes is also queued, in the same SQLite
//! transaction, as an operation for the server (`queue.rs`). A sync pushes the queue in order
//! and then pulls what changed since the last sequence number this desk applied (`apply.rs`),
//! so the working copy converges on the server's state. Nothing waits on the network: a desk
//! offline keeps working and its queue survives restarts. The protocol is
//! `docs/newsroom-protocol.md`; its types are `copydesk_newsroom`.
mod apply;
mod follow;
mod lease;
pub(crate) mod queue;
mod session;
mod sync;

pub use follow::{FollowOptions, HeldLeases, NewsroomActivity, NewsroomFollow, NewsroomLink};
pub(crate) use lease::shared_uuid;
pub use lease::{ArticleLease, HeldStory};
pub(crate) use queue::{queue, queue_for_article, queue_wire_file};
pub use session::SessionKeeper;
pub use sync::{waits_for_newsroom, NewsroomStatus, SyncReport};

/// A body lease this desk holds: when it was last granted and for how long.
#[derive(Debug, Clone)]
pub struct HeldLease {
    pub(crate) uuid: uuid::Uuid,
    pub(crate) ttl: std::time::Duration,
    pub(crate) renewed: std::time::Instant,
}

use crate::error::{Error, ErrorCode, Result};
use crate::profile::Profile;
use crate::workflow::Role;
use copydesk_newsroom::client::ClientError;
use rusqlite::{Connection, OptionalExtension};

/// A new newsroom-wide id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The newsroom this desk belongs to, as stored.
#[derive(Debug, Clone)]
pub(crate) struct Membership {
    pub server: String,
    pub account: String,
    pub role: Role,
    pub token: Option<String>,
    pub last_seq: i64,
}

pub(crate) fn membership(conn: &Connection) -> Result<Option<Membership>> {
    Ok(conn
        .query_row(
            "SELECT server, account, role, token, last_seq FROM newsroom WHERE id = 1",
            [],
            |r| {
                Ok(Membership {
                    server: r.get(0)?,
                    account: r.get(1)?,
                    role: role_from(&r.get::<_, String>(2)?),
                    token: r.get(3)?,
                    last_seq: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Who a connected desk acts as: the signed-in account, in the role the server gave it.
pub(crate) fn session_profile(conn: &Connection) -> Result<Option<Profile>> {
    Ok(membership(conn)?.map(|m| Profile {
        name: m.account,
        role: m.role,
    }))
}

/// The server's role names; an admin is an editor at the desk.
pub(crate) fn role_from(name: &str) -> Role {
    match name {
        "editor" | "admin" => Role::Editor,
        _ => Role::Writer,
    }
}

/// A client error as the desk's error, keeping the server's code where the desk has it.
pub(crate) fn client_error(e: ClientError) -> Error {
    let code = match e.code().as_str() {
        "offline" | "unavailable" => ErrorCode::Offline,
        "unauthorised" => ErrorCode::Unauthorised,
        "locked" => ErrorCode::Locked,
        "forbidden_for_role" => ErrorCode::ForbiddenForRole,
        "not_author" => ErrorCode::NotAuthor,
        "not_found" => ErrorCode::NotFound,
        "conflict" => ErrorCode::Conflict,
        "illegal_transition" => ErrorCode::IllegalTransition,
        "embargoed" => ErrorCode::Embargoed,
        "nonexistent_local_time" => ErrorCode::NonexistentLocalTime,
        "ambiguous_local_time" => ErrorCode::AmbiguousLocalTime,
        "invalid" | "too_large" => ErrorCode::Invalid,
        _ => ErrorCode::Internal,
    };
    // The server's sentence is for the person; its code is already in `code`.
    let message = match &e {
        ClientError::Api { error, .. } => error.message.clone(),
        other => other.to_string(),
    };
    Error::Newsroom { code, message }
}
