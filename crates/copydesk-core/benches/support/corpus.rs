//! The wire sample corpus, replicated into as many distinct files as a benchmark needs.
//!
//! Every copy must be a new file to the desk, not a duplicate: copy `k` of a sample has each
//! guid it carries renamed (`<guid>-c<k>`, so the copy is a new story rather than history of
//! the original's) and `k` written as trailing whitespace (so formats without ids differ in
//! their bytes too). A sample is replicated only in a way that reads back exactly as the
//! original does, apart from the renamed guids; samples that no way suits are left out.
#![allow(dead_code)]

use copydesk_wire::{Limits, Reading};
use std::path::{Path, PathBuf};

pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/wire-samples")
}

/// One sample: where it came from and how it is copied.
pub struct Sample {
    pub name: String,
    pub bytes: Vec<u8>,
    how: How,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum How {
    /// Guids renamed, whitespace appended.
    Renamed,
    /// Whitespace appended only (guids that cannot be renamed in place).
    Suffixed,
    /// An XML comment appended, guids renamed.
    Commented,
}

/// The wire files of the sample folder (not SOURCES.md), sorted by name.
pub fn samples() -> Vec<Sample> {
    let mut paths = Vec::new();
    walk(&samples_dir(), &mut paths);
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let name = path
            .strip_prefix(samples_dir())
            .unwrap_or(&path)
            .display()
            .to_string();
        if name.ends_with(".md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let reading = copydesk_wire::read(&bytes, &Limits::default()).ok();
        let how = [How::Renamed, How::Commented, How::Suffixed]
            .into_iter()
            .find(|how| {
                (1..=3).all(|k| {
                    let copy = make_copy(&bytes, reading.as_ref(), *how, k);
                    reads_as_expected(&bytes, &copy, reading.as_ref(), *how, k)
                })
            });
        match how {
            Some(how) => out.push(Sample { name, bytes, how }),
            None => eprintln!("corpus: {name} left out: no copy of it reads like the original"),
        }
    }
    out
}

/// `total` distinct files: copies of the samples in turn (copy 0 is the sample itself).
pub fn replicate(samples: &[Sample], total: usize) -> Vec<(String, Vec<u8>)> {
    let mut readings = Vec::with_capacity(samples.len());
    for s in samples {
        readings.push(copydesk_wire::read(&s.bytes, &Limits::default()).ok());
    }
    (0..total)
        .map(|n| {
            let (i, k) = (n % samples.len(), n / samples.len());
            let s = &samples[i];
            let bytes = if k == 0 {
                s.bytes.clone()
            } else {
                make_copy(&s.bytes, readings[i].as_ref(), s.how, k)
            };
            let flat = s.name.replace('/', "_");
            (format!("c{k:04}-{flat}"), bytes)
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("samples").flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

/// What to rename in a sample's bytes so that its copies carry new guids: each guid it carries
/// (own and replaced) where it is written out whole, else the last part of it that is (NewsML
/// 1.2 builds its guid from several elements). Longest first.
fn keys(bytes: &[u8], reading: Option<&Reading>) -> Vec<String> {
    let guids = reading.into_iter().flat_map(|r| {
        r.items
            .iter()
            .flat_map(|i| [i.guid.clone(), i.link.previous_guid.clone()])
            .flatten()
    });
    let mut keys: Vec<String> = guids
        .filter_map(|guid| {
            let written = |part: &str| part.len() >= 6 && contains(bytes, part.as_bytes());
            if written(&guid) {
                return Some(guid);
            }
            let last = guid.rsplit([':', '/']).next()?;
            written(last).then(|| last.to_string())
        })
        .collect();
    keys.sort_by_key(|g| std::cmp::Reverse(g.len()));
    keys.dedup();
    keys
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn renamed(key: &str, k: usize) -> String {
    format!("{key}-c{k}")
}

/// Every key renamed for copy `k`, each occurrence once (through placeholders, so that a
/// renamed key is not renamed again as part of another).
fn rename_all(bytes: &[u8], keys: &[String], k: usize) -> Vec<u8> {
    let mark = |i: usize| format!("\u{1}{i}\u{1}");
    let mut out = bytes.to_vec();
    for (i, key) in keys.iter().enumerate() {
        out = replace_bytes(&out, key.as_bytes(), mark(i).as_bytes());
    }
    for (i, key) in keys.iter().enumerate() {
        out = replace_bytes(&out, mark(i).as_bytes(), renamed(key, k).as_bytes());
    }
    out
}

fn rename_in(text: &str, keys: &[String], k: usize) -> String {
    String::from_utf8(rename_all(text.as_bytes(), keys, k)).unwrap_or_else(|_| text.to_string())
}

fn replace_bytes(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() {
        return bytes.to_vec();
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// `k` as 16 characters of spaces and tabs, after a newline.
fn whitespace(k: usize) -> Vec<u8> {
    let mut out = vec![b'\n'];
    out.extend(
        (0..16)
            .rev()
            .map(|bit| if k >> bit & 1 == 1 { b'\t' } else { b' ' }),
    );
    out.push(b'\n');
    out
}

fn make_copy(bytes: &[u8], reading: Option<&Reading>, how: How, k: usize) -> Vec<u8> {
    let mut copy = match how {
        How::Suffixed => bytes.to_vec(),
        How::Renamed | How::Commented => rename_all(bytes, &keys(bytes, reading), k),
    };
    match how {
        How::Commented => copy.extend_from_slice(format!("\n<!-- copy {k} -->\n").as_bytes()),
        How::Renamed | How::Suffixed => copy.extend_from_slice(&whitespace(k)),
    }
    copy
}

fn reads_as_expected(
    original_bytes: &[u8],
    copy: &[u8],
    original: Option<&Reading>,
    how: How,
    k: usize,
) -> bool {
    let read = copydesk_wire::read(copy, &Limits::default()).ok();
    match (original, read) {
        // Unreadable stays unreadable.
        (None, None) => true,
        (Some(original), Some(read)) => {
            let mut expected = original.clone();
            if how != How::Suffixed {
                let keys = keys(original_bytes, Some(original));
                for item in &mut expected.items {
                    item.guid = item.guid.as_deref().map(|g| rename_in(g, &keys, k));
                    item.link.previous_guid = item
                        .link
                        .previous_guid
                        .as_deref()
                        .map(|g| rename_in(g, &keys, k));
                }
            }
            expected == read
        }
        _ => false,
    }
}
