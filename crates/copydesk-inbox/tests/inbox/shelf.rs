//! The synchronous scan, holds, and moves to the archive and quarantine.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::*;
use copydesk_inbox::{Arrival, Inbox, InboxConfig, InboxError, ReadyFile};

fn open(dir: &Path) -> Inbox {
    let mut config = config(dir);
    config.scan_settle = Duration::from_millis(20);
    Inbox::open(config).unwrap()
}

fn ready(arrivals: Vec<Arrival>) -> Vec<ReadyFile> {
    let mut files: Vec<ReadyFile> = arrivals
        .into_iter()
        .map(|a| match a {
            Arrival::Ready(file) => file,
            other => panic!("expected ready, got {other:?}"),
        })
        .collect();
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files
}

#[test]
fn opening_creates_the_shelves_and_checks_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = open(dir.path());
    assert!(inbox.archive_dir().is_dir());
    assert!(inbox.quarantine_dir().is_dir());
    let file = dir.path().join("file");
    fs::write(&file, b"x").unwrap();
    assert!(matches!(
        Inbox::open(InboxConfig::new(&file)),
        Err(InboxError::NotAFolder(_))
    ));
    assert!(matches!(
        Inbox::open(InboxConfig::new(dir.path().join("missing"))),
        Err(InboxError::Io { .. })
    ));
}

#[test]
fn a_scan_hands_each_file_over_once_until_released() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = open(dir.path());
    fs::write(dir.path().join("a.xml"), b"a").unwrap();
    fs::write(dir.path().join("b.xml.part"), b"b").unwrap();
    let files = ready(inbox.scan().unwrap());
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].bytes, b"a");
    assert_eq!(files[0].sha256_hex().len(), 64);
    assert!(inbox.is_held(&files[0].path));
    // Held: not offered again.
    assert!(inbox.scan().unwrap().is_empty());
    assert!(inbox.release(&files[0].path));
    let again = ready(inbox.scan().unwrap());
    assert_eq!(again[0].path, files[0].path);
}

#[test]
fn archiving_files_by_date_with_suffixes_on_collision() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = open(dir.path());
    let root = inbox.root().to_path_buf();
    let mut archived = Vec::new();
    for round in 0..3 {
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::write(root.join("story.xml"), format!("top {round}")).unwrap();
        fs::write(root.join("sub/story.xml"), format!("sub {round}")).unwrap();
        for file in ready(inbox.scan().unwrap()) {
            archived.push(inbox.archive(&file.path, day()).unwrap());
        }
    }
    let day_dir = root.join("Archive/2026-11-29");
    let expected: Vec<PathBuf> = [
        "story.xml",
        "sub/story.xml",
        "story-1.xml",
        "sub/story-1.xml",
        "story-2.xml",
        "sub/story-2.xml",
    ]
    .iter()
    .map(|p| day_dir.join(p))
    .collect();
    assert_eq!(archived, expected);
    assert_eq!(fs::read(day_dir.join("story-2.xml")).unwrap(), b"top 2");
    assert_eq!(fs::read(day_dir.join("sub/story.xml")).unwrap(), b"sub 0");
    assert_eq!(inbox.held_count(), 0);
    // Archived files are never scanned again.
    assert!(inbox.scan().unwrap().is_empty());
}

#[test]
fn quarantine_keeps_every_file_and_writes_a_reason_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = open(dir.path());
    let root = inbox.root().to_path_buf();
    // A file that happens to be called like a reason file must not be overwritten either.
    fs::create_dir_all(root.join("Quarantine")).unwrap();
    fs::write(root.join("Quarantine/bad.xml.reason.txt"), b"not ours").unwrap();
    let mut moved = Vec::new();
    for round in 0..2 {
        fs::write(root.join("bad.xml"), format!("bad {round}")).unwrap();
        let file = ready(inbox.scan().unwrap()).remove(0);
        moved.push(
            inbox
                .quarantine(&file.path, "NITF_MALFORMED", "unclosed <body> at 3:7", at())
                .unwrap(),
        );
    }
    assert_eq!(
        moved,
        [
            root.join("Quarantine/bad-1.xml"),
            root.join("Quarantine/bad-2.xml")
        ]
    );
    assert_eq!(
        fs::read(root.join("Quarantine/bad.xml.reason.txt")).unwrap(),
        b"not ours"
    );
    assert_eq!(fs::read(&moved[1]).unwrap(), b"bad 1");
    assert_eq!(
        fs::read_to_string(root.join("Quarantine/bad-1.xml.reason.txt")).unwrap(),
        "code: NITF_MALFORMED\nmessage: unclosed <body> at 3:7\ntime: 2026-11-29T10:00:00Z\noriginal: bad.xml\n"
    );
    // No temp files left behind.
    let names: Vec<_> = fs::read_dir(root.join("Quarantine"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
    assert_eq!(names.len(), 5);
}

#[test]
fn a_file_changed_after_hand_over_is_not_archived_but_offered_again() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = open(dir.path());
    let path = inbox.root().join("story.xml");
    fs::write(&path, b"first version").unwrap();
    let file = ready(inbox.scan().unwrap()).remove(0);
    fs::write(&path, b"second, longer version").unwrap();
    let err = inbox.archive(&file.path, day()).unwrap_err();
    assert!(matches!(err, InboxError::ChangedSinceHandOver(_)), "{err}");
    assert!(path.exists());
    let again = ready(inbox.scan().unwrap()).remove(0);
    assert_eq!(again.bytes, b"second, longer version");
    inbox.archive(&again.path, day()).unwrap();
}

#[test]
fn moves_are_refused_outside_the_inbox_and_for_vanished_files() {
    let dir = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    let inbox = open(dir.path());
    let root = inbox.root().to_path_buf();
    let outside = other.path().join("x.xml");
    fs::write(&outside, b"x").unwrap();
    for path in [
        outside.clone(),
        root.join("../x.xml"),
        root.join("Archive/2026-11-29/x.xml"),
        root.join("Quarantine/x.xml"),
        root.clone(),
    ] {
        let err = inbox.archive(&path, day()).unwrap_err();
        assert!(
            matches!(err, InboxError::OutsideInbox(_)),
            "{path:?}: {err}"
        );
    }
    assert!(outside.exists());
    fs::write(root.join("gone.xml"), b"g").unwrap();
    let file = ready(inbox.scan().unwrap()).remove(0);
    fs::remove_file(&file.path).unwrap();
    assert!(matches!(
        inbox.archive(&file.path, day()),
        Err(InboxError::Vanished(_))
    ));
    assert_eq!(inbox.held_count(), 0);
    fs::write(root.join("ok.xml"), b"ok").unwrap();
    let file = ready(inbox.scan().unwrap()).remove(0);
    assert!(matches!(
        inbox.quarantine(&file.path, "lower_case", "bad code", at()),
        Err(InboxError::BadReasonCode(_))
    ));
    // A relative path means "below the inbox".
    let moved = inbox
        .quarantine(Path::new("ok.xml"), "OK", "fine", at())
        .unwrap();
    assert_eq!(moved, root.join("Quarantine/ok.xml"));
}

#[test]
fn a_delivered_file_is_a_copy_under_a_free_name_and_the_scan_takes_it() {
    let (outside, inbox) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let original = outside.path().join("storm.nitf");
    fs::write(&original, b"<nitf>first</nitf>").unwrap();
    fs::write(inbox.path().join("storm.nitf"), b"already waiting").unwrap();
    let placed = copydesk_inbox::deliver(&original, inbox.path()).unwrap();
    assert_eq!(placed, inbox.path().join("storm-1.nitf"));
    assert_eq!(fs::read(&placed).unwrap(), b"<nitf>first</nitf>");
    assert_eq!(
        fs::read(inbox.path().join("storm.nitf")).unwrap(),
        b"already waiting",
        "a file already waiting is never replaced"
    );
    assert!(original.is_file(), "the original stays where it was");
    // No hidden copy is left behind, and the inbox reads both like dropped files.
    let names: Vec<String> = fs::read_dir(inbox.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    let inbox = open(inbox.path());
    let files = ready(inbox.scan().unwrap());
    assert_eq!(files.len(), 2);
    // A folder is not a file to deliver.
    assert!(copydesk_inbox::deliver(outside.path(), inbox.root()).is_err());
}
