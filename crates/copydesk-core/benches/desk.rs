//! The writing desk's two latency goals, through the public `Desk` API on a real SQLite file in
//! a temp dir (WAL, `synchronous = FULL`, all migrations, as `Desk::open` configures it):
//!
//! - `autosave/10k_words`: `Desk::save_article` with `autosave: true` on a 10,000-word draft,
//!   one word of the body different each time, based on the version the previous save
//!   returned. The clock moves 2 s per save, so the open autosave revision is rewritten and a
//!   new one is started every 5 minutes of typing, as while writing.
//! - `search/*`: `Desk::search(query, 20)` over 100,000 articles (bulk-inserted with the same
//!   SQL as `create_article` plus the search-index row, in transactions of 1,000; no revisions),
//!   text drawn from a deterministic Zipf-distributed vocabulary of 4,000 words. Queries as
//!   typed (the last word matches as a prefix), rotating within each kind: a common word, a
//!   rare word, two words, a three-letter prefix.
//!
//! Criterion reports medians; after it, the same operations are timed one by one with
//! `Instant` and p50/p99/max printed. Nothing here asserts about time.
//! `cargo bench -p copydesk-core --bench desk`; see BENCHMARKS.md.

use copydesk_core::{
    Article, ArticleDraft, ArticleEdit, Clock, DataDir, Desk, DeskConfig, ManualClock,
};
use criterion::{BenchmarkId, Criterion, SamplingMode};
use rusqlite::params;
use std::sync::Arc;
use std::time::{Duration, Instant};

const DRAFT_WORDS: usize = 10_000;
const ARTICLES: usize = 100_000;
const VOCABULARY: usize = 4_000;
const INSERT_BATCH: usize = 1_000;
/// Manual timings after criterion: saves, and searches per kind of query.
const SAVES_TIMED: usize = 1_000;
const SEARCHES_TIMED: usize = 400;

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

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Newsroom words first (the most frequent ranks), then made-up words from syllables.
const COMMON: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "said",
    "that",
    "for",
    "on",
    "is",
    "was",
    "with",
    "by",
    "he",
    "it",
    "as",
    "at",
    "his",
    "from",
    "government",
    "minister",
    "year",
    "people",
    "new",
    "would",
    "police",
    "council",
    "after",
    "but",
    "have",
    "has",
    "been",
    "they",
    "which",
    "their",
    "this",
    "city",
    "court",
    "week",
    "state",
    "report",
    "election",
    "party",
    "health",
    "school",
    "market",
    "price",
    "water",
    "budget",
    "officials",
    "president",
    "company",
    "workers",
    "union",
    "strike",
    "hospital",
    "bridge",
    "river",
    "storm",
    "energy",
    "housing",
    "tax",
    "vote",
    "trial",
    "judge",
    "mayor",
    "plan",
    "public",
    "national",
    "local",
    "money",
    "million",
    "percent",
    "first",
    "last",
    "two",
    "three",
    "more",
    "could",
    "will",
    "about",
];
const SYLLABLES: &[&str] = &[
    "ba", "ker", "lo", "mi", "na", "ter", "ro", "sa", "vin", "del", "tor", "ca", "pen", "lu",
    "mar", "go", "ri", "sten", "val", "qui", "dor", "fe", "han", "zel", "bro", "cla", "ti", "mun",
    "pra", "wes",
];

struct Vocabulary {
    words: Vec<String>,
    /// Cumulative Zipf weights (exponent 1), for sampling by rank.
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new() -> Vocabulary {
        let mut words: Vec<String> = COMMON.iter().map(|w| w.to_string()).collect();
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        let mut rng = Rng(0x5EED_0FD3);
        while words.len() < VOCABULARY {
            let syllables = 2 + rng.below(3);
            let word: String = (0..syllables)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect();
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative[self.cumulative.len() - 1];
        let x = rng.unit() * total;
        let rank = self.cumulative.partition_point(|&c| c < x);
        &self.words[rank.min(self.words.len() - 1)]
    }

    fn sentence(&self, rng: &mut Rng, out: &mut String) {
        let len = 8 + rng.below(18);
        for i in 0..len {
            let word = self.word(rng);
            if i == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(word);
            }
        }
        out.push_str(". ");
    }

    /// About `words` words in sentences, a paragraph break every few sentences.
    fn text(&self, rng: &mut Rng, words: usize) -> String {
        let mut out = String::with_capacity(words * 7);
        let mut sentences = 0;
        while out.split(' ').count() < words {
            self.sentence(rng, &mut out);
            sentences += 1;
            if sentences % 4 == 0 {
                out.push_str("\n\n");
            }
        }
        out
    }

    fn phrase(&self, rng: &mut Rng, words: usize) -> String {
        let mut out = String::new();
        self.sentence(rng, &mut out);
        out.split(' ').take(words).collect::<Vec<_>>().join(" ")
    }
}

fn open_desk(dir: &std::path::Path, clock: Arc<ManualClock>) -> Desk {
    let mut config = DeskConfig::new(DataDir::new(dir.join("desk")));
    config.clock = clock;
    config.author = "bench".into();
    Desk::open(config).expect("desk")
}

fn start() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        "2026-11-29T09:00:00Z".parse().expect("time"),
    ))
}

/// A 10,000-word draft being typed into: each `next` changes one word of the body.
struct Typing {
    desk: Desk,
    clock: Arc<ManualClock>,
    article: Article,
    words: Vec<String>,
    replacements: Vec<String>,
    n: usize,
    _dir: tempfile::TempDir,
}

impl Typing {
    fn new(vocabulary: &Vocabulary) -> Typing {
        let dir = tempfile::tempdir().expect("tempdir");
        let clock = start();
        let desk = open_desk(dir.path(), clock.clone());
        let mut rng = Rng(0x00D1_2AF7);
        let body = vocabulary.text(&mut rng, DRAFT_WORDS);
        let words: Vec<String> = body.split(' ').map(str::to_string).collect();
        let article = desk
            .create_article(ArticleDraft {
                headline: "Council approves river bridge budget".into(),
                standfirst: vocabulary.phrase(&mut rng, 20),
                body,
                section: "local".into(),
                tags: vec!["council".into(), "bridge".into()],
                ..Default::default()
            })
            .expect("create");
        let replacements = (0..64)
            .map(|_| vocabulary.word(&mut rng).to_string())
            .collect();
        Typing {
            desk,
            clock,
            article,
            words,
            replacements,
            n: 0,
            _dir: dir,
        }
    }

    /// The next edit (untimed: building the body is the editor's work, not the desk's).
    fn edit(&mut self) -> ArticleEdit {
        self.n += 1;
        let at = (self.n * 7919) % self.words.len();
        self.words[at] = self.replacements[self.n % self.replacements.len()].clone();
        self.clock.advance(jiff::SignedDuration::from_secs(2));
        let a = &self.article;
        ArticleEdit {
            id: a.id,
            base_version: a.version,
            headline: a.headline.clone(),
            body: self.words.join(" "),
            slug: a.slug.clone(),
            standfirst: a.standfirst.clone(),
            byline: a.byline.clone(),
            dateline: a.dateline.clone(),
            section: a.section.clone(),
            tags: a.tags.clone(),
            urgency: a.urgency,
            autosave: true,
        }
    }

    fn save(&mut self, edit: ArticleEdit) {
        self.article = self.desk.save_article(edit).expect("autosave");
    }
}

/// 100,000 articles inserted as `create_article` would (same columns and values, the search
/// row as `index_article` writes it), 1,000 per transaction.
///
/// With `COPYDESK_BENCH_NEWSROOM=DIR` the newsroom is built in DIR once and reused by later
/// runs (the generator is deterministic), which saves the ~77 s of inserts while iterating.
fn newsroom(vocabulary: &Vocabulary) -> (Desk, Option<tempfile::TempDir>) {
    let (root, dir) = match std::env::var_os("COPYDESK_BENCH_NEWSROOM") {
        Some(keep) => (std::path::PathBuf::from(keep), None),
        None => {
            let dir = tempfile::tempdir().expect("tempdir");
            (dir.path().to_path_buf(), Some(dir))
        }
    };
    let clock = start();
    let built = root.join("complete");
    let desk = open_desk(&root, clock.clone());
    if built.exists() {
        eprintln!("desk: reusing the newsroom in {}", root.display());
        return (desk, dir);
    }
    let began = Instant::now();
    let mut rng = Rng(0x0A27_1C1E);
    let mut words = 0usize;
    let sections = ["news", "politics", "business", "sport", "culture", "local"];
    for batch in 0..ARTICLES / INSERT_BATCH {
        let now = clock.now().as_millisecond() + (batch * INSERT_BATCH) as i64 * 60_000;
        let articles: Vec<(String, String, String, &str)> = (0..INSERT_BATCH)
            .map(|_| {
                let body_words = 120 + rng.below(480);
                let body = vocabulary.text(&mut rng, body_words);
                words += body_words;
                let (headline_words, standfirst_words) = (6 + rng.below(6), 15 + rng.below(15));
                (
                    vocabulary.phrase(&mut rng, headline_words),
                    vocabulary.phrase(&mut rng, standfirst_words),
                    body,
                    sections[rng.below(sections.len())],
                )
            })
            .collect();
        desk.store()
            .write(|tx| {
                let mut article = tx.prepare_cached(
                    "INSERT INTO articles (slug, headline, standfirst, byline, dateline, section,
                                          body, urgency, status, author, word_count, version,
                                          created_at, updated_at, wire_item_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?12, ?13)",
                )?;
                let mut index = tx.prepare_cached(
                    "INSERT INTO search_index (rowid, headline, standfirst, body, tags)
                     SELECT a.id * 2, a.headline, a.standfirst, a.body,
                            coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x
                                        JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id),
                                     '')
                       FROM articles a WHERE a.id = ?1",
                )?;
                for (i, (headline, standfirst, body, section)) in articles.iter().enumerate() {
                    article.execute(params![
                        "",
                        headline,
                        standfirst,
                        "",
                        "",
                        section,
                        body,
                        5,
                        "draft",
                        "bench",
                        copydesk_core::article::word_count(body),
                        now + i as i64,
                        None::<i64>,
                    ])?;
                    index.execute([tx.last_insert_rowid()])?;
                }
                Ok(())
            })
            .expect("insert");
    }
    let bytes = std::fs::metadata(desk.store().path()).map_or(0, |m| m.len());
    eprintln!(
        "desk: {ARTICLES} articles ({:.1} M words) inserted in {:.1} s, database {:.0} MB",
        words as f64 / 1e6,
        began.elapsed().as_secs_f64(),
        bytes as f64 / 1e6
    );
    std::fs::write(&built, b"").expect("mark the newsroom complete");
    (desk, dir)
}

/// Queries of each kind, rotated through: as typed, so the last word matches as a prefix.
fn queries(vocabulary: &Vocabulary) -> Vec<(&'static str, Vec<String>)> {
    let w = |rank: usize| vocabulary.words[rank].clone();
    vec![
        (
            "common_word",
            vec![
                "minister".into(),
                "government".into(),
                "police".into(),
                "said".into(),
            ],
        ),
        ("rare_word", vec![w(3_990), w(3_700), w(3_500), w(3_000)]),
        (
            "two_words",
            vec![
                "council budget".into(),
                "river bridge".into(),
                format!("police {}", w(400)),
                format!("{} {}", w(150), w(900)),
            ],
        ),
        (
            "prefix_3",
            vec!["gov".into(), "hos".into(), "ele".into(), "mar".into()],
        ),
    ]
}

fn percentiles(name: &str, mut times: Vec<Duration>, goal_ms: f64) {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let p99 = ms(at(0.99));
    println!(
        "desk: {name}: n={} p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (goal p99 <= {goal_ms} ms: {})",
        times.len(),
        ms(at(0.50)),
        p99,
        ms(times[times.len() - 1]),
        if p99 <= goal_ms { "met" } else { "MISSED" }
    );
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let vocabulary = Vocabulary::new();

    // Autosave.
    let mut typing = Typing::new(&vocabulary);
    eprintln!(
        "desk: draft of {} words, {} KB",
        typing.article.word_count,
        typing.article.body.len() / 1024
    );
    let mut group = c.benchmark_group("autosave");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    group.bench_function(BenchmarkId::new("save_article", "10k_words"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let edit = typing.edit();
                let began = Instant::now();
                typing.save(edit);
                total += began.elapsed();
            }
            total
        })
    });
    group.finish();

    // Search.
    let (desk, _dir) = newsroom(&vocabulary);
    let queries = queries(&vocabulary);
    for (kind, list) in &queries {
        let hits: Vec<usize> = list
            .iter()
            .map(|q| desk.search(q, 20).expect("search").len())
            .collect();
        eprintln!("desk: search {kind}: {list:?} -> hits {hits:?}");
    }
    let mut group = c.benchmark_group("search");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    for (kind, list) in &queries {
        group.bench_function(BenchmarkId::new("100k_articles", kind), |b| {
            let mut n = 0;
            b.iter(|| {
                n += 1;
                desk.search(&list[n % list.len()], 20).expect("search")
            })
        });
    }
    group.finish();
    c.final_summary();

    // Percentiles, timed one by one.
    let mut times = Vec::with_capacity(SAVES_TIMED);
    for _ in 0..SAVES_TIMED {
        let edit = typing.edit();
        let began = Instant::now();
        typing.save(edit);
        times.push(began.elapsed());
    }
    percentiles("autosave 10k words", times, 10.0);
    let revisions = typing.desk.revisions(typing.article.id).expect("revisions");
    eprintln!(
        "desk: after {} saves the draft has {} revisions",
        typing.n,
        revisions.len()
    );
    let mut all = Vec::new();
    for (kind, list) in &queries {
        let times: Vec<Duration> = (0..SEARCHES_TIMED)
            .map(|n| {
                let began = Instant::now();
                std::hint::black_box(desk.search(&list[n % list.len()], 20).expect("search"));
                began.elapsed()
            })
            .collect();
        all.extend_from_slice(&times);
        percentiles(&format!("search {kind}"), times, 50.0);
    }
    percentiles("search, all kinds", all, 50.0);
}
