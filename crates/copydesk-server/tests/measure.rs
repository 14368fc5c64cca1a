//! Measurements, not timed tests (ignored by default). Run in release:
//! `cargo test --release -p copydesk-server --test measure -- --ignored --nocapture`
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use copydesk_newsroom::OpOutcome;
use std::time::{Duration, Instant};
use support::*;
use uuid::Uuid;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Change pushed on desk A → seen by desk B's long poll (two server processes, loopback).
#[test]
#[ignore]
fn measure_push_to_pull_latency() {
    let n = Newsroom::new();
    let s1 = InProcess::start(test_config(&n.db));
    let s2 = InProcess::start(test_config(&n.db));
    let a = desk(&s1.url(), "wendy");
    let b = desk(&s2.url(), "eddie");
    let mut since = b.pull(0, 500, None).unwrap().last_seq;
    let mut samples = Vec::new();
    for _ in 0..200 {
        let a2 = a.clone();
        let pusher = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(5));
            let t = Instant::now();
            a2.push(&[create(Uuid::new_v4(), "Latency")]).unwrap();
            t
        });
        let page = b.pull(since, 500, Some(Duration::from_secs(10))).unwrap();
        let seen = Instant::now();
        assert!(!page.changes.is_empty());
        since = page.last_seq;
        samples.push(seen - pusher.join().unwrap());
        // Drain the rest of the change (the revision may come in a later page).
        since = b.pull(since, 500, None).unwrap().last_seq;
    }
    samples.sort();
    eprintln!(
        "push on A (server 1) -> B's long poll answered (server 2), n={}: p50 {:?}, p99 {:?}, max {:?}",
        samples.len(),
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples[samples.len() - 1]
    );
}

/// Operations per second with many desks pushing, beside PostgreSQL inserting the same rows
/// (article + revision per transaction) over as many connections.
#[test]
#[ignore]
fn measure_push_throughput() {
    let n = Newsroom::new();
    let server = InProcess::start(test_config(&n.db));
    // Issue 9 asks for 50 desks; COPYDESK_MEASURE_DESKS changes it (16 was the earlier runs).
    let desks: usize = std::env::var("COPYDESK_MEASURE_DESKS")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(50);
    // 50 batches of 50 desks: ~5 s, long enough that warming up (connections, prepared statements) is
    // not most of it; COPYDESK_MEASURE_BATCHES changes it (perf record -a over a longer one).
    let batches: usize = std::env::var("COPYDESK_MEASURE_BATCHES")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(50);
    let per_batch = 10;
    let started = Instant::now();
    let threads: Vec<_> = (0..desks)
        .map(|_| {
            let url = server.url();
            std::thread::spawn(move || {
                let c = desk(&url, "wendy");
                for _ in 0..batches {
                    let ops: Vec<_> = (0..per_batch)
                        .map(|_| create(Uuid::new_v4(), "Throughput"))
                        .collect();
                    let r = c.push(&ops).unwrap();
                    assert!(r.results.iter().all(|r| r.outcome == OpOutcome::Applied));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let took = started.elapsed();
    let ops = desks * batches * per_batch;
    let server_rate = ops as f64 / took.as_secs_f64();

    // PostgreSQL alone: the same two rows per transaction, same number of connections.
    let db = n.db.clone();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let raw_took = rt.block_on(async move {
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..desks {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let (mut client, conn) = tokio_postgres::connect(&db, tokio_postgres::NoTls)
                    .await
                    .unwrap();
                tokio::spawn(conn);
                // Prepared once per connection, as the server's statement cache does.
                let article = client
                    .prepare(
                        "INSERT INTO articles (id, slug, headline, standfirst, byline, dateline,
                           section, body, tags, urgency, status, author, word_count, version,
                           created_at, updated_at)
                         VALUES ($1, '', 'Raw', '', '', '', '', 'First paragraph.', '{}', 5,
                           'draft', 'wendy', 2, 1, 0, 0)",
                    )
                    .await
                    .unwrap();
                let revision = client
                    .prepare(
                        "INSERT INTO revisions (id, article, version, kind, author, created_at,
                           updated_at, headline, standfirst, body, tags)
                         VALUES ($1, $2, 1, 'created', 'wendy', 0, 0, 'Raw', '', 'First paragraph.', '{}')",
                    )
                    .await
                    .unwrap();
                for _ in 0..batches * per_batch {
                    let tx = client.transaction().await.unwrap();
                    let id = Uuid::new_v4();
                    tx.execute(&article, &[&id]).await.unwrap();
                    tx.execute(&revision, &[&Uuid::new_v4(), &id]).await.unwrap();
                    tx.commit().await.unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        started.elapsed()
    });
    let raw_rate = ops as f64 / raw_took.as_secs_f64();
    eprintln!(
        "{desks} desks, {ops} article_create ops in batches of {per_batch}: {server_rate:.0} ops/s \
         through the server ({took:?}); PostgreSQL alone, same rows: {raw_rate:.0} tx/s ({raw_took:?}); \
         ratio {:.2}",
        server_rate / raw_rate
    );
}

fn proc_stat(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let rss_kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = stat.rsplit_once(')').unwrap().1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // utime and stime (fields 14 and 15 of stat; 12 and 13 after the command).
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    (rss_kb, ticks)
}

/// Memory and CPU of one server process (the real binary) with 500 desks holding long polls.
#[test]
#[ignore]
fn measure_idle_desks() {
    let n = Newsroom::new();
    let server = Process::start(&n.db, &[]);
    let pid = server.child.id();
    let (rss_before, _) = proc_stat(pid);
    let token = {
        let c = desk(&server.url(), "wendy");
        c.token().unwrap().to_string()
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let desks: Vec<_> = (0..500)
        .map(|_| {
            let (url, token, stop) = (server.url(), token.clone(), stop.clone());
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    let c = copydesk_newsroom::Client::new(&url).with_token(token);
                    let since = c.pull(0, 500, None).unwrap().last_seq;
                    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                        c.pull(since, 500, Some(Duration::from_secs(5))).unwrap();
                    }
                })
                .unwrap()
        })
        .collect();
    std::thread::sleep(Duration::from_secs(5));
    let (_, t0) = proc_stat(pid);
    let started = Instant::now();
    std::thread::sleep(Duration::from_secs(20));
    let (rss, t1) = proc_stat(pid);
    let secs = started.elapsed().as_secs_f64();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for d in desks {
        d.join().unwrap();
    }
    eprintln!(
        "500 idle desks long-polling (wait=5 s) on one server process: RSS {} MiB (idle before: {} MiB), CPU {:.1}% of one core over {secs:.0} s",
        rss / 1024,
        rss_before / 1024,
        (t1 - t0) as f64 / 100.0 / secs * 100.0
    );
}
