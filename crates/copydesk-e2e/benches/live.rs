//! The newsroom in the real app, measured (issue 10): how long a story another desk files
//! takes to show in this app's window, and what the app costs while it sits connected to a
//! newsroom of 10,000 stories. Not part of the test run (it takes minutes); run under a
//! display:
//!
//! ```sh
//! cargo build -p copydesk-app -p copydesk-server --features copydesk-app/custom-protocol
//! xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \
//!   cargo bench -p copydesk-e2e --bench live
//! ```
//!
//! `COPYDESK_BENCH_STORIES` (default 10,000) and `COPYDESK_BENCH_SAMPLES` (default 100) change
//! the sizes. The figures go in BENCHMARKS.md.
//!
//! Latency: a MutationObserver in the window waits for the new headline in the list and
//! reports the browser's `Date.now()`; the other desk notes the wall clock just before it
//! creates and pushes the story (both clocks are this machine's). The observer is started
//! before the story is created, so nothing is counted from a later look.
use copydesk_core::{ArticleDraft, DataDir, Desk, DeskConfig};
use copydesk_e2e::newsroom::{sign_in, Newsroom, PASSWORD};
use copydesk_e2e::{testid, E2eResult, Harness};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn unix_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// The app's processes: every one started with this test's data folder (WebKit's helpers
/// inherit the environment).
fn app_processes(desk: &Path) -> Vec<u32> {
    let mut wanted = b"COPYDESK_DATA_DIR=".to_vec();
    wanted.extend_from_slice(desk.as_os_str().as_encoded_bytes());
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == wanted.as_slice()))
        })
        .filter(|pid| {
            // Not tauri-driver or WebKitWebDriver, which started the app with the same env.
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .map(|c| !c.contains("tauri-driver") && !c.contains("WebKitWebDriv"))
                .unwrap_or(false)
        })
        .collect()
}

/// CPU ticks (user + system) a process has used.
fn ticks(pid: u32) -> u64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
    let at = |n: usize| {
        fields
            .get(n - 3)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    at(14) + at(15)
}

fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

const WAIT_FOR_HEADLINE: &str = r#"
const [text, done] = arguments;
const seen = () => (document.querySelector('[data-testid=article-list]')?.textContent ?? '').includes(text);
if (seen()) { done(Date.now()); return; }
const watch = new MutationObserver(() => { if (seen()) { watch.disconnect(); done(Date.now()); } });
watch.observe(document.body, { subtree: true, childList: true, characterData: true });
"#;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> E2eResult {
    let stories = env_count("COPYDESK_BENCH_STORIES", 10_000);
    let samples = env_count("COPYDESK_BENCH_SAMPLES", 100);
    let newsroom = Newsroom::start()?;
    let h = Harness::start("bench-live")?;
    let app = h.launch().await?;
    sign_in(&app, &newsroom.url(), "eddie", "an editor").await?;
    app.go("drafts").await?;

    // Another desk files the newsroom's archive; this app follows it in.
    let writer_dir = tempfile::tempdir()?;
    let mut config = DeskConfig::new(DataDir::new(writer_dir.path()));
    config.outbox = writer_dir.path().join("Outbox");
    let wendy = Desk::open(config)?;
    wendy.connect_newsroom(&newsroom.url(), "wendy", PASSWORD)?;
    let seeding = Instant::now();
    for i in 0..stories {
        wendy.create_article(ArticleDraft {
            headline: format!("Archive story {i}"),
            body: "A paragraph of the archive, long enough to be a story's first lines.".into(),
            ..Default::default()
        })?;
    }
    let created = seeding.elapsed();
    wendy.sync_newsroom()?;
    let pushed = seeding.elapsed();
    let shown = testid("list-shown");
    let all = stories.to_string();
    app.wait_until(
        "the whole archive in the app",
        Duration::from_secs(600),
        || app.text(&shown),
        |t| t.as_deref() == Some(all.as_str()),
    )
    .await?;
    let followed = seeding.elapsed();
    eprintln!(
        "seeded {stories} stories: created in {:.1} s, pushed by {:.1} s, all in the app's list by {:.1} s",
        created.as_secs_f64(),
        pushed.as_secs_f64(),
        followed.as_secs_f64()
    );

    // Desk A files → desk B's window shows it.
    let mut latencies = Vec::with_capacity(samples);
    for i in 0..samples {
        let headline = format!("Live story {i} from the other desk");
        let client = (*app).clone();
        let wanted = headline.clone();
        let watch = tokio::spawn(async move {
            client
                .execute_async(WAIT_FOR_HEADLINE, vec![serde_json::json!(wanted)])
                .await
        });
        // Let the observer start before the story exists.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let start = unix_ms();
        wendy.create_article(ArticleDraft {
            headline,
            ..Default::default()
        })?;
        wendy.push_newsroom()?;
        let seen = watch.await??.as_f64().ok_or("no time from the window")?;
        latencies.push(seen - start);
    }
    latencies.sort_by(f64::total_cmp);
    eprintln!(
        "desk A files → desk B's window: {samples} samples, p50 {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.9),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or(0.0)
    );

    // Idle while connected: let it settle, then count CPU ticks over 30 s.
    tokio::time::sleep(Duration::from_secs(10)).await;
    let pids = app_processes(&h.desk_dir());
    let before: u64 = pids.iter().map(|p| ticks(*p)).sum();
    let window = Duration::from_secs(30);
    tokio::time::sleep(window).await;
    let after: u64 = pids.iter().map(|p| ticks(*p)).sum();
    let hz = 100.0; // USER_HZ on Linux
    let cpu = (after - before) as f64 / hz / window.as_secs_f64() * 100.0;
    let mut total = 0;
    for pid in &pids {
        let kib = pss_kib(*pid);
        total += kib;
        eprintln!("  {:<20} {:>7} KiB PSS", comm(*pid), kib);
    }
    eprintln!(
        "idle, connected, {stories} stories: CPU {cpu:.2} % of one core over {} s; PSS {:.0} MiB in {} processes",
        window.as_secs(),
        total as f64 / 1024.0,
        pids.len()
    );
    h.quit(app).await?;
    drop(newsroom);
    Ok(())
}
