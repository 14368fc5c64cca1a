//! Bursts that overflow the event queue: the rescan must not leave files behind.
#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::fs;
use std::time::{Duration, Instant};

use crate::common::*;
use copydesk_inbox::Arrival;

/// The race of the 10k-file burst, made to happen every time: the inbox thread is held up (its
/// sink is full) while a burst is written, so the event queue fills with more than one batch of
/// hints and then drops the rest. The queue's size is three hints per file (create, write,
/// close) plus two, so the last file in it has its create and write hints queued and its close
/// hint dropped. The rescan finds that file complete; its stale hints, handled after the
/// rescan, must not hold it back.
#[test]
fn a_file_whose_close_event_was_dropped_is_taken_after_the_rescan() {
    const QUEUED_FILES: usize = 2_000;
    const FILES: usize = 2_500;
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("first.xml"), b"first").unwrap();
    let mut config = config(dir.path());
    config.event_queue = 3 * QUEUED_FILES + 2;
    let (tx, rx) = copydesk_inbox::crossbeam_channel::bounded(1);
    tx.send(Arrival::Fault {
        message: "filler".into(),
    })
    .unwrap();
    let watch = copydesk_inbox::Inbox::watch(config, tx).unwrap();
    let root = watch.inbox().root().to_path_buf();
    for i in 0..FILES {
        fs::write(root.join(format!("s{i:05}.xml")), format!("{i}")).unwrap();
    }
    // Let notify's thread pass every event on (or drop it) before the inbox thread moves.
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let mut names = HashSet::new();
    while names.len() < FILES + 1 {
        match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(Arrival::Ready(file)) => {
                assert!(names.insert(file.relative.clone()), "twice: {file:?}");
                watch.inbox().archive(&file.path, day()).unwrap();
            }
            Ok(Arrival::Refused { path, reason, .. }) => panic!("refused {path:?}: {reason}"),
            Ok(_) => {}
            Err(_) => {
                let missing: Vec<_> = (0..FILES)
                    .map(|i| format!("s{i:05}.xml"))
                    .filter(|name| !names.contains(std::path::Path::new(name)))
                    .collect();
                panic!("stuck after {:?}; missing {missing:?}", started.elapsed());
            }
        }
    }
    eprintln!(
        "held-up burst: {} files in {:?}",
        FILES + 1,
        started.elapsed()
    );
}
