//! The hostile wire corpus (`scripts/hostile-corpus.py`: 78 kinds, from empty files and
//! random bytes to entity bombs, FIFOs and symlinks out of the folder) through the CLI's
//! import and through the real inbox watcher (`wire watch`). Every entry must end imported,
//! quarantined or skipped with a reason, none lost, no panic, no hang; the import's peak
//! memory stays under 512 MB (a 500 MB sparse file among them must be refused unread). The
//! `--big` kind (a 20 MB single line) is the heavy run:
//! `HOSTILE_BIG=1 cargo test -p copydesk-cli --test cli hostile_corpus -- --nocapture`.
use super::{command, DEADLINE};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const OUTCOMES: &[&str] = &["new", "update", "duplicate", "quarantined", "skipped"];

fn generate(out: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/hostile-corpus.py");
    let mut run = std::process::Command::new("python3");
    run.arg(&script).arg(out);
    if std::env::var_os("HOSTILE_BIG").is_some_and(|v| !v.is_empty()) {
        run.arg("--big");
    }
    let made = run
        .output()
        .expect("python3 (scripts/setup.sh installs it)");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
}

/// Every entry a reader of the folder would be handed: files, links, FIFOs and folders at the
/// top; a folder's files by their own paths.
fn entries(corpus: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(corpus).expect("corpus") {
        let path = entry.expect("entry").path();
        let meta = std::fs::symlink_metadata(&path).expect("meta");
        if meta.is_dir() {
            let inner: Vec<PathBuf> = std::fs::read_dir(&path)
                .expect("folder")
                .map(|e| e.expect("entry").path())
                .collect();
            if inner.is_empty() {
                all.push(path);
            } else {
                all.extend(inner);
            }
        } else {
            all.push(path);
        }
    }
    all.sort();
    all
}

/// The highest resident size the process reached so far (VmHWM), in KiB.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn the_hostile_corpus_through_the_cli_is_all_accounted_for() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("corpus");
    generate(&corpus);
    let expected = entries(&corpus);
    assert!(expected.len() >= 60, "only {} kinds", expected.len());

    let mut child = command(&tmp.path().join("desk"))
        .args(["wire", "import"])
        .arg(&corpus)
        .arg("--json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run copydesk");
    let pid = child.id();
    // Read as it comes: a full pipe would stall the import.
    let mut stdout_pipe = child.stdout.take().expect("stdout");
    let mut stderr_pipe = child.stderr.take().expect("stderr");
    let stdout_text = std::thread::spawn(move || {
        let mut all = Vec::new();
        std::io::Read::read_to_end(&mut stdout_pipe, &mut all).expect("stdout");
        all
    });
    let stderr_text = std::thread::spawn(move || {
        let mut all = Vec::new();
        std::io::Read::read_to_end(&mut stderr_pipe, &mut all).expect("stderr");
        all
    });
    let mut peak = 0;
    let started = Instant::now();
    let status = loop {
        if let Some(kib) = peak_kib(pid) {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            started.elapsed() < DEADLINE,
            "a hang: still importing after {DEADLINE:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let stdout = stdout_text.join().expect("stdout reader");
    let stderr = stderr_text.join().expect("stderr reader");
    let stderr = String::from_utf8_lossy(&stderr);
    assert!(status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(peak < 512 * 1024, "peak memory {peak} KiB");

    let mut seen: BTreeMap<PathBuf, Vec<(String, Option<String>)>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let file = PathBuf::from(v["file"].as_str().expect("file"));
        let outcome = v["outcome"].as_str().expect("outcome").to_string();
        assert!(OUTCOMES.contains(&outcome.as_str()), "{line}");
        let reason = v["reason"].as_str().map(str::to_string);
        if matches!(outcome.as_str(), "quarantined" | "skipped" | "duplicate") {
            assert!(
                reason.as_deref().is_some_and(|r| !r.trim().is_empty()),
                "no reason: {line}"
            );
        }
        seen.entry(file).or_default().push((outcome, reason));
    }
    let missing: Vec<&PathBuf> = expected.iter().filter(|p| !seen.contains_key(*p)).collect();
    assert!(missing.is_empty(), "no line for {missing:?}");
    let extra: Vec<&PathBuf> = seen.keys().filter(|p| !expected.contains(p)).collect();
    assert!(
        extra.is_empty(),
        "lines for entries not in the corpus: {extra:?}"
    );
    // A few kinds must end one particular way, whatever else changes.
    let only = |name: &str| -> String {
        let lines = &seen[&corpus.join(name)];
        lines[0].0.clone()
    };
    assert_eq!(only("fifo.txt"), "skipped");
    assert_eq!(only("symlink-out-of-folder.txt"), "skipped");
    assert_eq!(only("random-200k.txt"), "quarantined");
    assert_eq!(only("billion-laughs.xml"), "quarantined");
    assert_eq!(only("xxe-file.xml"), "quarantined");
    assert_eq!(only("ordinary-nitf.xml"), "new");
    // Refused by its size, unread: the peak above would show a read of it.
    assert_eq!(only("five-hundred-mb.txt"), "quarantined");
    assert_eq!(seen[&corpus.join("many-stories.anpa")].len(), 200);
    eprintln!(
        "hostile corpus via the CLI: {} entries, {} lines, peak {} MiB, {:.1} s",
        expected.len(),
        seen.values().map(Vec::len).sum::<usize>(),
        peak / 1024,
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn the_hostile_corpus_dropped_on_the_watcher_loses_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let staging = tmp.path().join("corpus");
    generate(&staging);
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");

    let mut child = command(&tmp.path().join("desk"))
        .args(["wire", "watch"])
        .arg(&inbox)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run copydesk wire watch");
    // Changes on stdout are read (and dropped) so the watcher never blocks on a full pipe.
    let stdout = child.stdout.take().expect("stdout");
    std::thread::spawn(move || for _ in BufReader::new(stdout).lines() {});
    let (tx, lines) = mpsc::channel::<String>();
    let stderr = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut said: Vec<String> = Vec::new();
    let started = Instant::now();
    while !said.iter().any(|l| l.starts_with("watching ")) {
        let line = lines
            .recv_timeout(DEADLINE.saturating_sub(started.elapsed()))
            .expect("the watcher never said it was watching");
        said.push(line);
    }

    // What will be dropped, by its place in the inbox. An empty folder holds nothing to take
    // in or to lose: the watcher need not mention it. Hidden and partial-download names are
    // left for their writer to rename, by design (copydesk-inbox's `is_ignored_name`): they
    // must still be there, untouched, at the end.
    let (waiting, expected): (Vec<PathBuf>, Vec<PathBuf>) = entries(&staging)
        .into_iter()
        .filter(|p| !p.is_dir())
        .map(|p| inbox.join(p.strip_prefix(&staging).expect("in staging")))
        .partition(|p| left_for_its_writer(p));
    // Dropped in: each top-level entry renamed into the inbox (as a file manager moves it).
    let dropped = Instant::now();
    for entry in std::fs::read_dir(&staging).expect("staging") {
        let name = entry.expect("entry").file_name();
        std::fs::rename(staging.join(&name), inbox.join(&name)).expect("drop");
    }

    // Each entry is reported by its path in the inbox, control characters escaped (a name
    // with a newline must not forge a line of its own). Checked line by line as they come:
    // the watcher must never wait on a full pipe because the test is slow to read.
    let shown = |path: &Path| {
        let relative = path
            .strip_prefix(&inbox)
            .unwrap_or(path)
            .display()
            .to_string();
        let escaped: String = relative
            .chars()
            .flat_map(|c| {
                let keep = !c.is_control();
                let escaped: Vec<char> = if keep {
                    vec![c]
                } else {
                    c.escape_default().collect()
                };
                escaped
            })
            .collect();
        format!(" {escaped}  ")
    };
    let mut pending: Vec<(String, &PathBuf)> = expected.iter().map(|p| (shown(p), p)).collect();
    pending.retain(|(s, _)| !said.iter().any(|l| l.contains(s.as_str())));
    let deadline = Instant::now() + DEADLINE;
    while !pending.is_empty() {
        let Some(wait) = deadline.checked_duration_since(Instant::now()) else {
            let _ = child.kill();
            panic!(
                "a hang or a loss: never reported {pending:?}\n{}",
                said.join("\n")
            );
        };
        match lines.recv_timeout(wait) {
            Ok(line) => {
                pending.retain(|(s, _)| !line.contains(s.as_str()));
                said.push(line);
            }
            Err(_) => {
                let _ = child.kill();
                panic!("never reported {pending:?}\n{}", said.join("\n"));
            }
        }
    }
    let settled = dropped.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    let text = said.join("\n");
    assert!(!text.contains("panicked"), "{text}");

    // Nothing lost: every regular file left the inbox for the archive or the quarantine;
    // what was refused (links, FIFOs) is still where it was dropped, untouched.
    let shelved = |folder: &str| -> usize {
        walk(&inbox.join(folder))
            .iter()
            .filter(|p| !p.to_string_lossy().ends_with(".reason.txt"))
            .count()
    };
    let archived = shelved("Archive");
    let quarantined = shelved("Quarantine");
    let left_in_place: Vec<PathBuf> = expected
        .iter()
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .cloned()
        .collect();
    for path in &left_in_place {
        let meta = std::fs::symlink_metadata(path).expect("meta");
        assert!(
            !meta.is_file(),
            "a regular file was left in the inbox: {}",
            path.display()
        );
    }
    for path in &waiting {
        assert!(path.is_file(), "{} was taken", path.display());
    }
    eprintln!(
        "hostile corpus via the watcher: {} entries: {archived} archived, {quarantined} quarantined, {} refused in place, all reported {:.1} s after the drop",
        expected.len(),
        left_in_place.len(),
        settled.as_secs_f64()
    );
    assert_eq!(
        archived + quarantined + left_in_place.len(),
        expected.len(),
        "every entry in exactly one place\n{text}"
    );
}

/// A name the inbox leaves alone until it is renamed: hidden, or a download in progress.
fn left_for_its_writer(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with(".part")
}

/// Every file under `dir`, at any depth.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}
