//! Drop-to-committed latency: a wire file written into a watched inbox (timed from the return
//! of the write, i.e. after close) until the import is committed and its change event reaches
//! a `Desk::on_change` listener. 1,000 files, one at a time, each waited for and followed by a
//! short pause, so every file is its own event and its own batch.
//!
//! Not a criterion bench (criterion reports no percentiles): it prints p50/p90/p99/max. It
//! asserts nothing about time. `cargo bench -p copydesk-core --bench wire_latency`; see
//! BENCHMARKS.md.

use copydesk_core::{Change, DataDir, Desk, DeskConfig, ImportOutcome, InboxConfig, IncomingFile};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "support/corpus.rs"]
mod corpus;

const DROPS: usize = 1_000;
const PAUSE: Duration = Duration::from_millis(20);

/// The first `DROPS` corpus copies whose import announces news (a new story or an update),
/// in corpus order: older versions kept as history and unreadable files announce no
/// `WireReceived`, so they are left out (found by importing the copies once beforehand).
fn files_that_announce() -> Vec<(String, Vec<u8>)> {
    let samples = corpus::samples();
    let candidates = corpus::replicate(&samples, DROPS * 3 / 2);
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = Desk::open(DeskConfig::new(DataDir::new(dir.path().join("desk")))).expect("desk");
    let mut keep = Vec::with_capacity(DROPS);
    for (name, bytes) in candidates {
        let report = desk
            .import_file(IncomingFile {
                name: &name,
                bytes: &bytes,
            })
            .expect("import");
        let news = report
            .lines
            .iter()
            .any(|l| matches!(l.outcome, ImportOutcome::New | ImportOutcome::Update));
        if news {
            keep.push((name, bytes));
            if keep.len() == DROPS {
                break;
            }
        }
    }
    assert_eq!(keep.len(), DROPS, "not enough files that announce news");
    keep
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: run briefly then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let files = files_that_announce();
    let files = if quick { &files[..20] } else { &files[..] };

    let dir = tempfile::tempdir().expect("tempdir");
    let desk =
        Arc::new(Desk::open(DeskConfig::new(DataDir::new(dir.path().join("desk")))).expect("desk"));
    let (tx, rx) = mpsc::channel::<Instant>();
    let tx = Mutex::new(tx);
    desk.on_change(move |change| {
        // Stamped on the worker thread, right after the commit.
        let at = Instant::now();
        if matches!(change, Change::WireReceived { .. }) {
            let _ = tx.lock().expect("listener").send(at);
        }
    });
    let inbox = dir.path().join("Wire");
    std::fs::create_dir_all(&inbox).expect("inbox");
    let config = InboxConfig::new(&inbox);
    let settle = config.settle;
    let watch = desk.watch_inbox(config).expect("watch");
    // Let the startup scan pass.
    std::thread::sleep(Duration::from_millis(200));

    let started = Instant::now();
    let mut latencies = Vec::with_capacity(files.len());
    let mut missed = 0;
    for (name, bytes) in files {
        let path = inbox.join(name);
        std::fs::write(&path, bytes).expect("write");
        let dropped = Instant::now();
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(at) => latencies.push(at.saturating_duration_since(dropped)),
            Err(_) => missed += 1,
        }
        std::thread::sleep(PAUSE);
    }
    let elapsed = started.elapsed();
    drop(watch);

    latencies.sort();
    let n = latencies.len();
    let mean = latencies.iter().sum::<Duration>() / n.max(1) as u32;
    println!(
        "wire_latency: {n} files dropped one at a time ({missed} missed) in {:.1} s; settle window {}",
        elapsed.as_secs_f64(),
        ms(settle)
    );
    println!(
        "wire_latency: drop -> committed + event: p50 {}  p90 {}  p99 {}  max {}  mean {}  min {}",
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 90.0)),
        ms(percentile(&latencies, 99.0)),
        ms(latencies[n - 1]),
        ms(mean),
        ms(latencies[0]),
    );
    let beyond = |p: f64| percentile(&latencies, p).saturating_sub(settle);
    println!(
        "wire_latency: beyond the settle window: p50 {}  p90 {}  p99 {}  max {}",
        ms(beyond(50.0)),
        ms(beyond(90.0)),
        ms(beyond(99.0)),
        ms(latencies[n - 1].saturating_sub(settle)),
    );
}
