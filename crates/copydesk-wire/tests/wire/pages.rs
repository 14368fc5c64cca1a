//! The page corpus (`tests/pages/`): news-site templates written for Copydesk, each as scraped
//! text and as a saved web page, with the expected headline, kept paragraphs and furniture in a
//! sidecar. Every page is scored; the table is printed (`cargo test -p copydesk-wire --test
//! pages -- --nocapture`) and the goals are asserted.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests may panic

use copydesk_wire::{read, Limits, WireFormat, WireItem};
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    site: String,
    headline: String,
    standfirst: Option<String>,
    byline: Option<String>,
    paragraphs: Vec<String>,
    removed: Vec<String>,
}

/// Markdown escapes and whitespace do not count when comparing text.
fn norm(s: &str) -> String {
    let s = s.replace('\\', "");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Score {
    name: String,
    headline_ok: bool,
    standfirst_ok: bool,
    byline_ok: bool,
    /// Kept paragraphs that are story paragraphs, over all kept paragraphs.
    precision: f64,
    /// Story paragraphs kept, over all story paragraphs.
    recall: f64,
    /// Furniture lines that stayed out of the body, headline and standfirst, over all.
    furniture_out: f64,
    kept: usize,
    missed: Vec<String>,
    intruders: Vec<String>,
    furniture_in: Vec<String>,
}

fn score(name: &str, item: &WireItem, exp: &Expected) -> Score {
    let kept: Vec<String> = item
        .body
        .split("\n\n")
        .map(norm)
        .filter(|p| !p.is_empty())
        .collect();
    let want: Vec<String> = exp.paragraphs.iter().map(|p| norm(p)).collect();
    let good = kept.iter().filter(|k| want.contains(k)).count();
    let found = want.iter().filter(|w| kept.contains(w)).count();
    let precision = if kept.is_empty() {
        0.0
    } else {
        good as f64 / kept.len() as f64
    };
    let recall = found as f64 / want.len().max(1) as f64;
    let shown = format!(
        "{}\n{}\n{}",
        norm(&item.headline),
        norm(item.standfirst.as_deref().unwrap_or("")),
        kept.join("\n")
    );
    // A furniture line that is also a word of the story ("Environment") only counts when it
    // stands as a paragraph of its own.
    let furniture_in: Vec<String> = exp
        .removed
        .iter()
        .map(|r| norm(r))
        .filter(|r| *r != norm(&exp.headline))
        .filter(|r| {
            if r.split_whitespace().count() >= 4 {
                shown.contains(r.as_str()) && !want.iter().any(|w| w.contains(r.as_str()))
            } else {
                shown.lines().any(|l| l == r)
            }
        })
        .collect();
    let furniture_out = 1.0 - furniture_in.len() as f64 / exp.removed.len().max(1) as f64;
    Score {
        name: name.to_string(),
        headline_ok: norm(&item.headline) == norm(&exp.headline),
        standfirst_ok: item.standfirst.as_deref().map(norm) == exp.standfirst.as_deref().map(norm),
        byline_ok: match (&exp.byline, &item.byline) {
            (None, None) => true,
            (Some(e), Some(b)) => {
                let e = norm(e).to_lowercase();
                let b = norm(b).to_lowercase();
                e.contains(&b) || b.contains(&e)
            }
            _ => false,
        },
        precision,
        recall,
        furniture_out,
        kept: kept.len(),
        missed: want.into_iter().filter(|w| !kept.contains(w)).collect(),
        intruders: kept
            .into_iter()
            .filter(|k| !exp.paragraphs.iter().any(|p| norm(p) == *k))
            .collect(),
        furniture_in,
    }
}

fn corpus() -> Vec<(String, Vec<u8>, Expected, WireFormat)> {
    let dir = format!("{}/tests/pages", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let n = e.ok()?.file_name().to_string_lossy().to_string();
            n.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    names.sort();
    let mut out = Vec::new();
    for n in names {
        let sidecar = std::fs::read_to_string(format!("{dir}/{n}.json")).unwrap();
        for (ext, format) in [("txt", WireFormat::ScrapedPage), ("html", WireFormat::Html)] {
            if let Ok(bytes) = std::fs::read(format!("{dir}/{n}.{ext}")) {
                let exp: Expected = serde_json::from_str(&sidecar).unwrap();
                out.push((format!("{n}.{ext}"), bytes, exp, format));
            }
        }
    }
    out
}

/// The seed's page, scored like the others.
fn seed() -> (String, Vec<u8>, Expected, WireFormat) {
    let path = format!(
        "{}/../../../shared/wire-samples/text/scraped-page-nk-missiles.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let headline = lines[2].to_string();
    let standfirst = lines[3].to_string();
    let removed: Vec<String> = [0, 1, 8, 9, 10, 15, 17, 18]
        .iter()
        .map(|&i| lines[i].to_string())
        .collect();
    let paragraphs: Vec<String> = lines[4..]
        .iter()
        .filter(|l| !removed.iter().any(|r| r == *l))
        .map(|l| l.to_string())
        .collect();
    (
        "seed:scraped-page-nk-missiles.txt".into(),
        bytes,
        Expected {
            site: "seed".into(),
            headline,
            standfirst: Some(standfirst),
            byline: None,
            paragraphs,
            removed,
        },
        WireFormat::ScrapedPage,
    )
}

#[test]
fn page_corpus_scores() {
    let mut pages = corpus();
    assert!(pages.len() >= 30, "at least 15 templates, as text and HTML");
    pages.insert(0, seed());
    let mut scores = Vec::new();
    println!(
        "\n{:<38} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6} {:>4}",
        "page", "head", "sf", "by", "prec", "recall", "furn", "kept"
    );
    for (name, bytes, exp, format) in &pages {
        let r = read(bytes, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        if r.format != *format {
            println!(
                "{name} ({}): read as {:?}, not {format:?}",
                exp.site, r.format
            );
        }
        let s = score(name, &r.items[0], exp);
        println!(
            "{:<38} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3} {:>4}",
            s.name,
            if s.headline_ok { "ok" } else { "--" },
            if s.standfirst_ok { "ok" } else { "--" },
            if s.byline_ok { "ok" } else { "--" },
            s.precision,
            s.recall,
            s.furniture_out,
            s.kept
        );
        if std::env::var_os("PAGES_VERBOSE").is_some() {
            if !s.headline_ok {
                println!("    headline: {:?}", r.items[0].headline);
            }
            for m in &s.missed {
                println!("    missed: {m}");
            }
            for m in &s.intruders {
                println!("    kept furniture: {m}");
            }
            for m in &s.furniture_in {
                println!("    furniture shown: {m}");
            }
        }
        scores.push(s);
    }
    let n = scores.len() as f64;
    let heads = scores.iter().filter(|s| s.headline_ok).count() as f64 / n;
    let standfirsts = scores.iter().filter(|s| s.standfirst_ok).count() as f64 / n;
    let bylines = scores.iter().filter(|s| s.byline_ok).count() as f64 / n;
    let precision = scores.iter().map(|s| s.precision).sum::<f64>() / n;
    let recall = scores.iter().map(|s| s.recall).sum::<f64>() / n;
    let furniture = scores.iter().map(|s| s.furniture_out).sum::<f64>() / n;
    println!(
        "\n{} pages: headline right {:.1} %, standfirst {:.1} %, byline {:.1} %, paragraph precision {:.3}, recall {:.3}, furniture removed {:.3}\n",
        scores.len(),
        heads * 100.0,
        standfirsts * 100.0,
        bylines * 100.0,
        precision,
        recall,
        furniture
    );
    let seed = &scores[0];
    assert!(
        seed.headline_ok
            && seed.standfirst_ok
            && seed.precision == 1.0
            && seed.recall == 1.0
            && seed.furniture_out == 1.0,
        "the seed's page keeps its perfect result"
    );
    assert!(
        heads >= GOAL_HEADLINES,
        "headline right on {heads:.3} of pages"
    );
    assert!(precision >= GOAL_PRECISION, "precision {precision:.3}");
    assert!(recall >= GOAL_RECALL, "recall {recall:.3}");
    assert!(
        furniture >= GOAL_FURNITURE,
        "furniture removed {furniture:.3}"
    );
}

/// The goals of issue 12: headline right on 95 % of pages, paragraph precision and recall 0.95.
const GOAL_HEADLINES: f64 = 0.95;
const GOAL_PRECISION: f64 = 0.95;
const GOAL_RECALL: f64 = 0.95;
/// Not a goal of the issue; what the corpus reaches, kept as a floor.
const GOAL_FURNITURE: f64 = 0.95;

#[path = "../../benches/support/big_page.rs"]
mod big_page;

/// CPU time for one 200 KB page, least of 50 runs (the criterion bench reports wall time,
/// which a busy machine inflates): `cargo test -p copydesk-wire --release --test wire
/// big_page_time -- --ignored --nocapture`.
#[test]
#[ignore = "a timing, run in release"]
fn big_page_time() {
    let page = big_page::big_page();
    let mut times: Vec<std::time::Duration> = (0..50)
        .map(|_| {
            let t = std::time::Instant::now();
            let r = read(page.as_bytes(), &Limits::default()).unwrap();
            let took = t.elapsed();
            assert!(!r.items[0].body.is_empty());
            took
        })
        .collect();
    times.sort();
    println!(
        "{} bytes: least {:?}, median {:?}",
        page.len(),
        times[0],
        times[times.len() / 2]
    );
}
