//! Crash reports. A panic anywhere in the app or the CLI writes a plain-text report into the
//! data folder's `Crashes/` (what failed, where, the backtrace, the version), beside the
//! default message on standard error; the next launch of the app offers to open the newest
//! report it has not shown yet. Nothing leaves the machine.
use crate::data_dir::DataDir;
use crate::error::{Error, Result};
use jiff::Timestamp;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The folder reports go to, in the data folder.
pub const CRASH_FOLDER: &str = "Crashes";

/// Reports kept: older ones are removed when a new one is written.
const KEEP: usize = 20;

/// Holds the name of the newest report already offered, so it is offered once.
const SEEN: &str = "seen";

/// A crash report on disk, as the app offers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CrashReport {
    pub path: String,
    /// When it was written (from its name).
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub at: Timestamp,
    /// Its first line: what failed.
    pub summary: String,
}

pub fn crash_folder(data_dir: &DataDir) -> PathBuf {
    data_dir.path().join(CRASH_FOLDER)
}

/// From now on, a panic in this process also writes a report into `data_dir`'s `Crashes/`.
/// `program` and `version` go into the report.
pub fn write_reports_on_panic(data_dir: &DataDir, program: &'static str, version: &'static str) {
    let folder = crash_folder(data_dir);
    let before = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        before(info);
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic with no message".into());
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "an unknown place".into());
        let thread = std::thread::current()
            .name()
            .unwrap_or("unnamed")
            .to_string();
        let text = report_text(&Panic {
            program,
            version,
            message: &message,
            place: &place,
            thread: &thread,
            backtrace: &std::backtrace::Backtrace::force_capture().to_string(),
        });
        // The wall clock, not the desk's Clock: there is no desk here, and the name only
        // orders the reports.
        match write_report(&folder, Timestamp::now(), &text) {
            Ok(path) => {
                let _ = std::io::Write::write_all(
                    &mut std::io::stderr(),
                    format!("crash report written to {}\n", path.display()).as_bytes(),
                );
            }
            Err(e) => {
                let _ = std::io::Write::write_all(
                    &mut std::io::stderr(),
                    format!("could not write a crash report: {e}\n").as_bytes(),
                );
            }
        }
    }));
}

/// What one panic was.
pub struct Panic<'a> {
    pub program: &'a str,
    pub version: &'a str,
    pub message: &'a str,
    pub place: &'a str,
    pub thread: &'a str,
    pub backtrace: &'a str,
}

/// The report's text: a first line that says what failed, then the details.
pub fn report_text(p: &Panic<'_>) -> String {
    let first = p.message.lines().next().unwrap_or_default();
    format!(
        "{} {} stopped: {first}\n\nAt: {}\nThread: {}\nSystem: {} {}\n\nMessage:\n{}\n\nBacktrace:\n{}\n",
        p.program,
        p.version,
        p.place,
        p.thread,
        std::env::consts::OS,
        std::env::consts::ARCH,
        p.message,
        p.backtrace
    )
}

/// Writes `text` as a new report in `folder` named after `at`, and keeps the newest [`KEEP`].
pub fn write_report(folder: &Path, at: Timestamp, text: &str) -> Result<PathBuf> {
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::io(format!("cannot create {}", folder.display()), e))?;
    let mut path = folder.join(name_for(at));
    // Two panics in one millisecond (two threads): the second gets its own file.
    let mut n = 1;
    while path.exists() {
        path = folder.join(format!("crash-{}-{n}.txt", at.as_millisecond()));
        n += 1;
    }
    std::fs::write(&path, text)
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    let reports = reports(folder);
    for old in reports.iter().take(reports.len().saturating_sub(KEEP)) {
        let _ = std::fs::remove_file(old);
    }
    Ok(path)
}

fn name_for(at: Timestamp) -> String {
    format!("crash-{}.txt", at.as_millisecond())
}

/// The time a report's name says, and its place among reports of the same millisecond, if
/// it is one of ours.
fn order_of(path: &Path) -> Option<(Timestamp, u32)> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_prefix("crash-")?.strip_suffix(".txt")?;
    let (ms, n) = stem.split_once('-').unwrap_or((stem, "0"));
    Some((
        Timestamp::from_millisecond(ms.parse().ok()?).ok()?,
        n.parse().ok()?,
    ))
}

fn time_of(path: &Path) -> Option<Timestamp> {
    order_of(path).map(|(t, _)| t)
}

/// Our reports in `folder`, oldest first.
fn reports(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<((Timestamp, u32), PathBuf)> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| Some((order_of(&p)?, p)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

/// The newest report not offered yet, if any.
pub fn unseen_report(data_dir: &DataDir) -> Option<CrashReport> {
    let folder = crash_folder(data_dir);
    let newest = reports(&folder).pop()?;
    let seen = std::fs::read_to_string(folder.join(SEEN)).unwrap_or_default();
    let name = newest.file_name()?.to_str()?.to_string();
    if seen.trim() == name {
        return None;
    }
    let text = std::fs::read_to_string(&newest).ok()?;
    Some(CrashReport {
        at: time_of(&newest)?,
        summary: text.lines().next().unwrap_or_default().to_string(),
        path: newest.display().to_string(),
    })
}

/// Marks every report written so far as offered (the person opened or dismissed it).
pub fn mark_seen(data_dir: &DataDir) -> Result<()> {
    let folder = crash_folder(data_dir);
    let Some(newest) = reports(&folder).pop() else {
        return Ok(());
    };
    let name = newest
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let seen = folder.join(SEEN);
    std::fs::write(&seen, name)
        .map_err(|e| Error::io(format!("cannot write {}", seen.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panic_text(message: &str) -> String {
        report_text(&Panic {
            program: "copydesk-app",
            version: "0.1.0",
            message,
            place: "src/desk.rs:10",
            thread: "main",
            backtrace: "0: main",
        })
    }

    #[test]
    fn a_report_is_offered_once_then_the_next_one_is() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = DataDir::new(tmp.path());
        assert_eq!(unseen_report(&dir), None);

        let at = Timestamp::from_millisecond(1_765_000_000_000).expect("time");
        let path = write_report(&crash_folder(&dir), at, &panic_text("index out of bounds"))
            .expect("write");
        let report = unseen_report(&dir).expect("offered");
        assert_eq!(report.path, path.display().to_string());
        assert_eq!(report.at, at);
        assert_eq!(
            report.summary,
            "copydesk-app 0.1.0 stopped: index out of bounds"
        );
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("At: src/desk.rs:10"), "{text}");
        assert!(text.contains("Backtrace:\n0: main"), "{text}");

        mark_seen(&dir).expect("seen");
        assert_eq!(unseen_report(&dir), None);

        // Two in the same millisecond both stay; the newer is offered.
        let later = Timestamp::from_millisecond(1_765_000_100_000).expect("time");
        write_report(&crash_folder(&dir), later, &panic_text("first")).expect("write");
        write_report(&crash_folder(&dir), later, &panic_text("second")).expect("write");
        assert_eq!(reports(&crash_folder(&dir)).len(), 3);
        let offered = unseen_report(&dir).expect("offered");
        assert!(offered.summary.ends_with("second"), "{offered:?}");
    }

    #[test]
    fn only_the_newest_reports_are_kept() {
        let tmp = tempfile::tempdir().expect("tmp");
        let folder = tmp.path().join(CRASH_FOLDER);
        for i in 0..(KEEP as i64 + 5) {
            let at = Timestamp::from_millisecond(1_765_000_000_000 + i).expect("time");
            write_report(&folder, at, &panic_text("x")).expect("write");
        }
        let kept = reports(&folder);
        assert_eq!(kept.len(), KEEP);
        assert_eq!(
            time_of(&kept[0]).map(|t| t.as_millisecond()),
            Some(1_765_000_000_005)
        );
    }
}
