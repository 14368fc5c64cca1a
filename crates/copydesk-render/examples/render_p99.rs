//! Renders the benchmark's ~10,000-word article 1,000 times and prints per-render percentiles,
//! which criterion does not report. Run with
//! `cargo run --release -p copydesk-render --example render_p99`.

use std::time::{Duration, Instant};

use copydesk_render::{render, RenderOptions};

#[path = "../benches/support/article.rs"]
mod article;

const RUNS: usize = 1_000;

fn main() {
    let markdown = article::article(10_000);
    let options = RenderOptions::default();
    let words = markdown.split_whitespace().count();
    // Warm caches and the sanitiser's lazily built policy before timing.
    for _ in 0..20 {
        std::hint::black_box(render(&markdown, &options));
    }
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(render(std::hint::black_box(&markdown), &options));
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    let at = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
    let html = render(&markdown, &options).html;
    println!(
        "article: {words} words, {} bytes Markdown, {} bytes HTML; {RUNS} renders",
        markdown.len(),
        html.len()
    );
    println!(
        "p50 {:.2?}  p90 {:.2?}  p99 {:.2?}  max {:.2?}",
        at(50),
        at(90),
        at(99),
        times[times.len() - 1]
    );
}
