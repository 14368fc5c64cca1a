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
//!
//! ```no_run
//! use copydesk_inbox::{crossbeam_channel, Arrival, Inbox, InboxConfig};
//!
//! let (tx, rx) = crossbeam_channel::bounded(64);
//! let watch = Inbox::watch(InboxConfig::new("/home/me/Copydesk/Wire"), tx)?;
//! let inbox = watch.inbox().clone();
//! for arrival in rx {
//!     match arrival {
//!         Arrival::Ready(file) => {
//!             // Parse file.bytes, commit the ledger row (keyed by file.sha256), then move.
//!             inbox.archive(&file.path, jiff::ZonedDateTime::now().date())?;
//!         }
//!         Arrival::Refused { path, reason, message } => {
//!             inbox.quarantine(&path, reason.as_str(), &message, jiff::Timestamp::now())?;
//!         }
//!         Arrival::Scanned { .. } | Arrival::Fault { .. } => {}
//!     }
//! }
//! # Ok::<(), copydesk_inbox::InboxError>(())
//! ```
//!
//! # When a file is complete
//!
//! Events are hints; the disk is the truth. A path becomes a *candidate* and is taken only if
//! two observations (`symlink_metadata`: kind, size, mtime, device and inode, link count) one
//! settle window apart are equal, and the bytes read match that observation:
//!
//! * close-after-write (`Access(Close(Write))`) and moved-in (`Modify(Name(To))`,
//!   `Name(Both)`) events start the short window, [`InboxConfig::settle`] (50 ms);
//! * a create event only marks the file as being written (no candidate), except for entries
//!   that are complete the moment they exist: symlinks, FIFOs, sockets, devices and hard
//!   links, which are refused at once. Modify events refresh the mark;
//! * scans — at startup, after an overflow (`need_rescan()`, or our own event queue was
//!   full), every [`InboxConfig::rescan_interval`] (60 s), or every
//!   [`InboxConfig::poll_interval`] in polling mode — start the long window,
//!   [`InboxConfig::scan_settle`] (2 s), for files nothing said were finished. A scan skips a
//!   file with a fresh write mark (younger than [`InboxConfig::write_grace`]); an overflow
//!   clears the marks, since the close event may be among the lost ones (hints still queued
//!   when our own queue overflowed are handled before that rescan, so their marks go too);
//! * a scanned candidate that gets a write mark while it settles is left to its close event
//!   but keeps settling: once the mark is gone (close event, overflow, or older than the
//!   grace) the next check takes it, if two observations a window apart still agree;
//! * a 0-byte file always waits the long window, then is refused `EMPTY`;
//! * a new folder is watched (top level) and walked, since files may predate its watch;
//! * deletions and renames away need nothing: a candidate that is gone when its window ends is
//!   dropped without a word.
//!
//! On backends without close-after-write (macOS, Windows), create and modify events start the
//! long window instead.
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
pub use shelf::deliver;
pub use watch::InboxWatch;

/// Why an entry of this type is never opened (a symlink, FIFO, socket or device), with its
/// code; `None` for regular files and folders. What the inbox refuses, an import skips.
pub fn never_opened(file_type: std::fs::FileType) -> Option<(RefusalCode, &'static str)> {
    readiness::EntryKind::of(file_type).refusal()
}

/// The channel crate the sink comes from, so callers need not pin a matching version.
pub use crossbeam_channel;
