//! The real `copydesk` binary against a temporary data directory. The verbs added with the
//! split into modules are tested in the modules beside this file (one test binary: they share
//! these helpers).
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

mod article_text;
mod backup;
mod crash;
mod desk_settings;
mod hostile_corpus;
mod output;
mod wire_files;

/// Generous: the watcher waits its 2 s scan settle window, and the machine may be busy.
const DEADLINE: Duration = Duration::from_secs(60);

/// A file of `../shared/wire-samples`.
fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/wire-samples")
        .join(name)
}

/// Waits for the child to exit by itself; kills it and fails after the deadline.
fn wait_for_exit(mut child: Child) -> Output {
    let started = Instant::now();
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "still running after {DEADLINE:?}; stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The binary, on this data directory, with nothing taken from the environment's desk.
fn command(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    command
        .arg("--data-dir")
        .arg(data)
        .env_remove("COPYDESK_DATA_DIR")
        .env_remove("COPYDESK_INBOX")
        .env_remove("COPYDESK_OUTBOX");
    command
}

fn copydesk(data: &Path, args: &[&str]) -> Output {
    command(data).args(args).output().expect("run copydesk")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// Asserts that the command failed with `error[<code>]:` and returns its standard error.
fn fails_with(out: &Output, code: &str) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success(), "expected error[{code}], got success");
    assert!(err.starts_with(&format!("error[{code}]: ")), "{err}");
    err
}

/// The lines of standard output, each a JSON document (`wire import --json`).
fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

/// The string `key` of each element of a JSON array, in order.
fn each<'a>(list: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .expect("array")
        .iter()
        .filter_map(|v| v[key].as_str())
        .collect()
}

/// A desk in a temporary folder, and the folder for files the test makes.
struct TestDesk {
    dir: tempfile::TempDir,
}

impl TestDesk {
    fn new() -> Self {
        TestDesk {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A path for the test's own files (outside the data directory).
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        copydesk(&self.data(), args)
    }

    /// Runs a command that must succeed and print JSON.
    fn json(&self, args: &[&str]) -> serde_json::Value {
        json(&self.run(args))
    }

    /// Runs a command that must succeed; its standard output.
    fn text(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    /// A new article with this body (and tags); its id, as the CLI takes it.
    fn new_article(&self, headline: &str, body: &str, tags: &[&str]) -> String {
        // Read before `article new` returns: one file serves every article.
        let file = self.path("body.md");
        std::fs::write(&file, body).expect("write body");
        let mut args = vec![
            "article",
            "new",
            "--headline",
            headline,
            "--body-file",
            file.to_str().expect("utf8"),
            "--json",
        ];
        for tag in tags {
            args.extend(["--tag", tag]);
        }
        let created = self.json(&args);
        created["id"].as_i64().expect("id").to_string()
    }
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

#[test]
fn wire_import_prints_one_json_line_per_item_and_quarantines_bad_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let drop = dir.path().join("drop");
    std::fs::create_dir_all(&drop).expect("mkdir");
    std::fs::copy(
        sample("text/scraped-page-nk-missiles.txt"),
        drop.join("seed.txt"),
    )
    .expect("copy");
    std::fs::copy(sample("rss-atom/wenn.xml"), drop.join("feed.xml")).expect("copy");
    std::fs::write(drop.join("empty.txt"), b"").expect("write");
    let data = dir.path().join("data");
    let out = copydesk(
        &data,
        &["wire", "import", "--json", drop.to_str().expect("utf8")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let seed = lines
        .iter()
        .find(|l| l["file"].as_str().is_some_and(|f| f.ends_with("seed.txt")))
        .expect("seed line");
    assert_eq!(seed["outcome"], "new");
    assert_eq!(seed["reason"], serde_json::Value::Null);
    assert_eq!(
        seed["item"]["headline"],
        "Moscow mocks US claims it used North Korean missiles"
    );
    for key in [
        "id",
        "story_id",
        "version",
        "format",
        "encoding",
        "provider",
        "guid",
        "headline",
        "standfirst",
        "byline",
        "dateline",
        "slugline",
        "urgency",
        "subjects",
        "keywords",
        "body",
        "embargo",
        "pub_status",
        "sent_at",
        "warnings",
        "removed",
        // previous_guid, edit_marker and story_key: how the version ties into its story.
        "link",
    ] {
        assert!(seed["item"].get(key).is_some(), "item has no {key}");
    }
    let feed: Vec<_> = lines
        .iter()
        .filter(|l| l["file"].as_str().is_some_and(|f| f.ends_with("feed.xml")))
        .collect();
    assert!(feed.len() > 1, "each feed entry is an item");
    let empty = lines
        .iter()
        .find(|l| l["file"].as_str().is_some_and(|f| f.ends_with("empty.txt")))
        .expect("empty line");
    assert_eq!(empty["outcome"], "quarantined");
    assert_eq!(empty["item"], serde_json::Value::Null);
    assert!(empty["reason"].as_str().is_some_and(|r| !r.is_empty()));

    // Again: nothing new.
    let again = copydesk(
        &data,
        &["wire", "import", "--json", drop.to_str().expect("utf8")],
    );
    for line in String::from_utf8_lossy(&again.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        assert!(
            v["outcome"] == "duplicate" || v["outcome"] == "quarantined",
            "{v}"
        );
    }
    let list = json(&copydesk(&data, &["wire", "list", "--json"]));
    assert_eq!(list.as_array().expect("array").len(), 1 + feed.len());
}

#[test]
fn render_prints_sanitised_html() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = dir.path().join("story.md");
    std::fs::write(
        &md,
        "## Storm\n\n*Heavy* rain. <script>alert(1)</script>\n\n[x](javascript:alert(1))\n",
    )
    .expect("write");
    let out = copydesk(dir.path(), &["render", md.to_str().expect("utf8")]);
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("<h2>Storm</h2>"), "{html}");
    assert!(html.contains("<em>Heavy</em>"), "{html}");
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    assert!(!html.to_lowercase().contains("javascript:"), "{html}");
}

#[test]
fn workflow_commands_check_roles_times_and_embargoes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let outbox = dir.path().join("out");
    let out_arg = outbox.to_str().expect("utf8");
    let body = dir.path().join("gala.md");
    std::fs::write(
        &body,
        "The gala raised a record sum for the lifeboat station.",
    )
    .expect("body");
    let created = json(&copydesk(
        &data,
        &[
            "article",
            "new",
            "--headline",
            "Gala",
            "--body-file",
            body.to_str().expect("utf8"),
            "--json",
        ],
    ));
    let id = created["id"].as_i64().expect("id").to_string();
    let run = |args: &[&str]| copydesk(&data, args);
    let err = |out: Output| String::from_utf8_lossy(&out.stderr).to_string();

    assert!(run(&["article", "submit", &id]).status.success());
    let refused = run(&["article", "approve", &id]);
    assert!(!refused.status.success());
    assert!(err(refused).starts_with("error[forbidden_for_role]:"));
    assert!(run(&["--as-editor", "article", "approve", &id])
        .status
        .success());

    let gap = run(&[
        "--as-editor",
        "article",
        "schedule",
        &id,
        "--at",
        "2030-03-31 02:30",
        "--tz",
        "Europe/Berlin",
    ]);
    assert!(err(gap).starts_with("error[nonexistent_local_time]:"));
    let fold = run(&[
        "--as-editor",
        "article",
        "schedule",
        &id,
        "--at",
        "2030-10-27 02:30",
        "--tz",
        "Europe/Berlin",
    ]);
    assert!(err(fold).starts_with("error[ambiguous_local_time]:"));
    let scheduled = json(&run(&[
        "--as-editor",
        "article",
        "schedule",
        &id,
        "--at",
        "2030-10-27 02:30",
        "--tz",
        "Europe/Berlin",
        "--later",
        "--json",
    ]));
    assert_eq!(scheduled["status"], "scheduled");
    assert_eq!(scheduled["schedule"]["at"], "2030-10-27T01:30:00Z");

    let illegal = run(&["--as-editor", "article", "approve", &id]);
    assert!(err(illegal).starts_with("error[illegal_transition]:"));

    assert!(run(&["--as-editor", "article", "unschedule", &id])
        .status
        .success());
    assert!(run(&[
        "article",
        "embargo",
        &id,
        "--until",
        "2099-01-01 00:00",
        "--tz",
        "UTC"
    ])
    .status
    .success());
    let blocked = run(&[
        "--as-editor",
        "--outbox",
        out_arg,
        "article",
        "publish",
        &id,
    ]);
    assert!(err(blocked).starts_with("error[embargoed]:"));
    let published = json(&run(&[
        "--as-editor",
        "--outbox",
        out_arg,
        "article",
        "publish",
        &id,
        "--override",
        "cleared by legal",
        "--json",
    ]));
    assert_eq!(published["status"], "published");
    assert!(outbox.exists());

    let log = json(&run(&["article", "log", &id, "--json"]));
    assert_eq!(
        each(&log, "action"),
        ["submit", "approve", "schedule", "unschedule", "publish"]
    );
    let due = json(&run(&["publish-due", "--json"]));
    assert_eq!(due["published"], serde_json::json!([]));
    let calendar = json(&run(&["calendar", "--json"]));
    assert_eq!(calendar.as_array().expect("calendar").len(), 1);
}

#[test]
fn deliveries_are_listed_and_redelivery_checks_role_and_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let created = json(&copydesk(
        &data,
        &["article", "new", "--headline", "Quiet day", "--json"],
    ));
    let id = created["id"].as_i64().expect("id").to_string();
    let listed = json(&copydesk(&data, &["article", "deliveries", &id, "--json"]));
    assert_eq!(listed, serde_json::json!([]), "no webhook, nothing sent");
    let stderr = |out: Output| String::from_utf8_lossy(&out.stderr).to_string();
    let writer = copydesk(&data, &["article", "redeliver", "7"]);
    assert!(stderr(writer).starts_with("error[forbidden_for_role]:"));
    let missing = copydesk(&data, &["--as-editor", "article", "redeliver", "7"]);
    assert!(!missing.status.success());
    assert!(stderr(missing).starts_with("error[not_found]: webhook delivery 7 does not exist"));
}

#[test]
fn profiles_keep_their_role_between_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let run = |args: &[&str]| copydesk(&data, args);
    let stderr = |out: Output| String::from_utf8_lossy(&out.stderr).to_string();
    // The first run makes "ana" a writer; only a forced editor can promote her.
    let listed = json(&run(&["--profile", "ana", "profile", "list", "--json"]));
    assert_eq!(
        listed,
        serde_json::json!([{"name": "ana", "role": "writer"}])
    );
    let refused = run(&["--profile", "ana", "profile", "role", "ana", "editor"]);
    assert!(stderr(refused).starts_with("error[forbidden_for_role]:"));
    let promoted = json(&run(&[
        "--profile",
        "ana",
        "--as-editor",
        "profile",
        "role",
        "ana",
        "editor",
        "--json",
    ]));
    assert_eq!(promoted["role"], "editor");
    // From now on her own profile lets her approve, without --as-editor.
    let created = json(&run(&[
        "--profile",
        "ana",
        "article",
        "new",
        "--headline",
        "Gala",
        "--json",
    ]));
    let id = created["id"].as_i64().expect("id").to_string();
    assert!(run(&["--profile", "ana", "article", "submit", &id])
        .status
        .success());
    assert!(run(&["--profile", "ana", "article", "approve", &id])
        .status
        .success());
    let added = json(&run(&[
        "--profile",
        "ana",
        "profile",
        "add",
        "Bo",
        "--json",
    ]));
    assert_eq!(added, serde_json::json!({"name": "Bo", "role": "writer"}));
}

#[test]
fn comments_thread_reply_resolve_and_refuse_others_edits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let run = |args: &[&str]| copydesk(&data, args);
    let err = |out: Output| String::from_utf8_lossy(&out.stderr).to_string();
    let created = json(&run(&["article", "new", "--headline", "Gala", "--json"]));
    let id = created["id"].as_i64().expect("id").to_string();

    let first = json(&run(&[
        "--profile",
        "ed",
        "article",
        "comment",
        &id,
        "--text",
        "Who paid for the <b>gala</b>?",
        "--json",
    ]));
    assert_eq!(first["author"], "ed");
    assert_eq!(first["body"], "Who paid for the <b>gala</b>?");
    let cid = first["id"].as_i64().expect("cid").to_string();
    let reply = json(&run(&[
        "--profile",
        "ana",
        "article",
        "comment",
        &id,
        "--text",
        "The council.",
        "--reply-to",
        &cid,
        "--json",
    ]));
    assert_eq!(reply["parent_id"], first["id"]);

    let empty = run(&["article", "comment", &id, "--text", "  "]);
    assert!(!empty.status.success());
    assert!(err(empty).starts_with("error[invalid]: a comment needs some text"));
    let not_mine = run(&[
        "--profile",
        "ana",
        "article",
        "edit-comment",
        &cid,
        "--text",
        "x",
    ]);
    assert!(!not_mine.status.success());
    assert!(err(not_mine).starts_with("error[not_author]:"));
    let missing = run(&["article", "comments", "99"]);
    assert!(err(missing).starts_with("error[not_found]:"));

    let resolved = json(&run(&[
        "--profile",
        "ana",
        "article",
        "resolve",
        &cid,
        "--json",
    ]));
    assert_eq!(resolved["resolved_by"], "ana");

    let threads = json(&run(&["article", "comments", &id, "--json"]));
    let threads = threads.as_array().expect("array");
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0]["root"]["body"], "Who paid for the <b>gala</b>?");
    assert_eq!(threads[0]["replies"][0]["body"], "The council.");
    assert!(threads[0]["resolved_at"].is_string());

    let text = run(&["article", "comments", &id]);
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(
        text.contains("ed") && text.contains("[resolved by ana"),
        "{text}"
    );
    assert!(
        text.contains("    ↳ #") && text.contains("The council."),
        "{text}"
    );

    let reopened = json(&run(&["article", "reopen", &cid, "--json"]));
    assert!(reopened["resolved_at"].is_null());
    let deleted = json(&run(&[
        "--profile",
        "ed",
        "article",
        "delete-comment",
        &cid,
        "--json",
    ]));
    assert_eq!(deleted["root"]["body"], "");
    assert!(deleted["root"]["deleted_at"].is_string());
}

/// A blocking checklist item stops `article publish` with the item named; an editor's reason
/// lets it out.
#[test]
fn publish_names_the_blocking_checklist_items() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let outbox = dir.path().join("out");
    let created = json(&copydesk(
        &data,
        &["article", "new", "--headline", "Empty so far", "--json"],
    ));
    let id = created["id"].as_i64().expect("id").to_string();
    for step in ["submit", "approve"] {
        assert!(copydesk(&data, &["--as-editor", "article", step, &id])
            .status
            .success());
    }
    let out_arg = outbox.to_str().expect("utf8");
    let publish = |extra: &[&str]| {
        let mut args = vec![
            "--as-editor",
            "--outbox",
            out_arg,
            "article",
            "publish",
            &id,
        ];
        args.extend_from_slice(extra);
        copydesk(&data, &args)
    };
    let refused = publish(&[]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.starts_with("error[blocked]:") && stderr.contains("The story has no text."),
        "{stderr}"
    );
    let shown = json(&copydesk(&data, &["article", "show", &id, "--json"]));
    assert_eq!(shown["status"], "ready");
    assert!(publish(&["--override", "a placeholder on purpose"])
        .status
        .success());
}
