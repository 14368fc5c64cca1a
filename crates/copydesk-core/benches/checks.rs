//! The checks that run a moment after typing stops (issue 13), through the public `Desk` API
//! on a real SQLite file with 10,000 wire files in it (the sample corpus, replicated):
//!
//! - `check_text`: the house style over the whole body (what the editor's style marks ask);
//! - `article_provenance`: the wire match over the whole body (what the wire marks and the
//!   details panel ask): the FTS5 phrase search for candidates, then the word-run match.
//!
//! Each on a 1,000-word and a 10,000-word draft made of agency copy (an AAP item, as taken to
//! the desk) and the desk's own sentences. Timed one by one with `Instant`; p50/p99/max
//! printed. The editor waits 600 ms (style) and 1 s (provenance) after the last key before it
//! asks, so these are the time from that moment to the marks' data. Nothing here asserts.
//! `cargo bench -p copydesk-core --bench checks`; see BENCHMARKS.md.
#[path = "support/corpus.rs"]
mod corpus;

use copydesk_core::{ArticleDraft, DataDir, Desk, DeskConfig, IncomingFile, ManualClock};
use std::sync::Arc;
use std::time::{Duration, Instant};

const WIRE_FILES: usize = 10_000;
const RUNS: usize = 100;

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "{what}: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} runs)",
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    );
}

/// A body of about `words` words: agency paragraphs and the desk's own, alternating.
fn body(agency: &str, words: usize) -> String {
    const OWN: &str =
        "Our reporter spent the morning at the harbour, where fishing crews watched the \
                       grey water and talked about prices, the weather and the coming season.";
    let mut out = String::new();
    let mut n = 0;
    let mut k = 0;
    while n < words {
        let part = if k % 2 == 0 { agency } else { OWN };
        out.push_str(part);
        out.push_str("\n\n");
        n += part.split_whitespace().count();
        k += 1;
    }
    out
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = DeskConfig::new(DataDir::new(dir.path()));
    config.clock = Arc::new(ManualClock::new(
        "2026-12-01T09:00:00Z".parse().expect("time"),
    ));
    config.outbox = dir.path().join("Outbox");
    let desk = Desk::open(config).expect("desk");

    let started = Instant::now();
    let files = corpus::replicate(&corpus::samples(), WIRE_FILES);
    for chunk in files.chunks(200) {
        let batch: Vec<IncomingFile<'_>> = chunk
            .iter()
            .map(|(name, bytes)| IncomingFile { name, bytes })
            .collect();
        desk.import_files(&batch).expect("import");
    }
    println!(
        "{WIRE_FILES} wire files imported in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let aap = std::fs::read(corpus::samples_dir().join("nitf/aap.xml")).expect("aap");
    let item = desk
        .import_file(IncomingFile {
            name: "aap-again.xml",
            bytes: &aap,
        })
        .expect("import")
        .lines[0]
        .item
        .clone()
        .expect("item");
    for words in [1_000, 10_000] {
        let text = body(&item.copy.body, words);
        let draft = desk
            .create_article(ArticleDraft {
                headline: format!("{words} words"),
                body: text.clone(),
                wire_item_id: Some(item.id),
                ..Default::default()
            })
            .expect("draft");
        let mut style = Vec::new();
        let mut provenance = Vec::new();
        let mut percent = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            std::hint::black_box(desk.check_text(&text).expect("check"));
            style.push(t.elapsed());
            let t = Instant::now();
            percent = desk
                .article_provenance(draft.id, Some(&text))
                .expect("provenance")
                .wire_percent;
            provenance.push(t.elapsed());
        }
        let real = text.split_whitespace().count();
        report(&format!("check_text, {real} words"), style);
        report(
            &format!("article_provenance, {real} words ({percent}% wire)"),
            provenance,
        );
    }
}
