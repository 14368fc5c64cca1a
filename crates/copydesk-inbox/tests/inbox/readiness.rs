//! When a watched file counts as complete.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use crate::common::*;
use copydesk_inbox::{Arrival, FoundBy, ScanCause};

/// Open, write a chunk, pause longer than the settle window (and long enough for several
/// scans), repeat, close.
fn write_slowly(path: PathBuf, chunks: usize, pause: Duration) -> Vec<u8> {
    let mut file = fs::File::create(&path).unwrap();
    let mut all = Vec::new();
    for i in 0..chunks {
        let chunk = format!("<p>paragraph {i} of a slow story</p>\n").repeat(50);
        file.write_all(chunk.as_bytes()).unwrap();
        file.flush().unwrap();
        all.extend_from_slice(chunk.as_bytes());
        std::thread::sleep(pause);
    }
    drop(file);
    all
}

#[test]
fn a_slow_writer_is_not_handed_over_half_written_in_event_mode() {
    // Settle windows far shorter than the writer's pauses, and a scan every 30 ms: only the
    // write-in-progress marks keep the scans off the file until its close event.
    let w = watched(|c| {
        c.settle = Duration::from_millis(40);
        c.scan_settle = Duration::from_millis(40);
        c.rescan_interval = Duration::from_millis(30);
    });
    let path = w.root.join("slow.xml");
    let content = write_slowly(path.clone(), 5, Duration::from_millis(150));
    let file = expect_ready(&w.rx, LONG);
    assert_eq!(file.path, path);
    assert_eq!(file.bytes.len(), content.len());
    assert!(file.bytes == content, "handed over half-written");
    events_caught_up(w.inbox(), &w.rx);
}

#[test]
fn a_slow_writer_is_not_handed_over_half_written_in_polling_mode() {
    // No events: the scan settle window (longer than the writer's pauses) is the only guard.
    let w = watched(|c| {
        c.polling = true;
        c.poll_interval = Duration::from_millis(30);
        c.scan_settle = Duration::from_millis(400);
    });
    let path = w.root.join("slow.xml");
    let content = write_slowly(path.clone(), 5, Duration::from_millis(150));
    let file = expect_ready(&w.rx, LONG);
    assert!(file.bytes == content, "handed over half-written");
    assert_eq!(file.found_by, FoundBy::Scan);
}

#[test]
fn temp_names_are_ignored_until_renamed() {
    let w = watched(|c| {
        c.rescan_interval = Duration::from_millis(50);
        c.write_grace = Duration::from_millis(100);
    });
    for name in [
        "a.xml.tmp",
        "b.part",
        ".in.c.xml.",
        "d.xml~",
        "~$e.docx",
        "f.crdownload",
    ] {
        fs::write(w.root.join(name), b"partial").unwrap();
    }
    // Their events were handled, and a periodic scan has run since: still nothing.
    events_caught_up(w.inbox(), &w.rx);
    a_scan_has_run(w.inbox(), &w.rx);
    fs::rename(w.root.join("a.xml.tmp"), w.root.join("a.xml")).unwrap();
    let file = expect_ready(&w.rx, LONG);
    assert_eq!(file.relative, PathBuf::from("a.xml"));
    assert_eq!(file.bytes, b"partial");
    assert_eq!(file.found_by, FoundBy::Event);
    w.inbox().archive(&file.path, day()).unwrap();
    events_caught_up(w.inbox(), &w.rx);
}

#[test]
fn a_file_moved_in_from_outside_is_picked_up() {
    let outside = tempfile::tempdir().unwrap();
    let w = watched(|_| {});
    // Same volume as the inbox? tempdirs share /tmp, so this is a rename, as a mover would do.
    let staged = outside.path().join("story.xml");
    fs::write(&staged, b"moved in").unwrap();
    fs::rename(&staged, w.root.join("story.xml")).unwrap();
    let file = expect_ready(&w.rx, LONG);
    assert_eq!(file.bytes, b"moved in");
    assert_eq!(file.found_by, FoundBy::Event);
}

#[test]
fn a_file_deleted_before_it_is_read_is_skipped_quietly() {
    let w = watched(|c| c.settle = Duration::from_millis(200));
    for i in 0..50 {
        let path = w.root.join(format!("gone-{i}.xml"));
        fs::write(&path, b"soon gone").unwrap();
        fs::remove_file(&path).unwrap();
    }
    fs::write(w.root.join("kept.xml"), b"kept").unwrap();
    let file = expect_ready(&w.rx, LONG);
    assert_eq!(file.relative, PathBuf::from("kept.xml"));
    w.inbox().archive(&file.path, day()).unwrap();
    // Every event was handled: nothing else came (no fault either).
    events_caught_up(w.inbox(), &w.rx);
    let seen: Vec<Arrival> = w.rx.try_iter().collect();
    assert!(
        seen.iter().all(|a| !matches!(a, Arrival::Fault { .. })),
        "{seen:?}"
    );
}

#[test]
fn files_in_subfolders_are_taken_including_new_and_moved_in_folders() {
    let outside = tempfile::tempdir().unwrap();
    let w = watched(|_| {});
    // A folder created after the watch started, written into at once (before its own watch
    // can exist): the folder's walk or its events find the file.
    fs::create_dir_all(w.root.join("afp/sport")).unwrap();
    fs::write(w.root.join("afp/sport/goal.xml"), b"goal").unwrap();
    // A folder prepared elsewhere and moved in whole.
    fs::create_dir(outside.path().join("reuters")).unwrap();
    fs::write(outside.path().join("reuters/r1.xml"), b"r1").unwrap();
    fs::write(outside.path().join("reuters/r2.xml"), b"r2").unwrap();
    fs::rename(outside.path().join("reuters"), w.root.join("reuters")).unwrap();

    let mut got = Vec::new();
    for _ in 0..3 {
        let file = expect_ready(&w.rx, LONG);
        got.push(file.relative.clone());
        let archived = w.inbox().archive(&file.path, day()).unwrap();
        assert_eq!(
            archived,
            w.root.join("Archive/2026-11-29").join(&file.relative)
        );
    }
    got.sort();
    assert_eq!(
        got,
        ["afp/sport/goal.xml", "reuters/r1.xml", "reuters/r2.xml"].map(PathBuf::from)
    );

    // The new folder is watched: a later file is found by its close event.
    fs::write(w.root.join("afp/sport/later.xml"), b"later").unwrap();
    let file = expect_ready(&w.rx, LONG);
    assert_eq!(file.relative, PathBuf::from("afp/sport/later.xml"));
    assert_eq!(file.found_by, FoundBy::Event);
    w.inbox().archive(&file.path, day()).unwrap();
    events_caught_up(w.inbox(), &w.rx);
}

#[test]
fn polling_mode_finds_files_without_events() {
    let w = watched(|c| c.polling = true);
    fs::create_dir(w.root.join("share")).unwrap();
    fs::write(w.root.join("share/nfs.xml"), b"from a share").unwrap();
    fs::write(w.root.join("top.xml"), b"top").unwrap();
    let mut got = vec![
        expect_ready(&w.rx, LONG).relative,
        expect_ready(&w.rx, LONG).relative,
    ];
    got.sort();
    assert_eq!(got, ["share/nfs.xml", "top.xml"].map(PathBuf::from));
    // A later poll finds nothing more.
    a_scan_has_run(w.inbox(), &w.rx);
}

#[test]
fn a_requested_rescan_takes_a_file_whose_close_event_never_came() {
    // The writer keeps the file open: no close-after-write. Once its last write is older than
    // the grace, a rescan (the overflow path) takes it after the scan settle window.
    // The file is written after the startup scan (done once `first.xml` is handed over), so
    // only the requested rescan can find it. (A scan that finds it while a writer is marked
    // keeps it settling, and takes it once the mark ages out: see the unit tests in watch.rs.)
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("first.xml"), b"first").unwrap();
    let w = watched_in(dir, |c| c.write_grace = Duration::from_millis(300));
    assert_eq!(
        expect_ready(&w.rx, LONG).relative,
        PathBuf::from("first.xml")
    );
    let mut file = fs::File::create(w.root.join("open.xml")).unwrap();
    file.write_all(b"complete but never closed").unwrap();
    file.sync_all().unwrap();
    expect_nothing(&w.rx, Duration::from_millis(600));
    w.watch.rescan();
    let mut saw_scan = false;
    let ready = loop {
        match w.rx.recv_timeout(LONG).unwrap() {
            Arrival::Scanned { cause, found } => {
                assert_eq!((cause, found), (ScanCause::Requested, 1));
                saw_scan = true;
            }
            Arrival::Ready(ready) => break ready,
            other => panic!("unexpected {other:?}"),
        }
    };
    assert!(saw_scan);
    assert_eq!(ready.bytes, b"complete but never closed");
    assert_eq!(ready.found_by, FoundBy::Scan);
    drop(file);
}

#[test]
fn an_overflowing_event_queue_turns_into_a_rescan_and_loses_nothing() {
    // A 16-hint queue, and a full sink that nobody reads yet: the inbox thread blocks on its
    // first delivery (the startup scan's progress report for "first.xml"), while notify's
    // callback overflows the queue with the burst's events.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("first.xml"), b"first").unwrap();
    let mut config = config(dir.path());
    config.event_queue = 16;
    let (tx, rx) = copydesk_inbox::crossbeam_channel::bounded(1);
    tx.send(Arrival::Fault {
        message: "filler".into(),
    })
    .unwrap();
    let watch = copydesk_inbox::Inbox::watch(config, tx).unwrap();
    let root = watch.inbox().root().to_path_buf();
    for i in 0..500 {
        fs::write(root.join(format!("s{i:03}.xml")), format!("{i}")).unwrap();
    }
    let mut names = std::collections::HashSet::new();
    let mut rescans = 0;
    while names.len() < 501 {
        match rx.recv_timeout(LONG).unwrap() {
            Arrival::Ready(file) => {
                assert!(
                    names.insert(file.relative.clone()),
                    "twice: {:?}",
                    file.relative
                );
                watch.inbox().archive(&file.path, day()).unwrap();
            }
            Arrival::Scanned {
                cause: ScanCause::Rescan,
                ..
            } => rescans += 1,
            Arrival::Scanned { .. } | Arrival::Fault { .. } => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(rescans >= 1, "the overflow did not lead to a rescan");
    // Every event was handled: no file came twice.
    events_caught_up(watch.inbox(), &rx);
}

#[test]
fn a_removed_inbox_is_reported_once_and_watched_again_when_it_returns() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("Wire");
    fs::create_dir(&root).unwrap();
    let mut config = config(&root);
    config.rescan_interval = Duration::from_millis(100);
    let (tx, rx) = copydesk_inbox::crossbeam_channel::bounded(64);
    let watch = copydesk_inbox::Inbox::watch(config, tx).unwrap();
    let root = watch.inbox().root().to_path_buf();

    fs::rename(&root, parent.path().join("Wire-moved")).unwrap();
    let fault = rx.recv_timeout(LONG).unwrap();
    assert!(matches!(fault, Arrival::Fault { .. }), "{fault:?}");
    // Several periodic scans fail meanwhile (every 100 ms).
    std::thread::sleep(Duration::from_millis(350));
    // Files written into the moved folder are not reported under the old name.
    fs::write(parent.path().join("Wire-moved/stray.xml"), b"stray").unwrap();

    fs::create_dir(&root).unwrap();
    fs::create_dir(root.join("sub")).unwrap();
    fs::write(root.join("back.xml"), b"back").unwrap();
    // The scan that found the folder again ran after the failing ones: by the time it hands
    // back.xml over, any second report of the same trouble would have come.
    let file = loop {
        match rx.recv_timeout(LONG).unwrap() {
            Arrival::Ready(file) => break file,
            Arrival::Scanned { .. } => {}
            other => panic!("one report only, then back.xml; got {other:?}"),
        }
    };
    assert_eq!(file.path, root.join("back.xml"));
    // Watched again, subfolders included (the walk that found back.xml set the watches
    // before listing): a later file arrives by event.
    fs::write(root.join("sub/later.xml"), b"later").unwrap();
    let file = expect_ready(&rx, LONG);
    assert_eq!(file.path, root.join("sub/later.xml"));
    assert_eq!(file.found_by, FoundBy::Event);
    watch.inbox().archive(&file.path, day()).unwrap();
}
