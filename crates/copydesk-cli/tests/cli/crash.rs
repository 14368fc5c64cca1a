//! A real crash between the database commit and the file move: the `copydesk` binary aborts at
//! the failpoint (`COPYDESK_FAILPOINT=after_commit_before_move`), then a second run finds the
//! file still in the inbox, recognises it by its hash and only moves it.
use super::{sample, wait_for_exit, DEADLINE};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Instant;

const FAILPOINT: &str = "COPYDESK_FAILPOINT";

fn copydesk(data: &Path) -> Command {
    let mut command = super::command(data);
    command.env_remove(FAILPOINT).stdin(Stdio::null());
    // A core dump from the abort (where the system writes them) lands in the temp dir.
    if let Some(temp) = data.parent() {
        command.current_dir(temp);
    }
    command
}

fn watch(data: &Path, inbox: &Path) -> Command {
    let mut command = copydesk(data);
    command
        .args(["wire", "watch"])
        .arg(inbox)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn wire_list(data: &Path) -> Vec<serde_json::Value> {
    let out = copydesk(data)
        .args(["wire", "list", "--json"])
        .output()
        .expect("run copydesk wire list");
    super::json(&out).as_array().expect("array").clone()
}

fn files_below(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return out;
    };
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files_below(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_crash_between_commit_and_move_leaves_the_file_to_be_moved_not_imported_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let inbox = dir.path().join("Wire");
    std::fs::create_dir_all(&inbox).expect("inbox");
    std::fs::copy(sample("nitf/pa1.xml"), inbox.join("pa1.xml")).expect("copy");

    // 1. The watcher imports the file, commits, and dies before the move.
    let crashed = wait_for_exit(
        watch(&data, &inbox)
            .env(FAILPOINT, "after_commit_before_move")
            .spawn()
            .expect("spawn copydesk wire watch"),
    );
    let stderr = String::from_utf8_lossy(&crashed.stderr);
    assert!(!crashed.status.success(), "exited normally: {stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(crashed.status.signal(), Some(6), "not SIGABRT: {stderr}");
    }
    assert!(
        stderr.contains("after_commit_before_move: aborting"),
        "{stderr}"
    );
    // The commit was announced (the story is new) before the crash.
    let stdout = String::from_utf8_lossy(&crashed.stdout);
    assert!(stdout.contains("\"kind\":\"wire_received\""), "{stdout}");
    assert!(inbox.join("pa1.xml").is_file(), "moved before the crash");
    assert!(files_below(&inbox.join("Archive")).is_empty());
    let items = wire_list(&data);
    assert_eq!(items.len(), 1, "the import was not committed: {items:?}");
    let item_id = items[0]["id"].clone();

    // 2. Again, without the failpoint: the file is recognised by its hash and only moved.
    let mut child = watch(&data, &inbox)
        .spawn()
        .expect("spawn copydesk wire watch");
    let stderr = child.stderr.take().expect("stderr");
    let (lines_tx, lines) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let started = Instant::now();
    let mut seen = Vec::new();
    let report = loop {
        let left = DEADLINE.saturating_sub(started.elapsed());
        match lines.recv_timeout(left) {
            Ok(line) if line.contains("pa1.xml") => break line,
            Ok(line) => seen.push(line),
            Err(_) => {
                let _ = child.kill();
                panic!("no report for pa1.xml after {DEADLINE:?}; stderr: {seen:?}");
            }
        }
    };
    child.kill().expect("stop the watcher");
    let status = child.wait().expect("wait");
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut stdout)
        .expect("read stdout");
    let _ = reader.join();
    assert!(!status.success(), "the watcher stopped by itself");

    assert!(report.starts_with("duplicate "), "{report}");
    assert!(
        !stdout.contains("\"kind\":\"wire_received\""),
        "announced as news again: {stdout}"
    );
    assert!(!inbox.join("pa1.xml").exists(), "not moved");
    let archived = files_below(&inbox.join("Archive"));
    assert_eq!(archived.len(), 1, "{archived:?}");
    assert!(archived[0].ends_with("pa1.xml"), "{archived:?}");
    assert!(files_below(&inbox.join("Quarantine")).is_empty());
    let items = wire_list(&data);
    assert_eq!(items.len(), 1, "imported twice: {items:?}");
    assert_eq!(items[0]["id"], item_id);
    assert_eq!(items[0]["versions"], 1);
}
