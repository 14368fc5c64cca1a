//! Renders a ~10,000-word article: the live preview's budget is one frame (p99 ≤ 16 ms).

use std::time::Duration;

use copydesk_render::{render, RenderOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "support/article.rs"]
mod article;

fn long_article(c: &mut Criterion) {
    let markdown = article::article(10_000);
    let options = RenderOptions::default();
    let mut group = c.benchmark_group("render");
    group.throughput(Throughput::Bytes(markdown.len() as u64));
    group.bench_function("article_10k_words", |b| {
        b.iter(|| render(std::hint::black_box(&markdown), &options))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    // Small numbers: a 2-core CI machine should finish this in seconds, not minutes.
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = long_article
}
criterion_main!(benches);
