//! Drop-to-hand-off with the default settle window: every file is handed over by its event,
//! never before the settle window. How fast is `benches/handoff.rs`'s claim (p99 under
//! 150 ms, in RELIABILITY.md), not this test's: here a file that never comes (a hang) is the
//! failure, after `LONG`. Its own test binary, so that the burst tests do not compete.
#![allow(clippy::unwrap_used)]

mod common;

use std::fs;
use std::time::Instant;

use common::*;
use copydesk_inbox::crossbeam_channel::bounded;
use copydesk_inbox::{FoundBy, Inbox, InboxConfig};

#[test]
fn every_file_is_handed_over_by_its_event_after_the_settle_window() {
    let dir = tempfile::tempdir().unwrap();
    let config = InboxConfig::new(dir.path()); // defaults: settle 50 ms
    let settle = config.settle;
    let (tx, rx) = bounded(16);
    let watch = Inbox::watch(config, tx).unwrap();
    let root = watch.inbox().root().to_path_buf();
    let mut samples = Vec::new();
    for i in 0..100 {
        let path = root.join(format!("{i:03}.xml"));
        fs::write(&path, vec![b'x'; 4096]).unwrap();
        let closed = Instant::now();
        let file = expect_ready(&rx, LONG);
        samples.push(closed.elapsed());
        assert_eq!(file.path, path);
        assert_eq!(file.found_by, FoundBy::Event);
        watch.inbox().archive(&file.path, day()).unwrap();
    }
    samples.sort();
    let pct = |p: usize| samples[(samples.len() * p / 100).min(samples.len() - 1)];
    eprintln!(
        "close-to-hand-off with settle {settle:?}: p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
        pct(50),
        pct(90),
        pct(99),
        samples[samples.len() - 1]
    );
    // The settle window is the floor.
    assert!(
        samples[0] >= settle,
        "handed over before settling: {:?}",
        samples[0]
    );
}
