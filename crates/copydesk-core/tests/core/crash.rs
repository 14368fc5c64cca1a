//! kill -9 with real processes: this test binary runs itself again as the child (the ignored
//! `crash_child` below, chosen by `COPYDESK_CRASH_CHILD`), which works on a real SQLite file
//! and says on stdout what it has been told is committed; the parent kills it at a chosen moment
//! and checks the file: nothing acknowledged lost, `PRAGMA integrity_check` ok, the schema old
//! or new and never between.
use copydesk_core::store::{Store, LATEST_SCHEMA, MIGRATIONS};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::common::{clock, draft, edit, open};

const CHILD: &str = "COPYDESK_CRASH_CHILD";

fn child(task: &str, dir: &Path) -> Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--ignored",
            "--exact",
            "crash::crash_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, format!("{task}:{}", dir.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the child")
}

/// The child's own lines ("CRASH …", prefix removed), skipping what the test harness prints
/// (which may open the same line: "test crash::crash_child ... CRASH opening").
fn ours(child: &mut Child) -> impl Iterator<Item = String> {
    BufReader::new(child.stdout.take().expect("stdout"))
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| l.find("CRASH ").map(|at| l[at + 6..].to_string()))
}

fn kill_9(child: &mut Child) {
    // SIGKILL: no destructor, no flush, no rollback.
    let _ = child.kill();
    let _ = child.wait();
}

/// Not a test on its own: what the child process does, named by `COPYDESK_CRASH_CHILD`.
#[test]
#[ignore = "run by the crash tests as their child process"]
fn crash_child() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let (task, dir) = spec.split_once(':').expect("task:dir");
    let dir = Path::new(dir);
    let mut out = std::io::stdout().lock();
    match task {
        "autosaves" => {
            let desk = open(dir, clock());
            let mut a = match desk.articles().expect("list").first() {
                Some(s) => desk.article(s.id).expect("article"),
                None => desk
                    .create_article(draft("Typing", "", &[]))
                    .expect("create"),
            };
            for n in 1..=1000 {
                a = desk
                    .save_article(edit(&a, &format!("Autosave number {n}."), n % 10 != 0))
                    .expect("save");
                // Printed only once the save has returned, i.e. committed.
                writeln!(out, "CRASH acked {n}").expect("stdout");
                out.flush().expect("flush");
            }
        }
        "migrate" => {
            writeln!(out, "CRASH opening").expect("stdout");
            out.flush().expect("flush");
            drop(Store::open(&dir.join("copydesk.sqlite3")).expect("migrate"));
            writeln!(out, "CRASH migrated").expect("stdout");
        }
        "bigsave" => {
            let desk = open(dir, clock());
            let a = desk
                .article(desk.articles().expect("list")[0].id)
                .expect("article");
            let big = "A long paragraph of copy. ".repeat(80_000);
            match desk.save_article(edit(&a, &big, false)) {
                Ok(_) => writeln!(out, "CRASH saved").expect("stdout"),
                Err(e) => writeln!(out, "CRASH refused {} {e}", e.code().as_str()).expect("stdout"),
            }
        }
        other => panic!("no such child task: {other}"),
    }
}

fn integrity(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

#[test]
fn kill_9_during_a_thousand_autosaves_loses_no_acknowledged_save() {
    // Kill points spread over the run; the same desk is used again after each kill.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut total_acked = 0;
    for kill_after in [1, 37, 150, 333, 612, 901] {
        let mut c = child("autosaves", dir.path());
        let mut lines = ours(&mut c);
        let mut acked = 0;
        while acked < kill_after {
            let line = lines.next().expect("the child ended early");
            acked = line
                .strip_prefix("acked ")
                .expect("ack")
                .parse()
                .expect("n");
        }
        kill_9(&mut c);
        // Lines written before the kill may still be in the pipe: they were acknowledged too.
        for line in lines {
            if let Some(n) = line.strip_prefix("acked ") {
                acked = n.parse().expect("n");
            }
        }
        total_acked += acked;
        let path = dir.path().join("copydesk.sqlite3");
        assert_eq!(integrity(&path), "ok", "after a kill at save {acked}");
        let desk = open(dir.path(), clock());
        let a = desk.articles().expect("list")[0].clone();
        let body = desk.article(a.id).expect("article").body;
        let saved: u32 = body
            .strip_prefix("Autosave number ")
            .and_then(|b| b.strip_suffix('.'))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("the body is whole: {body:?}"));
        // The last acknowledged save is there (one more may have committed unannounced).
        assert!(
            saved == acked || saved == acked + 1,
            "acknowledged {acked}, found {saved}"
        );
    }
    assert!(total_acked > 2000);
}

#[test]
fn kill_9_during_a_migration_leaves_the_old_schema_or_the_new_never_between() {
    let template = tempfile::tempdir().expect("tempdir");
    let old = template.path().join("copydesk.sqlite3");
    {
        // A year of drafts at schema 9, so the migrations that rebuild tables take a while.
        let conn = rusqlite::Connection::open(&old).expect("create");
        for m in MIGRATIONS.iter().filter(|m| m.version <= 9) {
            conn.execute_batch(m.sql).expect("schema");
        }
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
             INSERT INTO articles (headline, body, created_at, updated_at)
                SELECT 'Story ' || i, 'Body of story ' || i || '.', i, i FROM n;
             INSERT INTO revisions (article_id, kind, author, created_at, updated_at, headline,
                                    standfirst, body, tags, version)
                SELECT id, 'save', 'ana', id, id, headline, '', body, '[]', 1 FROM articles;
             PRAGMA user_version = 9;",
        )
        .expect("old data");
    }
    let mut seen = std::collections::BTreeSet::new();
    // The last run waits for the child to say it is done before the kill: the new schema.
    for (run, delay_ms) in [
        Some(0u64),
        Some(5),
        Some(20),
        Some(60),
        Some(150),
        Some(400),
        None,
    ]
    .into_iter()
    .enumerate()
    {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("copydesk.sqlite3");
        std::fs::copy(&old, &path).expect("copy");
        let mut c = child("migrate", dir.path());
        let mut lines = ours(&mut c);
        assert_eq!(lines.next().expect("opening"), "opening");
        match delay_ms {
            Some(ms) => std::thread::sleep(std::time::Duration::from_millis(ms)),
            None => assert_eq!(lines.next().expect("migrated"), "migrated"),
        }
        kill_9(&mut c);
        let version: i64 = {
            let conn = rusqlite::Connection::open(&path).expect("open");
            conn.query_row("PRAGMA user_version", [], |r| r.get(0))
                .expect("version")
        };
        assert!(
            (9..=LATEST_SCHEMA).contains(&version),
            "run {run}: version {version}"
        );
        seen.insert(version);
        // What the version says is what the tables are: the newsroom columns came with 10.
        let has_uuid = {
            let conn = rusqlite::Connection::open(&path).expect("open");
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM pragma_table_info('articles') WHERE name = 'uuid'",
                    [],
                    |r| r.get(0),
                )
                .expect("columns");
            n == 1
        };
        assert_eq!(has_uuid, version >= 10, "run {run}: version {version}");
        assert_eq!(integrity(&path), "ok", "run {run}");
        // Opened again, it finishes migrating and holds every story.
        drop(Store::open(&path).expect("migrate after the kill"));
        let desk = open(dir.path(), clock());
        assert_eq!(desk.articles().expect("list").len(), 20000, "run {run}");
    }
    // At least one kill landed before the migrations committed (the child had just begun).
    eprintln!("schema versions found after the kills: {seen:?}");
    assert!(seen.contains(&9), "no kill landed mid-migration: {seen:?}");
    assert!(seen.contains(&LATEST_SCHEMA), "{seen:?}");
}

#[test]
fn a_save_that_cannot_be_written_says_so_and_the_text_before_it_is_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let desk = open(dir.path(), clock());
        desk.create_article(draft("Harbour", "The text before.", &[]))
            .expect("create");
    }
    // The child may not grow any file past the desk's current size (as on a full disk); the
    // shell ignores SIGXFSZ so that the write fails instead of killing the process.
    let limit = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").metadata().expect("meta").len())
        .max()
        .unwrap_or(0)
        + 32 * 1024;
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; exec prlimit --fsize={limit} -- \"$0\" --ignored --exact crash::crash_child --nocapture --test-threads=1"
        ))
        .arg(std::env::current_exe().expect("test binary"))
        .env(CHILD, format!("bigsave:{}", dir.path().display()))
        .stderr(Stdio::null())
        .output()
        .expect("run the child");
    let said: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.find("CRASH ").map(|at| l[at + 6..].to_string()))
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    eprintln!("the child heard: {}", said[0]);
    assert!(said[0].starts_with("refused storage "), "{said:?}");
    assert!(said[0].contains("this change was not saved"), "{said:?}");
    assert_eq!(integrity(&dir.path().join("copydesk.sqlite3")), "ok");
    let desk = open(dir.path(), clock());
    let a = desk.articles().expect("list")[0].clone();
    assert_eq!(
        desk.article(a.id).expect("article").body,
        "The text before."
    );
}
