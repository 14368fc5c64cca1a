//! The real `copydesk` binary against a temporary data directory.
use std::process::{Command, Output};

fn copydesk(data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("COPYDESK_DATA_DIR")
        .output()
        .expect("run copydesk")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn new_then_list_and_show_as_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = dir.path().join("body.md");
    std::fs::write(&body, "Rain is *expected* all week.\n").expect("write");
    let created = json(&copydesk(
        dir.path(),
        &[
            "article",
            "new",
            "--headline",
            "Weather warning",
            "--body-file",
            body.to_str().expect("utf8"),
            "--tag",
            "weather",
            "--tag",
            "Local",
            "--json",
        ],
    ));
    let id = created["id"].as_i64().expect("id");
    assert_eq!(created["headline"], "Weather warning");
    assert_eq!(created["tags"], serde_json::json!(["weather", "Local"]));

    let list = json(&copydesk(dir.path(), &["article", "list", "--json"]));
    assert_eq!(list.as_array().expect("array").len(), 1);
    assert_eq!(list[0]["id"].as_i64(), Some(id));

    let shown = json(&copydesk(
        dir.path(),
        &["article", "show", &id.to_string(), "--json"],
    ));
    assert_eq!(shown["body"], "Rain is *expected* all week.\n");
    assert_eq!(shown["word_count"], 5);
}

#[test]
fn errors_exit_non_zero_with_a_stable_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = copydesk(dir.path(), &["article", "show", "42", "--json"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error[not_found]:"), "{err}");

    let out = copydesk(dir.path(), &["article", "new", "--headline", " "]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error[invalid]:"));
}
