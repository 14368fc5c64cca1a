//! The editorial workflow against real SQLite files, a real outbox folder and a clock the
//! tests move: transitions, roles, embargoes, schedules across clock jumps and restarts.
use copydesk_core::{
    Action, ArticleDraft, ArticleStatus, Change, DataDir, Desk, DeskConfig, ErrorCode, ManualClock,
    MissedPolicy, PublicationKind, Role,
};
use jiff::{SignedDuration, Timestamp};
use std::path::Path;
use std::sync::Arc;

use crate::common::desk_as;

struct Newsroom {
    _dir: tempfile::TempDir,
    clock: Arc<ManualClock>,
    writer: Desk,
    editor: Desk,
    outbox: std::path::PathBuf,
}

fn newsroom() -> Newsroom {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(ManualClock::new(
        "2026-07-01T08:00:00Z".parse::<Timestamp>().expect("time"),
    ));
    let writer = desk_as(dir.path(), clock.clone(), "wanda", Role::Writer);
    let editor = desk_as(dir.path(), clock.clone(), "ed", Role::Editor);
    let outbox = dir.path().join("Outbox");
    Newsroom {
        _dir: dir,
        clock,
        writer,
        editor,
        outbox,
    }
}

fn ready_story(n: &Newsroom, headline: &str) -> i64 {
    let a = n
        .writer
        .create_article(ArticleDraft {
            headline: headline.into(),
            body: "## Tide tables\n\nThe harbour opens at *dawn* & closes at <dusk>.".into(),
            slug: "harbour-opens".into(),
            byline: "Wanda Writer".into(),
            tags: vec!["Coast".into()],
            ..Default::default()
        })
        .expect("create");
    n.writer.act(a.id, Action::Submit, "").expect("submit");
    n.editor
        .act(a.id, Action::Approve, "good to go")
        .expect("approve");
    a.id
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.path().is_dir() {
                out.extend(files_under(&e.path()));
            } else {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn submit_approve_schedule_and_publish_exactly_once_never_early() {
    let n = newsroom();
    let id = ready_story(&n, "Harbour opens");
    let a = n
        .editor
        .schedule_article(id, "2026-07-01 10:01", "Europe/Berlin", None, None)
        .expect("schedule");
    assert_eq!(a.status, ArticleStatus::Scheduled);
    let schedule = a.schedule.expect("schedule");
    assert_eq!(schedule.at.to_string(), "2026-07-01T08:01:00Z");
    assert_eq!(schedule.zone, "Europe/Berlin");

    // Not yet: one second early.
    n.clock.advance(SignedDuration::from_secs(59));
    let report = n.editor.publish_due(MissedPolicy::PublishNow).expect("due");
    assert!(report.published.is_empty());
    assert_eq!(
        n.editor.article(id).expect("get").status,
        ArticleStatus::Scheduled
    );

    n.clock.advance(SignedDuration::from_secs(1));
    let report = n.editor.publish_due(MissedPolicy::PublishNow).expect("due");
    assert_eq!(report.published, [id]);
    // A second run, or a second desk's scheduler, publishes nothing more.
    assert!(n
        .writer
        .publish_due(MissedPolicy::PublishNow)
        .expect("due")
        .published
        .is_empty());
    assert!(n
        .editor
        .publish_due(MissedPolicy::PublishNow)
        .expect("due")
        .published
        .is_empty());

    let a = n.editor.article(id).expect("get");
    assert_eq!(a.status, ArticleStatus::Published);
    assert_eq!(
        a.published_at.map(|t| t.to_string()).as_deref(),
        Some("2026-07-01T08:01:00Z")
    );
    let publications = n.editor.publications(id).expect("publications");
    assert_eq!(publications.len(), 1);
    assert_eq!(publications[0].outbox.as_str(), "written");
    assert_eq!(files_under(&n.outbox).len(), 5);

    let log: Vec<(String, String)> = n
        .editor
        .transitions(id)
        .expect("log")
        .into_iter()
        .map(|t| (t.action, t.actor))
        .collect();
    assert_eq!(
        log,
        [
            ("submit".to_string(), "wanda".to_string()),
            ("approve".into(), "ed".into()),
            ("schedule".into(), "ed".into()),
            ("publish".into(), "scheduler".into())
        ]
    );
}

#[test]
fn illegal_moves_and_roles_are_refused_with_stable_codes() {
    let n = newsroom();
    let a = n
        .writer
        .create_article(ArticleDraft {
            headline: "Draft".into(),
            ..Default::default()
        })
        .expect("create");
    let code = |r: copydesk_core::Result<copydesk_core::Article>| r.map(|_| ()).unwrap_err().code();
    assert_eq!(
        code(n.editor.publish(a.id, None)),
        ErrorCode::IllegalTransition
    );
    assert_eq!(
        code(n.editor.act(a.id, Action::Approve, "")),
        ErrorCode::IllegalTransition
    );
    n.writer.act(a.id, Action::Submit, "").expect("submit");
    assert_eq!(
        code(n.writer.act(a.id, Action::Approve, "")),
        ErrorCode::ForbiddenForRole
    );
    n.editor.act(a.id, Action::Approve, "").expect("approve");
    assert_eq!(
        code(n.writer.publish(a.id, None)),
        ErrorCode::ForbiddenForRole
    );
    assert_eq!(
        code(
            n.editor
                .schedule_article(a.id, "2026-03-29 02:30", "Europe/Berlin", None, None)
        ),
        ErrorCode::NonexistentLocalTime
    );
    assert_eq!(
        code(
            n.editor
                .schedule_article(a.id, "2026-11-01 01:30", "America/New_York", None, None)
        ),
        ErrorCode::AmbiguousLocalTime
    );
    assert_eq!(
        code(
            n.editor
                .schedule_article(a.id, "2026-07-01 09:00", "Europe/Berlin", None, None)
        ),
        ErrorCode::Invalid,
        "in the past"
    );
    // Spike from anywhere before publication, and back.
    n.writer
        .act(a.id, Action::Spike, "duplicate")
        .expect("spike");
    assert_eq!(
        n.writer.article(a.id).expect("get").status,
        ArticleStatus::Spiked
    );
    n.writer.act(a.id, Action::Unspike, "").expect("unspike");
    assert_eq!(
        n.writer.article(a.id).expect("get").status,
        ArticleStatus::Ready
    );
    // Nothing moved on a refused action: the log has only the legal ones.
    let actions: Vec<String> = n
        .editor
        .transitions(a.id)
        .expect("log")
        .into_iter()
        .map(|t| t.action)
        .collect();
    assert_eq!(actions, ["submit", "approve", "spike", "unspike"]);
}

#[test]
fn an_embargo_blocks_publication_until_it_lifts_or_an_editor_overrides() {
    let n = newsroom();
    let id = ready_story(&n, "Budget leak");
    n.editor
        .set_embargo(id, Some(("2026-07-01 12:00", "Europe/Berlin", None)))
        .expect("embargo");
    let err = n.editor.publish(id, None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Embargoed);
    assert!(
        n.editor.publish(id, Some("   ")).is_err(),
        "a blank reason is no reason"
    );
    // Scheduling before the embargo lifts is refused; after it, accepted.
    assert_eq!(
        n.editor
            .schedule_article(id, "2026-07-01 11:00", "Europe/Berlin", None, None)
            .unwrap_err()
            .code(),
        ErrorCode::Embargoed
    );
    n.editor
        .schedule_article(id, "2026-07-01 12:30", "Europe/Berlin", None, None)
        .expect("schedule after the embargo");
    n.editor
        .act(id, Action::Unschedule, "")
        .expect("unschedule");
    assert!(n.editor.files_written_for(id).is_empty());

    let a = n
        .editor
        .publish(id, Some("minister confirmed on air"))
        .expect("override");
    assert_eq!(a.status, ArticleStatus::Published);
    let last = n.editor.transitions(id).expect("log").pop().expect("last");
    assert!(
        last.note
            .contains("embargo overridden: minister confirmed on air"),
        "{}",
        last.note
    );
    assert_eq!(last.actor, "ed");
}

#[test]
fn a_due_story_still_under_embargo_waits_and_is_reported() {
    let n = newsroom();
    let id = ready_story(&n, "Report");
    n.editor
        .schedule_article(id, "2026-07-01 10:05", "Europe/Berlin", None, None)
        .expect("schedule");
    // The embargo arrives after scheduling (e.g. from the agency).
    n.editor
        .set_embargo(id, Some(("2026-07-01 10:30", "Europe/Berlin", None)))
        .expect("embargo");
    n.clock.advance(SignedDuration::from_mins(6));
    let report = n.editor.publish_due(MissedPolicy::PublishNow).expect("due");
    assert_eq!(report.embargoed, [id]);
    assert_eq!(
        n.editor.article(id).expect("get").status,
        ArticleStatus::Scheduled
    );
    n.clock.advance(SignedDuration::from_mins(30));
    let report = n.editor.publish_due(MissedPolicy::PublishNow).expect("due");
    assert_eq!(report.published_late, [id]);
}

#[test]
fn clock_jumps_and_restarts_never_publish_early_twice_or_silently_skip() {
    let n = newsroom();
    let on_time = ready_story(&n, "On time");
    let missed = ready_story(&n, "Missed while closed");
    n.editor
        .schedule_article(on_time, "2026-07-01 10:10", "Europe/Berlin", None, None)
        .expect("schedule");
    n.editor
        .schedule_article(missed, "2026-07-01 10:05", "Europe/Berlin", None, None)
        .expect("schedule");

    // The clock jumps back an hour (a wrong NTP step): nothing is due.
    n.clock.advance(SignedDuration::from_hours(-1));
    assert_eq!(
        n.editor.publish_due(MissedPolicy::PublishNow).expect("due"),
        Default::default()
    );

    // The app was closed past both times; it restarts (a new desk on the same files).
    n.clock.set("2026-07-01T08:30:00Z".parse().expect("time"));
    let reopened = desk_as(n._dir.path(), n.clock.clone(), "ed", Role::Editor);
    let held = reopened.publish_due(MissedPolicy::Ask).expect("due");
    let mut held_ids = held.held.clone();
    held_ids.sort();
    let mut expected = vec![on_time, missed];
    expected.sort();
    assert_eq!(held_ids, expected, "held for an editor, not skipped");
    assert_eq!(reopened.overdue().expect("overdue").len(), 2);
    let report = reopened.publish_due(MissedPolicy::PublishNow).expect("due");
    assert_eq!(report.published_late.len(), 2);
    // And back in time again: nothing is published twice.
    n.clock.advance(SignedDuration::from_hours(-2));
    assert_eq!(
        reopened.publish_due(MissedPolicy::PublishNow).expect("due"),
        Default::default()
    );
    assert_eq!(reopened.publications(on_time).expect("pubs").len(), 1);
    assert_eq!(reopened.publications(missed).expect("pubs").len(), 1);
}

#[test]
fn published_files_parse_back_and_corrections_and_kills_add_versions() {
    let n = newsroom();
    let id = ready_story(&n, "Harbour opens at dawn");
    n.editor.publish(id, None).expect("publish");
    n.clock.advance(SignedDuration::from_mins(10));
    n.editor.correct(id, "fixed the time").expect("correct");
    n.clock.advance(SignedDuration::from_mins(10));
    n.editor.kill(id, "legal").expect("kill");
    assert_eq!(
        n.editor.article(id).expect("get").status,
        ArticleStatus::Killed
    );
    let kinds: Vec<PublicationKind> = n
        .editor
        .publications(id)
        .expect("pubs")
        .into_iter()
        .map(|p| p.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            PublicationKind::Publish,
            PublicationKind::Correction,
            PublicationKind::Kill
        ]
    );

    let files = files_under(&n.outbox);
    assert_eq!(files.len(), 16, "{files:?}");
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.ends_with(".xml") {
            let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let headline = doc
                .descendants()
                .find(|n| n.has_tag_name("hl1") || n.has_tag_name("headline"))
                .and_then(|n| n.text());
            assert_eq!(
                headline,
                Some("Harbour opens at dawn"),
                "{}",
                path.display()
            );
            let body: String = doc
                .descendants()
                .filter(|n| n.has_tag_name("p"))
                .filter_map(|n| n.text())
                .collect();
            if path.to_string_lossy().contains("kill-") {
                assert!(body.contains("KILL"), "{}", path.display());
            } else {
                assert!(body.contains("closes at <dusk>"), "{}", path.display());
            }
        } else if name.ends_with(".json") {
            let v: serde_json::Value = serde_json::from_str(&text).expect("ninjs");
            assert_eq!(v["headline"], "Harbour opens at dawn");
            let killed = path.to_string_lossy().contains("kill-");
            assert_eq!(v["pubstatus"], if killed { "canceled" } else { "usable" });
        } else if name.ends_with(".md") {
            let rest = text.strip_prefix("---\n").expect("front matter");
            let (front, _body) = rest.split_once("\n---\n").expect("front matter end");
            assert!(
                front.contains("headline: \"Harbour opens at dawn\""),
                "{front}"
            );
        } else if name.ends_with(".html") {
            assert!(text.starts_with("<!doctype html>"));
            assert!(
                !text.contains("<dusk>"),
                "raw HTML from the body must not pass through"
            );
        }
    }
    assert!(files.iter().any(|p| p.ends_with("KILL-NOTICE.txt")));
}

trait WrittenFiles {
    fn files_written_for(&self, id: i64) -> Vec<copydesk_core::Publication>;
}

impl WrittenFiles for Desk {
    fn files_written_for(&self, id: i64) -> Vec<copydesk_core::Publication> {
        self.publications(id).expect("pubs")
    }
}

/// A webhook endpoint on loopback that fails the first `failures` requests with 500.
fn webhook_server(failures: usize) -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let _ = tx.send(String::from_utf8_lossy(&body).to_string());
            let status = if n < failures {
                "500 Internal Server Error"
            } else {
                "200 OK"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (url, rx)
}

#[test]
fn the_webhook_gets_the_ninjs_with_retries_and_backoff() {
    let n = newsroom();
    let (url, bodies) = webhook_server(2);
    n.editor.set_webhook(Some(&url)).expect("set webhook");
    assert!(n.editor.set_webhook(Some("ftp://x")).is_err());
    let id = ready_story(&n, "Webhook story");
    n.editor.publish(id, None).expect("publish");

    n.editor
        .publish_due(MissedPolicy::PublishNow)
        .expect("attempt 1");
    let first: serde_json::Value = serde_json::from_str(
        &bodies
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("post"),
    )
    .expect("json");
    assert_eq!(first["headline"], "Webhook story");
    let d = &n.editor.deliveries(id).expect("deliveries")[0];
    assert_eq!(
        (d.state.as_str(), d.attempts, d.last_status),
        ("pending", 1, Some(500))
    );

    // Not retried before its backoff.
    n.editor
        .publish_due(MissedPolicy::PublishNow)
        .expect("too soon");
    assert!(bodies.try_recv().is_err());
    n.clock.advance(SignedDuration::from_secs(10));
    n.editor
        .publish_due(MissedPolicy::PublishNow)
        .expect("attempt 2");
    n.clock.advance(SignedDuration::from_secs(20));
    n.editor
        .publish_due(MissedPolicy::PublishNow)
        .expect("attempt 3");
    assert_eq!(bodies.try_iter().count(), 2);
    let d = &n.editor.deliveries(id).expect("deliveries")[0];
    assert_eq!(
        (d.state.as_str(), d.attempts, d.last_status),
        ("delivered", 3, Some(200))
    );
    assert_eq!(
        n.editor.article(id).expect("get").status,
        ArticleStatus::Published
    );
}

/// The running scheduler follows the desk's missed-story setting, read at every run.
#[test]
fn the_running_scheduler_holds_missed_stories_when_the_desk_says_ask() {
    let n = newsroom();
    assert_eq!(
        n.editor.missed_policy().expect("policy"),
        MissedPolicy::PublishNow
    );
    assert_eq!(
        n.writer
            .set_missed_policy(MissedPolicy::Ask)
            .unwrap_err()
            .code(),
        ErrorCode::ForbiddenForRole
    );
    n.editor.set_missed_policy(MissedPolicy::Ask).expect("set");
    assert_eq!(n.writer.missed_policy().expect("policy"), MissedPolicy::Ask);

    let id = ready_story(&n, "Missed overnight");
    n.editor
        .schedule_article(id, "2026-07-01 10:05", "Europe/Berlin", None, None)
        .expect("schedule");
    n.clock.set("2026-07-01T12:00:00Z".parse().expect("time"));
    let editor = Arc::new(desk_as(n._dir.path(), n.clock.clone(), "ed", Role::Editor));
    let (reports, received) = std::sync::mpsc::channel();
    let scheduler = editor
        .start_scheduler(std::time::Duration::from_millis(50), move |r| {
            let _ = reports.send(r.clone());
        })
        .expect("start");
    let first = received
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("a report");
    assert_eq!(first.held, [id]);
    assert_eq!(
        editor.article(id).expect("get").status,
        ArticleStatus::Scheduled
    );
    // Still held at the next ticks, but reported only once.
    for _ in 0..3 {
        let next = received
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("a report");
        assert!(next.held.is_empty(), "held reported again: {next:?}");
    }

    // Switching the setting back publishes it at the next tick, late and said so.
    editor
        .set_missed_policy(MissedPolicy::PublishNow)
        .expect("set");
    let published = (0..200)
        .filter_map(|_| {
            received
                .recv_timeout(std::time::Duration::from_secs(10))
                .ok()
        })
        .find(|r| !r.published_late.is_empty())
        .expect("published late");
    assert_eq!(published.published_late, [id]);
    drop(scheduler);
    assert_eq!(
        editor.article(id).expect("get").status,
        ArticleStatus::Published
    );
}

#[test]
fn a_dead_webhook_gives_up_visibly_and_the_story_stays_published() {
    let n = newsroom();
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    n.editor
        .set_webhook(Some(&format!("http://127.0.0.1:{port}/hook")))
        .expect("set");
    let id = ready_story(&n, "Nobody listens");
    n.editor.publish(id, None).expect("publish");
    for _ in 0..copydesk_core::workflow::MAX_ATTEMPTS {
        n.editor
            .publish_due(MissedPolicy::PublishNow)
            .expect("attempt");
        n.clock.advance(SignedDuration::from_hours(1));
    }
    let d = &n.editor.deliveries(id).expect("deliveries")[0];
    assert_eq!(d.state.as_str(), "failed");
    assert_eq!(d.attempts, copydesk_core::workflow::MAX_ATTEMPTS);
    assert!(!d.last_error.is_empty());
    assert_eq!(
        n.editor.article(id).expect("get").status,
        ArticleStatus::Published
    );
    assert_eq!(
        n.editor.publications(id).expect("pubs")[0].outbox.as_str(),
        "written"
    );

    // Each attempt was announced, so the UI's delivery log follows without polling.
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    n.editor.on_change(move |change| {
        if let Change::DeliveryUpdated {
            article_id,
            delivery,
        } = change
        {
            sink.lock().unwrap().push((*article_id, delivery.state));
        }
    });
    // A writer may not send it again; an editor may, once the endpoint is back.
    assert_eq!(
        n.writer.retry_delivery(d.id).unwrap_err().code(),
        ErrorCode::ForbiddenForRole
    );
    let (url, bodies) = webhook_server(0);
    n.editor
        .store()
        .write(|tx| {
            tx.execute("UPDATE deliveries SET url = ?1", [&url])?;
            Ok(())
        })
        .expect("point the delivery at a live endpoint");
    let again = n.editor.retry_delivery(d.id).expect("retry");
    assert_eq!((again.state.as_str(), again.attempts), ("pending", 0));
    n.editor
        .publish_due(MissedPolicy::PublishNow)
        .expect("deliver");
    assert!(bodies
        .recv_timeout(std::time::Duration::from_secs(5))
        .is_ok());
    assert_eq!(
        n.editor.deliveries(id).expect("deliveries")[0]
            .state
            .as_str(),
        "delivered"
    );
    assert_eq!(
        *seen.lock().unwrap(),
        [
            (id, copydesk_core::workflow::DeliveryState::Pending),
            (id, copydesk_core::workflow::DeliveryState::Delivered)
        ]
    );
    assert!(n.editor.retry_delivery(d.id).is_err(), "already delivered");
}

#[test]
fn the_checklist_flags_stale_relative_dates_killed_wire_sources_and_embargoes() {
    use copydesk_core::workflow::CheckLevel;
    let n = newsroom(); // Wednesday 1 July 2026, 08:00 UTC
    let a = n
        .writer
        .create_article(ArticleDraft {
            headline: "Council votes today".into(),
            body: "The council voted today. The mayor spoke on Friday and last Monday.".into(),
            ..Default::default()
        })
        .expect("create");
    n.writer.act(a.id, Action::Submit, "").expect("submit");
    n.editor.act(a.id, Action::Approve, "").expect("approve");
    // Going out the next day, in UTC.
    let at: Timestamp = "2026-07-02T09:00:00Z".parse().expect("time");
    let items = n.editor.checklist(a.id, Some(at)).expect("checklist");
    let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("\"today\"") && t.contains("Thu 2 Jul")),
        "{texts:#?}"
    );
    // "on Friday" means the same Friday either way: not flagged. "last Monday" too.
    assert!(!texts.iter().any(|t| t.contains("on friday")), "{texts:#?}");
    assert!(texts.iter().any(|t| t.starts_with("No byline")));
    // Published the same day nothing about dates is flagged.
    let same_day = n.editor.checklist(a.id, None).expect("checklist");
    assert!(!same_day.iter().any(|i| i.text.contains("was written on")));

    // A draft from a wire story the agency later kills is blocked.
    let taken = n
        .editor
        .import_file(copydesk_core::IncomingFile {
            name: "correction",
            bytes: &std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../../shared/wire-samples/newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838"),
            )
            .expect("sample"),
        })
        .expect("import");
    let item = taken.lines[0].item.as_ref().expect("item").id;
    let draft = n.editor.take_to_desk(item).expect("take");
    assert!(n
        .editor
        .checklist(draft.id, None)
        .expect("checklist")
        .iter()
        .all(|i| i.level != CheckLevel::Block || !i.text.contains("KILLED")));
    n.editor
        .import_file(copydesk_core::IncomingFile {
            name: "kill",
            bytes: &std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../../shared/wire-samples/newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538"),
            )
            .expect("sample"),
        })
        .expect("import");
    let after = n.editor.checklist(draft.id, None).expect("checklist");
    assert!(
        after
            .iter()
            .any(|i| i.level == CheckLevel::Block && i.text.contains("KILLED")),
        "{after:#?}"
    );
    assert!(after.iter().any(|i| i.text.contains("newer version")));
}

/// Roles live in the desk's profiles: a profile keeps its role whatever a later session asks
/// for, editors manage roles, and the desk can switch to another profile at run time.
#[test]
fn roles_are_stored_per_profile_and_managed_by_editors() {
    let n = newsroom();
    // "wanda" was created a writer; asking for editor on a later open does not promote her
    // while the desk has an editor ("ed").
    let wanda = desk_as(n._dir.path(), n.clock.clone(), "wanda", Role::Editor);
    assert_eq!(wanda.profile().role, Role::Writer);
    let names = |d: &Desk| -> Vec<(String, Role)> {
        d.profiles()
            .expect("profiles")
            .into_iter()
            .map(|p| (p.name, p.role))
            .collect()
    };
    assert_eq!(
        names(&wanda),
        [
            ("ed".to_string(), Role::Editor),
            ("wanda".to_string(), Role::Writer)
        ]
    );

    // Writers may add writers, not editors, and may not change roles.
    wanda.add_profile("Sam", Role::Writer).expect("add writer");
    assert_eq!(
        wanda.add_profile("Max", Role::Editor).unwrap_err().code(),
        ErrorCode::ForbiddenForRole
    );
    assert_eq!(
        wanda
            .set_profile_role("wanda", Role::Editor)
            .unwrap_err()
            .code(),
        ErrorCode::ForbiddenForRole
    );
    assert!(
        wanda.add_profile("SAM", Role::Writer).is_err(),
        "names ignore case"
    );
    assert!(wanda.add_profile("  ", Role::Writer).is_err());

    // The only editor cannot step down; after promoting someone, they can.
    assert_eq!(
        n.editor
            .set_profile_role("ed", Role::Writer)
            .unwrap_err()
            .code(),
        ErrorCode::Invalid
    );
    let id = ready_story(&n, "After the reshuffle");
    n.editor
        .set_profile_role("sam", Role::Editor)
        .expect("promote");
    let ed = n
        .editor
        .set_profile_role("ed", Role::Writer)
        .expect("step down");
    assert_eq!(ed.role, Role::Writer);
    assert_eq!(
        n.editor.profile().role,
        Role::Writer,
        "the acting desk follows"
    );
    assert_eq!(
        n.editor.publish(id, None).unwrap_err().code(),
        ErrorCode::ForbiddenForRole
    );

    // Switching the desk to Sam (now an editor) allows it, and the log names Sam.
    assert_eq!(
        n.editor.switch_profile("Sam").expect("switch").role,
        Role::Editor
    );
    n.editor.publish(id, None).expect("publish as Sam");
    let log = n.editor.transitions(id).expect("log");
    assert_eq!(log.last().expect("last").actor, "Sam");
    assert!(n.editor.switch_profile("nobody").is_err());

    // A forced role (the CLI's --as-editor) applies whatever the profile says.
    let mut config = DeskConfig::new(DataDir::new(n._dir.path().join("desk")));
    config.clock = n.clock.clone();
    config.author = "wanda".into();
    config.force_role = Some(Role::Editor);
    let forced = Desk::open(config).expect("open");
    assert_eq!(forced.profile().role, Role::Editor);
    assert_eq!(wanda.profile().role, Role::Writer, "stored role unchanged");
}

/// A desk first opened by writers only (the CLI's default) gets its first editor when someone
/// opens it asking for the editor's role (the app does), and only then.
#[test]
fn a_desk_without_editors_makes_the_first_one_who_asks_an_editor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(ManualClock::new(
        "2026-07-01T08:00:00Z".parse::<Timestamp>().expect("time"),
    ));
    let cli = desk_as(dir.path(), clock.clone(), "ana", Role::Writer);
    assert_eq!(cli.profile().role, Role::Writer);
    drop(cli);
    let app = desk_as(dir.path(), clock.clone(), "ana", Role::Editor);
    assert_eq!(app.profile().role, Role::Editor, "bootstrapped");
    drop(app);
    let other = desk_as(dir.path(), clock.clone(), "bo", Role::Writer);
    other.add_profile("cy", Role::Writer).expect("add");
    let cy = desk_as(dir.path(), clock, "cy", Role::Editor);
    assert_eq!(
        cy.profile().role,
        Role::Writer,
        "the desk has an editor now"
    );
}

fn wire_sample(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/wire-samples/newsml-g2")
            .join(name),
    )
    .expect("sample")
}

/// A draft taken from wire copy that the agency then kills: the checklist's blocking item
/// stops every way to publish it, as an embargo does, until an editor gives a reason.
#[test]
fn a_killed_wire_source_blocks_publishing_now_and_when_scheduled() {
    let n = newsroom();
    let story = "tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838";
    let kill = "tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538";
    let take = |name: &str| {
        let bytes = wire_sample(name);
        let taken = n
            .editor
            .import_file(copydesk_core::IncomingFile {
                name,
                bytes: &bytes,
            })
            .expect("ingest");
        taken.lines[0].item.as_ref().expect("item").id
    };
    let item = take(story);
    let now_draft = n.editor.take_to_desk(item).expect("take");
    let later_draft = n.editor.take_to_desk(item).expect("take");
    for id in [now_draft.id, later_draft.id] {
        n.editor.act(id, Action::Submit, "").expect("submit");
        n.editor.act(id, Action::Approve, "").expect("approve");
    }
    n.editor
        .schedule_article(
            later_draft.id,
            "2026-07-01 10:05",
            "Europe/Berlin",
            None,
            None,
        )
        .expect("scheduled before the kill");
    take(kill);

    // Now: refused, naming the blocking item; the story is untouched.
    let refused = n.editor.publish(now_draft.id, None).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Blocked);
    assert!(refused.to_string().contains("KILLED"), "{refused}");
    assert_eq!(
        n.editor.article(now_draft.id).expect("get").status,
        ArticleStatus::Ready
    );
    // Scheduling it is refused the same way.
    let refused = n
        .editor
        .schedule_article(
            now_draft.id,
            "2026-07-01 11:00",
            "Europe/Berlin",
            None,
            None,
        )
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Blocked);

    // When due: held, reported, still scheduled.
    n.clock.set("2026-07-01T08:05:30Z".parse().expect("time"));
    let report = n.editor.publish_due(MissedPolicy::PublishNow).expect("due");
    assert_eq!(report.blocked, [later_draft.id]);
    assert!(report.published.is_empty() && report.published_late.is_empty());
    assert_eq!(
        n.editor.article(later_draft.id).expect("get").status,
        ArticleStatus::Scheduled
    );

    // An editor's reason lets it out, and the log says why.
    let published = n
        .editor
        .publish(now_draft.id, Some("agency confirmed the kill was an error"))
        .expect("override");
    assert_eq!(published.status, ArticleStatus::Published);
    let log = n.editor.transitions(now_draft.id).expect("log");
    assert!(
        log.last()
            .expect("move")
            .note
            .contains("checklist overridden: agency confirmed the kill was an error"),
        "{log:#?}"
    );
}

/// Two fresh desks publish their first story: the ninjs `uri` is each story's newsroom id,
/// never the desk's local number (which is 1 on both).
#[test]
fn published_stories_carry_ids_unique_across_desks() {
    let uris: Vec<String> = (0..2)
        .map(|_| {
            let n = newsroom();
            let id = ready_story(&n, "Harbour opens at dawn");
            assert_eq!(id, 1);
            n.editor.publish(id, None).expect("publish");
            let uuid = n.editor.article(id).expect("get").uuid;
            let ninjs = files_under(&n.outbox)
                .into_iter()
                .find(|p| p.extension().is_some_and(|e| e == "json"))
                .expect("ninjs");
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(ninjs).expect("read")).expect("json");
            let uri = v["uri"].as_str().expect("uri").to_string();
            assert_eq!(uri, format!("urn:copydesk:article:{uuid}"));
            uri
        })
        .collect();
    assert_ne!(uris[0], uris[1]);
}

#[test]
fn house_style_flags_reach_the_checklist_and_the_desk_can_set_its_own_sheet() {
    let dir = tempfile::tempdir().expect("tmp");
    let desk = crate::common::open(dir.path(), crate::common::clock());
    let story = desk
        .create_article(crate::common::draft(
            "Talks in Kiev",
            "Officials met in Kiev on Monday.\n\nThey agreed to utilise the port.",
            &[],
        ))
        .expect("create");
    let flags = desk.check_article(story.id).expect("check");
    let seen: Vec<(&str, &str, u32)> = flags
        .iter()
        .map(|f| (f.field.as_str(), f.text.as_str(), f.line))
        .collect();
    assert_eq!(
        seen,
        [
            ("headline", "Kiev", 1),
            ("body", "Kiev", 1),
            ("body", "utilise", 3)
        ]
    );
    let checklist = desk.checklist(story.id, None).expect("checklist");
    assert!(
        checklist
            .iter()
            .any(|i| i.text.starts_with("\"Kiev\" → \"Kyiv\" (headline, line 1)")),
        "{checklist:?}"
    );

    // The desk's own sheet replaces the starter; a broken one is refused and changes nothing.
    assert!(desk.set_house_style(Some("[[prefer]]\nuse = 1\n")).is_err());
    desk.set_house_style(Some(
        "[[avoid]]\nword = \"port\"\nmessage = \"Say which port.\"\n",
    ))
    .expect("set");
    let flags = desk.check_article(story.id).expect("check");
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(flags[0].text, "port");
    desk.set_house_style(None).expect("back to the starter");
    assert_eq!(desk.check_article(story.id).expect("check").len(), 3);
}
