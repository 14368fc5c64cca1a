//! The wire inbox: the watched folder where wire files are dropped.
//!
//! This crate finds *complete* files in one folder, hands their bytes over (with a sha256), and
//! moves them to the archive or to quarantine when the caller says so. It knows no database, no
//! Tauri and no wire format: the caller parses, commits its ledger row, *then* calls
//! [`Inbox::archive`] or [`Inbox::quarantine`] (commit first, move second).
//!
//! # Folder layout
//!
//! ```text
//! <inbox>/                       watched; files and subfolders here are wire files
//! <inbox>/sub/story.xml          subfolders are taken too (up to `max_depth` levels)
//! <inbox>/Archive/2026-11-29/sub/story.xml      archive: by the date the caller passes,
//!                                               keeping the path below the inbox
//! <inbox>/Quarantine/sub/story.xml              quarantine: the path below the inbox,
//! <inbox>/Quarantine/sub/story.xml.reason.txt   with the reason beside it
//! ```
//!
//! `Archive` and `Quarantine` live *inside* the inbox so that every move is a rename on one
//! volume (atomic, never a copy), and so that an inbox which is the root of a network share
//! works without write access to its parent. Both names are reserved at the inbox's top level
//! only (compared without regard to ASCII case): scans and events never look inside them.
//! A name collision gets a `-1`, `-2`… suffix; nothing is overwritten and nothing is deleted.
//!
//! # What is handed over
//!
//! Every regular file under the inbox whose name is not a temp or hidden name (see
//! [`is_ignored_name`]) becomes exactly one [`Arrival`] once it is complete:
//! [`Arrival::Ready`] with its bytes, or [`Arrival::Refused`] with a [`RefusalCode`] (symlinks,
//! FIFOs, sockets, devices, folders too deep, files over the size cap, empty files, hard links,
//! unreadable files). A handed-over path is *held*: it is not offered again until the caller
//! calls [`Inbox::archive`], [`Inbox::quarantine`] or [`Inbox::release`], or the file vanishes.
//!
//! See [`InboxWatch`] for the background watcher and [`Inbox::scan`] for a one-shot scan.
#![forbid(unsafe_code)]

mod arrival;
mod config;
mod error;
mod inbox;
mod names;
mod readiness;
mod scan;
mod shelf;
mod watch;

pub use arrival::{Arrival, FoundBy, ReadyFile, RefusalCode, ScanCause};
pub use config::InboxConfig;
pub use error::InboxError;
pub use inbox::Inbox;
pub use names::{is_ignored_name, ARCHIVE_DIR, QUARANTINE_DIR, REASON_SUFFIX};
pub use watch::InboxWatch;

/// The channel crate the sink comes from, so callers need not pin a matching version.
pub use crossbeam_channel;
