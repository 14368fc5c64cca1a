//! Close-to-hand-off latency with the default settle window (50 ms): a file written into a
//! watched inbox, timed from the return of the write (after close) until the `Ready` arrival.
//! 500 files, one at a time. The goal: p99 under 150 ms. It prints p50/p90/p99/max and asserts
//! nothing (speed is measured here, not in tests). `cargo bench -p copydesk-inbox --bench
//! handoff`; the figures are in RELIABILITY.md.

use copydesk_inbox::crossbeam_channel::bounded;
use copydesk_inbox::{Arrival, Inbox, InboxConfig};
use std::time::{Duration, Instant};

const DROPS: usize = 500;

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = InboxConfig::new(dir.path());
    let settle = config.settle;
    let (tx, rx) = bounded(16);
    let watch = Inbox::watch(config, tx).expect("watch");
    let root = watch.inbox().root().to_path_buf();
    let day = jiff::civil::date(2026, 11, 29);
    let mut samples = Vec::with_capacity(DROPS);
    for i in 0..DROPS {
        let path = root.join(format!("{i:04}.xml"));
        std::fs::write(&path, vec![b'x'; 4096]).expect("write");
        let closed = Instant::now();
        let file = loop {
            match rx
                .recv_timeout(Duration::from_secs(30))
                .expect("a hand-off")
            {
                Arrival::Ready(file) => break file,
                _ => continue,
            }
        };
        samples.push(closed.elapsed());
        watch.inbox().archive(&file.path, day).expect("archive");
    }
    samples.sort();
    let pct = |p: usize| samples[(samples.len() * p / 100).min(samples.len() - 1)];
    println!(
        "close-to-hand-off, {DROPS} files, settle {settle:?}: p50 {:?}, p90 {:?}, p99 {:?}, max {:?} (goal: p99 < 150 ms)",
        pct(50),
        pct(90),
        pct(99),
        samples[samples.len() - 1]
    );
}
