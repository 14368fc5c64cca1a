//! Many files at once, and files dropped while nothing watched.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::common::*;
use copydesk_inbox::{Arrival, FoundBy};

const BURST: usize = 10_000;

#[test]
fn a_burst_of_ten_thousand_files_is_handed_over_exactly_once_and_archived() {
    let w = watched(|_| {});
    let root = w.root.clone();
    let started = Instant::now();
    let writer = std::thread::spawn(move || {
        for i in 0..BURST {
            fs::write(
                root.join(format!("story-{i:05}.xml")),
                format!("<story n=\"{i}\"/>"),
            )
            .unwrap();
        }
    });

    let mut handed: HashMap<PathBuf, usize> = HashMap::new();
    let mut by_event = 0usize;
    let deadline = Instant::now() + Duration::from_secs(60);
    while handed.len() < BURST {
        assert!(
            Instant::now() < deadline,
            "only {} of {BURST} handed over",
            handed.len()
        );
        match w.rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Arrival::Ready(file)) => {
                let n: usize = file.relative.to_string_lossy()[6..11].parse().unwrap();
                assert_eq!(file.bytes, format!("<story n=\"{n}\"/>").as_bytes());
                if file.found_by == FoundBy::Event {
                    by_event += 1;
                }
                *handed.entry(file.path.clone()).or_default() += 1;
                w.inbox().archive(&file.path, day()).unwrap();
            }
            Ok(Arrival::Refused {
                path,
                reason,
                message,
            }) => {
                panic!("refused {path:?}: {reason} {message}")
            }
            Ok(_) => {}
            Err(e) => panic!("no arrival after {} hand-offs: {e}", handed.len()),
        }
    }
    let elapsed = started.elapsed();
    writer.join().unwrap();

    // Nothing more may come: a rescan over the (now empty) inbox finds nothing to offer.
    w.watch.rescan();
    let mut extra = Vec::new();
    while let Some(arrival) = next_file(&w.rx, Duration::from_millis(500)) {
        extra.push(arrival);
    }
    assert!(extra.is_empty(), "duplicate hand-offs: {extra:?}");
    assert_eq!(handed.len(), BURST);
    assert!(handed.values().all(|&n| n == 1));
    assert_eq!(w.inbox().held_count(), 0);

    let left: Vec<_> = fs::read_dir(&w.root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| name != "Archive" && name != "Quarantine")
        .collect();
    assert!(left.is_empty(), "left in the inbox: {left:?}");
    let archived = files_below(&w.root.join("Archive/2026-11-29"));
    assert_eq!(archived.len(), BURST);
    eprintln!(
        "burst: {BURST} files handed over and archived in {elapsed:?} ({by_event} found by events)"
    );
}

#[test]
fn files_present_before_watching_are_found_by_the_startup_scan() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    for name in ["a.xml", "b.xml", "sub/c.xml"] {
        fs::write(dir.path().join(name), name).unwrap();
    }
    let w = watched_in(dir, |_| {});
    let mut got = Vec::new();
    for _ in 0..3 {
        let file = expect_ready(&w.rx, LONG);
        assert_eq!(file.found_by, FoundBy::Scan);
        assert_eq!(file.bytes, file.relative.to_string_lossy().as_bytes());
        got.push(file.relative);
    }
    got.sort();
    assert_eq!(got, ["a.xml", "b.xml", "sub/c.xml"].map(PathBuf::from));
    events_caught_up(w.inbox(), &w.rx);
}
