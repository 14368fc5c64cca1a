//! Reading lists a page at a time at a year's scale, through the public `Desk` API on a real
//! SQLite file in a temp dir (WAL, `synchronous = FULL`, all migrations):
//!
//! - `pages/articles_100k/*`: `Desk::article_page` (100 rows) over 100,000 articles (85,000
//!   drafts, the rest spread over the other queues; 1–2 of 50 tags each; six sections), bulk-
//!   inserted with the same columns as `create_article` in transactions of 1,000 (no search
//!   rows or revisions: lists read neither). Each page includes its list's total (a COUNT).
//! - `pages/counts_100k`: `Desk::list_counts` (the navigator's counts).
//! - `pages/wire_100k/*`: `Desk::wire_page` (100 rows) over 100,000 wire stories of one
//!   version each.
//!
//! Criterion reports medians; after it, each page read is timed 200 times one by one with
//! `Instant` and p50/p99/max printed. Nothing here asserts about time.
//! `cargo bench -p copydesk-core --bench pages`; see BENCHMARKS.md.

use copydesk_core::{
    ArticleFilter, ArticleKey, ArticleSort, ArticleStatus, DataDir, Desk, DeskConfig, ManualClock,
    Seek, WireFilter, WireKey,
};
use criterion::{BenchmarkId, Criterion, SamplingMode};
use rusqlite::params;
use std::sync::Arc;
use std::time::{Duration, Instant};

const ARTICLES: usize = 100_000;
const STORIES: usize = 100_000;
const BATCH: usize = 1_000;
const PAGE: u32 = 100;
const TIMED: usize = 200;

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "harbour", "council", "budget", "ferry", "strike", "bridge", "school", "hospital", "storm",
    "election", "court", "market", "river", "police", "festival", "airport", "rail", "energy",
    "housing", "water",
];

fn desk(dir: &std::path::Path) -> Desk {
    let mut config = DeskConfig::new(DataDir::new(dir.join("desk")));
    config.clock = Arc::new(ManualClock::new(
        "2026-11-29T09:00:00Z".parse().expect("time"),
    ));
    config.author = "bench".into();
    Desk::open(config).expect("desk")
}

/// The desk's articles and wire, inserted in bulk.
fn newsroom(desk: &Desk) {
    let began = Instant::now();
    let mut rng = Rng(0x5EED_1157);
    let sections = ["news", "politics", "business", "sport", "culture", "local"];
    let others = [
        "in_review",
        "ready",
        "scheduled",
        "published",
        "spiked",
        "killed",
    ];
    let start: i64 = 1_764_406_800_000; // 2025-11-29T09:00Z: a year before the clock
    desk.store()
        .write(|tx| {
            for t in 0..50 {
                tx.execute("INSERT INTO tags (name) VALUES (?1)", [format!("Tag{t}")])?;
            }
            Ok(())
        })
        .expect("tags");
    for batch in 0..ARTICLES / BATCH {
        desk.store()
            .write(|tx| {
                let mut article = tx.prepare_cached(
                    "INSERT INTO articles (slug, headline, section, body, urgency, status, author,
                                          word_count, version, created_at, updated_at)
                     VALUES ('', ?1, ?2, '', ?3, ?4, ?5, ?6, 1, ?7, ?7)",
                )?;
                let mut tag = tx.prepare_cached(
                    "INSERT OR IGNORE INTO article_tags (article_id, tag_id, position)
                     VALUES (?1, ?2, ?3)",
                )?;
                for i in 0..BATCH {
                    let n = batch * BATCH + i;
                    let headline = format!(
                        "{} {} {} {n}",
                        WORDS[rng.below(WORDS.len())],
                        WORDS[rng.below(WORDS.len())],
                        WORDS[rng.below(WORDS.len())]
                    );
                    let status = if rng.below(100) < 85 {
                        "draft"
                    } else {
                        others[rng.below(others.len())]
                    };
                    let author = ["bench", "ana", "ben", "eva"][rng.below(4)];
                    // A minute apart, but every tenth shares the one before's millisecond.
                    let at = start + (n as i64 - (n % 10 == 9) as i64) * 60_000;
                    article.execute(params![
                        headline,
                        sections[rng.below(sections.len())],
                        1 + rng.below(8) as i64,
                        status,
                        author,
                        rng.below(2_000) as i64,
                        at,
                    ])?;
                    let id = tx.last_insert_rowid();
                    for position in 0..1 + rng.below(2) {
                        tag.execute(params![id, 1 + rng.below(50) as i64, position as i64])?;
                    }
                }
                Ok(())
            })
            .expect("articles");
    }
    for batch in 0..STORIES / BATCH {
        desk.store()
            .write(|tx| {
                let mut file = tx.prepare_cached(
                    "INSERT INTO wire_files (name, size, received_at, outcome, format)
                     VALUES (?1, 100, ?2, 'imported', 'ninjs')",
                )?;
                let mut story = tx.prepare_cached(
                    "INSERT INTO wire_stories (provider, first_at, updated_at) VALUES (?1, ?2, ?2)",
                )?;
                let mut item = tx.prepare_cached(
                    "INSERT INTO wire_items (story_id, file_id, position, version, role, format,
                                            encoding, provider, headline, body, urgency,
                                            pub_status, received_at)
                     VALUES (?1, ?2, 0, 1, 'new', 'ninjs', 'utf-8', ?3, ?4, ?5, ?6, 'usable', ?7)",
                )?;
                let mut latest =
                    tx.prepare_cached("UPDATE wire_stories SET latest_item_id = ?2 WHERE id = ?1")?;
                for i in 0..BATCH {
                    let n = batch * BATCH + i;
                    let at = start + n as i64 * 30_000;
                    let provider = ["AAP", "AFP", "ANP", "NTB"][rng.below(4)];
                    file.execute(params![format!("story-{n}.json"), at])?;
                    let file_id = tx.last_insert_rowid();
                    story.execute(params![provider, at])?;
                    let story_id = tx.last_insert_rowid();
                    item.execute(params![
                        story_id,
                        file_id,
                        provider,
                        format!("{} wire {n}", WORDS[rng.below(WORDS.len())]),
                        "Short copy.",
                        1 + rng.below(8) as i64,
                        at
                    ])?;
                    latest.execute(params![story_id, tx.last_insert_rowid()])?;
                }
                Ok(())
            })
            .expect("wire");
    }
    let bytes = std::fs::metadata(desk.store().path()).map_or(0, |m| m.len());
    eprintln!(
        "pages: {ARTICLES} articles and {STORIES} wire stories inserted in {:.1} s, database {:.0} MB",
        began.elapsed().as_secs_f64(),
        bytes as f64 / 1e6
    );
}

fn percentiles(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    eprintln!(
        "pages: {name}: n={} p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        ms(at(0.50)),
        ms(at(0.99)),
        ms(times[times.len() - 1])
    );
}

type Read<'a> = Box<dyn Fn() -> usize + 'a>;

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = desk(dir.path());
    newsroom(&desk);

    let drafts = |sort| ArticleFilter {
        queue: Some(ArticleStatus::Draft),
        author: None,
        text: String::new(),
        section: String::new(),
        tag: String::new(),
        sort,
    };
    // A key halfway down each list: what scrolling deep into it reads after.
    let middle = |filter: &ArticleFilter| -> ArticleKey {
        let page = desk
            .article_page(filter, &Seek::Offset(40_000), 1)
            .expect("middle");
        ArticleKey::from(&page.items[0])
    };
    let newest = drafts(ArticleSort::Updated);
    let by_headline = drafts(ArticleSort::Headline);
    let mine = ArticleFilter {
        author: Some("bench".into()),
        ..drafts(ArticleSort::Updated)
    };
    let tagged = ArticleFilter {
        tag: "tag7".into(),
        ..drafts(ArticleSort::Updated)
    };
    let typed = ArticleFilter {
        text: "harbour ferry".into(),
        ..drafts(ArticleSort::Updated)
    };
    let typed_rare = ArticleFilter {
        text: "nowhere-at-all".into(),
        ..drafts(ArticleSort::Updated)
    };
    let deep = middle(&newest);
    let deep_headline = middle(&by_headline);
    let page = |filter: &ArticleFilter, seek: Seek<ArticleKey>| {
        desk.article_page(filter, &seek, PAGE)
            .expect("page")
            .items
            .len()
    };
    let everything = WireFilter::default();
    let wire_deep = {
        let p = desk
            .wire_page(&everything, &Seek::Offset(50_000), 1)
            .expect("wire middle");
        WireKey::from(&p.items[0])
    };
    let urgent = WireFilter {
        max_urgency: Some(2),
        ..Default::default()
    };
    let wire = |filter: &WireFilter, seek: Seek<WireKey>| {
        desk.wire_page(filter, &seek, PAGE)
            .expect("wire page")
            .items
            .len()
    };
    let reads: Vec<(&str, &str, Read<'_>)> = vec![
        (
            "articles_100k",
            "first",
            Box::new(|| page(&newest, Seek::First)),
        ),
        (
            "articles_100k",
            "after_deep_key",
            Box::new(|| page(&newest, Seek::After(deep.clone()))),
        ),
        (
            "articles_100k",
            "before_deep_key",
            Box::new(|| page(&newest, Seek::Before(deep.clone()))),
        ),
        (
            "articles_100k",
            "last",
            Box::new(|| page(&newest, Seek::Last)),
        ),
        (
            "articles_100k",
            "offset_40k",
            Box::new(|| page(&newest, Seek::Offset(40_000))),
        ),
        (
            "articles_100k",
            "headline_after_deep_key",
            Box::new(|| page(&by_headline, Seek::After(deep_headline.clone()))),
        ),
        (
            "articles_100k",
            "my_drafts_first",
            Box::new(|| page(&mine, Seek::First)),
        ),
        (
            "articles_100k",
            "tag_first",
            Box::new(|| page(&tagged, Seek::First)),
        ),
        (
            "articles_100k",
            "text_first",
            Box::new(|| page(&typed, Seek::First)),
        ),
        (
            "articles_100k",
            "text_no_match",
            Box::new(|| page(&typed_rare, Seek::First)),
        ),
        (
            "counts_100k",
            "list_counts",
            Box::new(|| desk.list_counts().expect("counts").drafts as usize),
        ),
        (
            "facets_100k",
            "drafts",
            Box::new(|| {
                desk.article_facets(Some(ArticleStatus::Draft))
                    .expect("facets")
                    .tags
                    .len()
            }),
        ),
        (
            "wire_100k",
            "first",
            Box::new(|| wire(&everything, Seek::First)),
        ),
        (
            "wire_100k",
            "after_deep_key",
            Box::new(|| wire(&everything, Seek::After(wire_deep.clone()))),
        ),
        (
            "wire_100k",
            "last",
            Box::new(|| wire(&everything, Seek::Last)),
        ),
        (
            "wire_100k",
            "urgent_first",
            Box::new(|| wire(&urgent, Seek::First)),
        ),
    ];
    for (group, name, read) in &reads {
        eprintln!("pages: {group}/{name} reads {} rows", read());
    }

    let mut g = c.benchmark_group("pages");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    for (group, name, read) in &reads {
        g.bench_function(BenchmarkId::new(*group, *name), |b| b.iter(read));
    }
    g.finish();
    c.final_summary();

    for (group, name, read) in &reads {
        let times = (0..TIMED)
            .map(|_| {
                let began = Instant::now();
                std::hint::black_box(read());
                began.elapsed()
            })
            .collect();
        percentiles(&format!("{group}/{name}"), times);
    }
}
