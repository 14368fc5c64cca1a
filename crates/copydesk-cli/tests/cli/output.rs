//! Standard output closed early (`copydesk … | head`): a quiet, successful end.
use super::{command, sample, wait_for_exit, TestDesk};
use std::io::Read;
use std::process::Stdio;

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let desk = TestDesk::new();
    // More than a pipe holds (64 KiB on Linux), so the command is still writing when the
    // reader goes: its next write meets the closed pipe, wherever the race falls.
    let long = "Storm ".repeat(20_000);
    desk.new_article(long.trim(), "", &[]);
    let text: &[&str] = &["article", "list"];
    let json: &[&str] = &["article", "list", "--json"];
    for args in [text, json] {
        let mut child = command(&desk.data())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn copydesk");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).expect("the first bytes");
        drop(stdout);
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
    }
}

/// `wire watch` writes each change from the inbox worker's thread: when nobody reads them
/// any more, it stops the watcher and exits with success (it used to panic on that thread
/// and go on watching, unread).
#[test]
fn wire_watch_stops_when_its_reader_goes() {
    let desk = TestDesk::new();
    let inbox = desk.path("Wire");
    std::fs::create_dir(&inbox).expect("inbox");
    std::fs::copy(sample("nitf/pa1.xml"), inbox.join("pa1.xml")).expect("copy");
    let mut child = command(&desk.data())
        .args(["wire", "watch"])
        .arg(&inbox)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn copydesk wire watch");
    // Closed before the first change (the initial scan's) is written.
    drop(child.stdout.take());
    let out = wait_for_exit(child);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success(), "{:?} {err}", out.status);
}
