//! `wire import` of what is not a file, `wire retry` and `wire diff`.
use super::{fails_with, json_lines, sample, TestDesk};
use std::path::{Path, PathBuf};

fn utf8(path: &Path) -> &str {
    path.to_str().expect("utf8")
}

/// The import line for `path` (exactly one).
fn line_for<'a>(lines: &'a [serde_json::Value], path: &Path) -> &'a serde_json::Value {
    let found: Vec<_> = lines
        .iter()
        .filter(|l| l["file"].as_str() == Some(utf8(path)))
        .collect();
    assert_eq!(found.len(), 1, "one line for {}: {lines:?}", path.display());
    found[0]
}

#[test]
fn import_says_why_it_skips_what_is_no_file() {
    let desk = TestDesk::new();
    let fifo = desk.path("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let link = desk.path("link.xml");
    std::os::unix::fs::symlink(sample("nitf/aap.xml"), &link).expect("symlink");
    let empty = desk.path("empty-folder");
    std::fs::create_dir(&empty).expect("mkdir");
    let mixed = desk.path("mixed");
    std::fs::create_dir(&mixed).expect("mkdir");
    std::fs::copy(sample("nitf/aap.xml"), mixed.join("aap.xml")).expect("copy");
    let inner = mixed.join("inner-pipe");
    std::process::Command::new("mkfifo")
        .arg(&inner)
        .status()
        .expect("mkfifo");
    let device = PathBuf::from("/dev/null");
    let paths = [&fifo, &link, &empty, &mixed, &device];

    let mut args = vec!["wire", "import", "--json"];
    args.extend(paths.iter().map(|p| utf8(p)));
    let lines = json_lines(&desk.run(&args));
    for (path, code) in [
        (&fifo, "FIFO:"),
        (&link, "SYMLINK:"),
        (&empty, "NO_FILES:"),
        (&inner, "FIFO:"),
        (&device, "DEVICE:"),
    ] {
        let line = line_for(&lines, path);
        assert_eq!(line["outcome"], "skipped", "{line}");
        assert_eq!(line["item"], serde_json::Value::Null);
        let reason = line["reason"].as_str().expect("reason");
        assert!(reason.starts_with(code), "{}: {reason}", path.display());
    }
    // The real file beside the pipe was imported; the link was not followed to its target.
    assert_eq!(line_for(&lines, &mixed.join("aap.xml"))["outcome"], "new");
    assert_eq!(lines.len(), 6, "{lines:?}");

    let text = desk.text(&["wire", "import", utf8(&fifo), utf8(&empty)]);
    let text: Vec<&str> = text.lines().collect();
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(
        text[0].starts_with(&format!("skipped     {}  FIFO: ", fifo.display())),
        "{text:?}"
    );
    assert!(text[1].starts_with("skipped "), "{text:?}");
}

#[test]
fn retry_puts_a_quarantined_file_back_into_the_inbox() {
    let desk = TestDesk::new();
    let junk = desk.path("junk.bin");
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    std::fs::write(&junk, &bytes).expect("write");
    let lines = json_lines(&desk.run(&["wire", "import", "--json", utf8(&junk)]));
    assert_eq!(lines[0]["outcome"], "quarantined", "{lines:?}");
    let quarantined = desk.json(&["wire", "quarantine", "--json"]);
    let id = quarantined[0]["id"].as_i64().expect("id").to_string();

    let inbox = desk.path("inbox");
    std::fs::create_dir(&inbox).expect("mkdir");
    let put = desk.json(&["wire", "retry", &id, "--inbox", utf8(&inbox), "--json"]);
    assert_eq!(put, serde_json::json!(utf8(&inbox.join("junk.bin"))));
    assert_eq!(std::fs::read(inbox.join("junk.bin")).expect("read"), bytes);

    // Without --inbox: the folder chosen with `wire inbox`, as the app watches it.
    let chosen = desk.path("chosen");
    std::fs::create_dir(&chosen).expect("mkdir");
    desk.json(&["wire", "inbox", "--folder", utf8(&chosen), "--json"]);
    let text = desk.text(&["wire", "retry", &id]);
    assert_eq!(text, format!("{}\n", chosen.join("junk.bin").display()));
    assert!(chosen.join("junk.bin").is_file());

    fails_with(
        &desk.run(&["wire", "retry", "99", "--inbox", utf8(&inbox)]),
        "not_found",
    );
}

#[test]
fn diff_compares_two_versions_of_one_story() {
    let desk = TestDesk::new();
    let correction = sample("newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838");
    let kill = sample("newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538");
    let other = sample("nitf/aap.xml");
    let item = |path: &Path| {
        let lines = json_lines(&desk.run(&["wire", "import", "--json", utf8(path)]));
        lines[0]["item"]["id"]
            .as_i64()
            .expect("item id")
            .to_string()
    };
    let (first, second, unrelated) = (item(&correction), item(&kill), item(&other));
    let diff = desk.json(&["wire", "diff", &first, &second, "--json"]);
    let chunks = diff.as_array().expect("chunks");
    assert!(
        chunks
            .iter()
            .any(|c| c["op"] == "insert" || c["op"] == "delete"),
        "{diff}"
    );
    let second_body = desk.json(&["wire", "show", &second, "--json"])["body"].clone();
    let rebuilt: String = chunks
        .iter()
        .filter(|c| c["op"] != "delete")
        .filter_map(|c| c["text"].as_str())
        .collect();
    assert_eq!(
        serde_json::json!(rebuilt),
        second_body,
        "the new side is the new body"
    );
    let text = desk.text(&["wire", "diff", &first, &second]);
    assert!(text.contains("{+") || text.contains("[-"), "{text}");

    fails_with(&desk.run(&["wire", "diff", &first, &unrelated]), "invalid");
    fails_with(&desk.run(&["wire", "diff", &first, "999"]), "not_found");
}
