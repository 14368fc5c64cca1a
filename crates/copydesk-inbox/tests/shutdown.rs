//! Dropping the handle stops the inbox's threads. Its own test binary, so that no other
//! test's threads are counted.
#![allow(clippy::unwrap_used)]

mod common;

use std::fs;
use std::time::Duration;

use common::*;
use copydesk_inbox::crossbeam_channel::bounded;
use copydesk_inbox::{Arrival, Inbox};

/// Threads of this process whose name starts with `prefix` (Linux: /proc/self/task/*/comm,
/// names cut at 15 bytes).
fn threads_named(prefix: &str) -> usize {
    fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|task| fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|name| name.trim_end().starts_with(prefix))
        .count()
}

/// Drop `value` on another thread; true if that finished within `limit`.
fn drops_within<T: Send + 'static>(value: T, limit: Duration) -> bool {
    let (done_tx, done_rx) = bounded(1);
    std::thread::spawn(move || {
        drop(value);
        let _ = done_tx.send(());
    });
    done_rx.recv_timeout(limit).is_ok()
}

#[test]
fn dropping_the_handle_or_the_receiver_stops_the_threads() {
    // Watching (event mode): the inbox thread and notify's reader thread.
    let w = watched(|_| {});
    fs::write(w.root.join("a.xml"), b"a").unwrap();
    assert_eq!(expect_ready(&w.rx, LONG).bytes, b"a");
    assert!(wait_until(LONG, || threads_named("copydesk-inbox") == 1));
    assert_eq!(threads_named("notify-rs"), 1);
    assert!(w.watch.is_running());
    assert!(
        drops_within(w.watch, Duration::from_secs(2)),
        "drop did not return"
    );
    assert!(
        wait_until(Duration::from_secs(2), || threads_named("copydesk-inbox")
            == 0
            && threads_named("notify-rs") == 0),
        "threads left: {} inbox, {} notify",
        threads_named("copydesk-inbox"),
        threads_named("notify-rs")
    );

    // Blocked on a full sink nobody reads: the drop still returns promptly.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5 {
        fs::write(dir.path().join(format!("{i}.xml")), b"x").unwrap();
    }
    let (tx, rx) = bounded(1);
    let watch = Inbox::watch(config(dir.path()), tx).unwrap();
    // Wait until the sink is full and the thread is stuck on the next arrival.
    assert!(wait_until(LONG, || rx.is_full() && watch.inbox().held_count() >= 1));
    let inbox = watch.inbox().clone();
    assert!(
        drops_within(watch, Duration::from_secs(2)),
        "drop hung on a full sink"
    );
    assert!(wait_until(Duration::from_secs(2), || threads_named(
        "copydesk-inbox"
    ) == 0
        && threads_named("notify-rs") == 0));
    // What was handed over is what the channel holds; nothing undelivered stays held.
    let delivered = rx
        .try_iter()
        .filter(|a| matches!(a, Arrival::Ready(_)))
        .count();
    assert_eq!(inbox.held_count(), delivered);

    // Polling mode has no notify thread at all, and stops the same way.
    let p = watched(|c| c.polling = true);
    // (A new thread names itself once running.)
    assert!(wait_until(LONG, || threads_named("copydesk-inbox") == 1));
    assert_eq!(threads_named("notify-rs"), 0);
    drop(p.watch);
    assert_eq!(threads_named("copydesk-inbox"), 0);

    // (One test function: tests in one binary run in parallel and would count each other's
    // threads.) A consumer that goes away stops the thread too.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.xml"), b"a").unwrap();
    let (tx, rx) = bounded(4);
    let watch = Inbox::watch(config(dir.path()), tx).unwrap();
    drop(rx);
    assert!(wait_until(LONG, || !watch.is_running()));
    drop(watch);
    assert!(wait_until(Duration::from_secs(2), || threads_named(
        "notify-rs"
    ) == 0));
}
