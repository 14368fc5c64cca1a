//! Time to read one news page (goal: ≤ 5 ms for a 200 KB saved page).
//!
//! * `pages/html_200kb`: the corpus's `herald.html` grown to ~200 KB the way real pages are
//!   big: an inline state script, a mega-menu of links and a grid of teasers under the story.
//! * `pages/corpus_html` and `pages/corpus_text`: every page of the corpus, one after the
//!   other (criterion reports the time for all of them; divide by the page count printed).

use std::time::Duration;

use copydesk_wire::{read, Limits};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "support/big_page.rs"]
mod big_page;
use big_page::big_page;

fn dir() -> String {
    format!("{}/tests/pages", env!("CARGO_MANIFEST_DIR"))
}

fn corpus(ext: &str) -> Vec<Vec<u8>> {
    let mut names: Vec<_> = std::fs::read_dir(dir())
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn pages(c: &mut Criterion) {
    let limits = Limits::default();
    let big = big_page();
    assert!((190_000..=215_000).contains(&big.len()), "{}", big.len());
    let item = &read(big.as_bytes(), &limits).expect("reads").items[0];
    assert_eq!(
        item.headline,
        "Harbour authority halts dredging after seagrass die-off"
    );
    let mut group = c.benchmark_group("pages");
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function("html_200kb", |b| {
        b.iter(|| read(std::hint::black_box(big.as_bytes()), &limits))
    });
    for ext in ["html", "txt"] {
        let pages = corpus(ext);
        let bytes: usize = pages.iter().map(Vec::len).sum();
        println!("pages/corpus_{ext}: {} pages, {bytes} bytes", pages.len());
        group.throughput(Throughput::Bytes(bytes as u64));
        let name = if ext == "html" {
            "corpus_html"
        } else {
            "corpus_text"
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                for p in &pages {
                    let _ = read(std::hint::black_box(p), &limits);
                }
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // Small numbers: a 2-core CI machine should finish this in seconds, not minutes.
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = pages
}
criterion_main!(benches);
