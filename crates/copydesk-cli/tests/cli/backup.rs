//! `backup` and `restore`.
use super::{command, fails_with, TestDesk, DEADLINE};
use std::time::Instant;

#[test]
fn a_backup_restores_and_the_replaced_database_is_kept() {
    let desk = TestDesk::new();
    desk.new_article("Before the backup", "Kept.\n", &[]);
    let snapshot = desk.json(&["backup", "--json"]);
    let path = snapshot["path"].as_str().expect("path").to_string();
    assert!(
        path.starts_with(desk.data().join("Backups").to_str().expect("utf8")),
        "{path}"
    );
    desk.new_article("After the backup", "Lost by the restore.\n", &[]);

    let restored = desk.json(&["restore", &path, "--json"]);
    let aside = restored["kept_aside"].as_str().expect("kept aside");
    assert!(std::path::Path::new(aside).is_file(), "{aside}");
    let list = desk.json(&["article", "list", "--json"]);
    let headlines: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|a| a["headline"].as_str())
        .collect();
    assert_eq!(headlines, ["Before the backup"]);

    // The snapshots are listed; --to writes elsewhere and leaves the folder alone.
    let elsewhere = desk.path("usb");
    let other = desk.json(&[
        "backup",
        "--to",
        elsewhere.to_str().expect("utf8"),
        "--json",
    ]);
    assert!(other["path"]
        .as_str()
        .is_some_and(|p| p.starts_with(elsewhere.to_str().expect("utf8"))));
    let listed = desk.json(&["backup", "--list", "--json"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");

    // Another folder can be chosen, and the default restored.
    let chosen = desk.path("chosen");
    let folder = desk.json(&[
        "backup",
        "--set-folder",
        chosen.to_str().expect("utf8"),
        "--json",
    ]);
    assert_eq!(folder["is_default"], false);
    assert!(desk
        .text(&["backup"])
        .starts_with(chosen.to_str().expect("utf8")));
    let folder = desk.json(&["backup", "--default-folder", "--json"]);
    assert_eq!(folder["is_default"], true);

    // A file that is not a desk is refused, and the desk left as it was.
    let junk = desk.path("junk.sqlite3");
    std::fs::write(&junk, b"not a database").expect("write");
    assert!(!desk
        .run(&["restore", junk.to_str().expect("utf8")])
        .status
        .success());
    assert_eq!(
        desk.json(&["article", "list", "--json"])
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[test]
fn restore_is_refused_while_the_desk_is_open() {
    let desk = TestDesk::new();
    desk.new_article("Open desk", "Text.\n", &[]);
    let snapshot = desk.json(&["backup", "--json"]);
    let path = snapshot["path"].as_str().expect("path").to_string();
    let inbox = desk.path("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");
    let mut watch = command(&desk.data())
        .args(["wire", "watch"])
        .arg(&inbox)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("wire watch");
    // The watcher has the desk open once it holds the desk's lock.
    let lock = std::fs::File::open(desk.data().join("copydesk.sqlite3.lock")).expect("lock");
    let started = Instant::now();
    while lock.try_lock().is_ok() {
        lock.unlock().expect("unlock");
        assert!(
            started.elapsed() < DEADLINE,
            "the watcher never opened the desk"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let refused = desk.run(&["restore", &path]);
    let _ = watch.kill();
    let _ = watch.wait();
    let err = fails_with(&refused, "invalid");
    assert!(err.contains("quit it before restoring"), "{err}");
    // Closed, it restores.
    desk.text(&["restore", &path]);
}

#[test]
fn storage_says_what_the_desk_holds_and_compact_keeps_it() {
    let desk = TestDesk::new();
    desk.new_article("Harbour wall", "Repairs start Monday.\n", &[]);
    let report = desk.json(&["storage", "--json"]);
    assert_eq!(report["articles"], 1);
    assert_eq!(report["wire_items"], 0);
    assert!(
        report["database_bytes"].as_u64().is_some_and(|b| b > 0),
        "{report}"
    );
    let done = desk.json(&["compact", "--json"]);
    assert!(done["after_bytes"].as_u64().is_some(), "{done}");
    let after = desk.json(&["storage", "--json"]);
    assert_eq!(after["free_bytes"], 0, "{after}");
    let list = desk.json(&["article", "list", "--json"]);
    assert_eq!(list[0]["headline"], "Harbour wall");
}
