//! Wire ingest throughput: the sample corpus replicated to ~10,000 distinct files, imported
//! through `Desk::import_files` (what the inbox worker calls) in batches of the size the
//! worker takes, into a real SQLite file in a temp dir; beside it, the raw rate of inserting
//! the same rows (same tables, columns and values, the search triggers firing) without
//! parsing, linking or lookups, batch by batch in the same transactions.
//!
//! `cargo bench -p copydesk-core --bench wire_ingest`; see BENCHMARKS.md.

use copydesk_core::{
    DataDir, Desk, DeskConfig, ImportOutcome, ImportReport, IncomingFile, ManualClock,
};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use rusqlite::types::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "support/corpus.rs"]
mod corpus;

/// What the inbox worker typically takes per transaction in a burst (its queue holds 64).
const BATCH: usize = 64;
/// About 10,000: a whole number of batches.
const FILES: usize = 156 * BATCH;
const TABLES: [&str; 3] = ["wire_files", "wire_stories", "wire_items"];

fn open_desk(dir: &std::path::Path) -> Desk {
    let mut config = DeskConfig::new(DataDir::new(dir.join("desk")));
    config.clock = Arc::new(ManualClock::new(
        "2026-11-29T09:00:00Z".parse().expect("time"),
    ));
    Desk::open(config).expect("desk")
}

fn import_all(desk: &Desk, files: &[(String, Vec<u8>)]) -> Vec<ImportReport> {
    let mut reports = Vec::with_capacity(files.len());
    for chunk in files.chunks(BATCH) {
        let batch: Vec<IncomingFile<'_>> = chunk
            .iter()
            .map(|(name, bytes)| IncomingFile { name, bytes })
            .collect();
        reports.extend(desk.import_files(&batch).expect("import"));
    }
    reports
}

/// The rows one batch of files left in each table, in insert order.
type BatchRows = [Vec<Vec<Value>>; 3];

/// Checks that every copy was news to the desk (never "the same bytes as" another) and read
/// as its original did; prints what became of the items.
fn check_outcomes(files: &[(String, Vec<u8>)], reports: &[ImportReport], originals: usize) {
    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
    for (n, report) in reports.iter().enumerate() {
        let original = &reports[n % originals];
        let name = &files[n].0;
        assert_eq!(
            report.quarantine.is_some(),
            original.quarantine.is_some(),
            "{name}"
        );
        assert_eq!(report.lines.len(), original.lines.len(), "{name}");
        for line in &report.lines {
            let reason = line.reason.as_deref().unwrap_or_default();
            assert!(
                !reason.starts_with("the same bytes"),
                "{name} is a duplicate"
            );
            let outcome = match line.outcome {
                ImportOutcome::New => "new story",
                ImportOutcome::Update => "update",
                ImportOutcome::Duplicate => "older version kept as history",
                ImportOutcome::Quarantined => "quarantined",
                ImportOutcome::Skipped => "skipped",
            };
            *tally.entry(outcome).or_default() += 1;
        }
    }
    eprintln!("wire_ingest: outcomes per item: {tally:?}");
}

/// The rows an import left, grouped by the batch that stored them.
fn rows_of(desk: &Desk, reports: &[ImportReport]) -> Vec<BatchRows> {
    let batch_of: HashMap<i64, usize> = reports
        .iter()
        .enumerate()
        .map(|(n, r)| (r.file_id, n / BATCH))
        .collect();
    let mut out: Vec<BatchRows> = (0..reports.len().div_ceil(BATCH))
        .map(|_| Default::default())
        .collect();
    desk.store()
        .read(|c| {
            // A story belongs to the batch of the file whose item opened it.
            let mut story_file: HashMap<i64, i64> = HashMap::new();
            let mut stmt =
                c.prepare("SELECT story_id, file_id FROM wire_items ORDER BY id DESC")?;
            for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
                let (story, file) = row?;
                story_file.insert(story, file);
            }
            for (t, table) in TABLES.iter().enumerate() {
                let mut stmt = c.prepare(&format!("SELECT * FROM {table} ORDER BY id"))?;
                let width = stmt.column_count();
                let rows =
                    stmt.query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect())?;
                for row in rows {
                    let row: Vec<Value> = row?;
                    let int = |i: usize| match row.get(i) {
                        Some(Value::Integer(n)) => *n,
                        _ => panic!("{table}: column {i} is not an id"),
                    };
                    let file = match *table {
                        "wire_files" => int(0),
                        "wire_stories" => story_file[&int(0)],
                        _ => int(2),
                    };
                    out[batch_of[&file]][t].push(row);
                }
            }
            Ok(())
        })
        .expect("rows");
    out
}

/// `INSERT INTO <table> VALUES (?1, …)` for each table, as wide as its rows.
fn insert_sql(rows: &[BatchRows]) -> Vec<String> {
    TABLES
        .iter()
        .enumerate()
        .map(|(t, table)| {
            let width = rows.iter().find_map(|b| b[t].first()).map_or(0, Vec::len);
            let params: Vec<String> = (1..=width).map(|i| format!("?{i}")).collect();
            format!("INSERT INTO {table} VALUES ({})", params.join(", "))
        })
        .collect()
}

/// One batch's rows in one write transaction: files, then stories, then items (the foreign
/// keys are checked as they go).
fn insert_raw(desk: &Desk, sql: &[String], batch: &BatchRows) {
    desk.store()
        .write(|tx| {
            for (sql, rows) in sql.iter().zip(batch) {
                let mut stmt = tx.prepare_cached(sql)?;
                for row in rows {
                    stmt.execute(rusqlite::params_from_iter(row))?;
                }
            }
            Ok(())
        })
        .expect("insert");
}

/// One import of the whole corpus into a fresh database, a batch per iteration.
struct Pass {
    desk: Desk,
    next: usize,
    reports: Vec<ImportReport>,
    _dir: tempfile::TempDir,
}

impl Pass {
    fn new() -> Pass {
        let dir = tempfile::tempdir().expect("tempdir");
        Pass {
            desk: open_desk(dir.path()),
            next: 0,
            reports: Vec::new(),
            _dir: dir,
        }
    }
}

fn bench(c: &mut Criterion) {
    let samples = corpus::samples();
    let files = corpus::replicate(&samples, FILES);
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    eprintln!(
        "wire_ingest: {} samples replicated to {} files, {:.1} MiB",
        samples.len(),
        files.len(),
        bytes as f64 / (1 << 20) as f64
    );
    let batches: Vec<Vec<IncomingFile<'_>>> = files
        .chunks(BATCH)
        .map(|chunk| {
            chunk
                .iter()
                .map(|(name, bytes)| IncomingFile { name, bytes })
                .collect()
        })
        .collect();
    // The rows for the raw inserts come from the first whole import measured (untimed).
    let mut rows: Option<Vec<BatchRows>> = None;

    let mut group = c.benchmark_group("wire_ingest");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Elements(BATCH as u64));
    // An iteration is the next batch of the corpus into the database that holds the batches
    // before it; after the last batch, a fresh database (untimed). So the samples cover a whole
    // 10,000-file import, the database growing as it does in a burst.
    group.bench_function(BenchmarkId::new("ingest_batch", BATCH), |b| {
        let mut pass = Pass::new();
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                if pass.next == batches.len() {
                    if rows.is_none() {
                        check_outcomes(&files, &pass.reports, samples.len());
                        rows = Some(rows_of(&pass.desk, &pass.reports));
                    }
                    pass = Pass::new();
                }
                let start = Instant::now();
                let reports = pass.desk.import_files(&batches[pass.next]).expect("import");
                total += start.elapsed();
                pass.reports.extend(reports);
                pass.next += 1;
            }
            total
        })
    });
    let rows = rows.unwrap_or_else(|| {
        let pass = Pass::new();
        let reports = import_all(&pass.desk, &files);
        check_outcomes(&files, &reports, samples.len());
        rows_of(&pass.desk, &reports)
    });
    let sql = insert_sql(&rows);
    group.bench_function(BenchmarkId::new("raw_insert", BATCH), |b| {
        let mut pass = Pass::new();
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                if pass.next == rows.len() {
                    pass = Pass::new();
                }
                let start = Instant::now();
                insert_raw(&pass.desk, &sql, &rows[pass.next]);
                total += start.elapsed();
                pass.next += 1;
            }
            total
        })
    });
    group.finish();
}

/// The median criterion recorded for a benchmark in this run, in seconds.
fn median_of(bench: &str) -> Option<f64> {
    let home = std::env::var_os("CRITERION_HOME")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR").map(|t| PathBuf::from(t).join("criterion"))
        })
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/criterion"));
    let path = home
        .join("wire_ingest")
        .join(bench)
        .join(BATCH.to_string())
        .join("new/estimates.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    Some(json["median"]["point_estimate"].as_f64()? / 1e9)
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
    if let (Some(ingest), Some(raw)) = (median_of("ingest_batch"), median_of("raw_insert")) {
        let (ingest, raw) = (BATCH as f64 / ingest, BATCH as f64 / raw);
        println!(
            "wire_ingest: medians: ingest {ingest:.0} files/s, raw insert {raw:.0} files/s, \
             ingest/raw = {:.2}",
            ingest / raw
        );
    }
}
