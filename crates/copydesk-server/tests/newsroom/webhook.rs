//! The newsroom's webhook: every publication's ninjs POSTed once, whichever server process
//! sends it, retried after a failure, and nothing from before the address was first served.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::*;
use copydesk_core::ManualClock;
use copydesk_newsroom::{Action, ArticleStatus, OpOutcome};
use std::io::{BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// A receiver on loopback: keeps each POSTed body and answers with `answers` in turn, then 200.
fn receiver(answers: Vec<u16>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/hook?token=secret",
        listener.local_addr().unwrap()
    );
    let bodies: Arc<Mutex<Vec<String>>> = Arc::default();
    let kept = bodies.clone();
    std::thread::spawn(move || {
        let mut answers = answers.into_iter();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
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
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            kept.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&body).into_owned());
            let code = answers.next().unwrap_or(200);
            let _ = write!(
                stream,
                "HTTP/1.1 {code} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (url, bodies)
}

fn publish(server: &InProcess, id: Uuid, headline: &str) {
    let e = desk(&server.url(), "eddie");
    let ops = [
        create(id, headline),
        mv(id, Action::Submit, ArticleStatus::Draft),
        mv(id, Action::Approve, ArticleStatus::InReview),
        mv(id, Action::Publish, ArticleStatus::Ready),
    ];
    for r in e.push(&ops).unwrap().results {
        assert_eq!(r.outcome, OpOutcome::Applied, "{:?}", r.error);
    }
}

fn uris(bodies: &Mutex<Vec<String>>) -> Vec<String> {
    bodies
        .lock()
        .unwrap()
        .iter()
        .map(|b| {
            let v: serde_json::Value = serde_json::from_str(b).unwrap();
            v["uri"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn every_publication_reaches_the_webhook_once_and_a_failure_is_retried() {
    let n = Newsroom::new();
    let clock = Arc::new(ManualClock::new("2099-05-01T06:00:00Z".parse().unwrap()));
    let (url, bodies) = receiver(vec![500]);
    let config = |webhook: Option<&str>| {
        let mut c = test_config(&n.db);
        c.clock = clock.clone();
        c.scheduler_tick = Duration::from_millis(10);
        c.webhook = webhook.map(str::to_string);
        c
    };
    // Published before any server had the webhook: not sent.
    let before = Uuid::new_v4();
    {
        let quiet = InProcess::start(config(None));
        publish(&quiet, before, "Published before the webhook");
    }
    clock.set("2099-05-01T06:00:01Z".parse().unwrap());
    // Two servers with the webhook, racing for the same deliveries.
    let one = InProcess::start(config(Some(&url)));
    let two = InProcess::start(config(Some(&url)));
    let deadline = Instant::now() + Duration::from_secs(20);
    while sql_i64(&n.db, "SELECT count(*) FROM webhooks") == 0 {
        assert!(Instant::now() < deadline, "the webhook was never served");
        std::thread::sleep(Duration::from_millis(10));
    }
    clock.set("2099-05-01T06:00:02Z".parse().unwrap());
    let ids: Vec<Uuid> = (0..5).map(|_| Uuid::new_v4()).collect();
    for (i, id) in ids.iter().enumerate() {
        publish(
            if i % 2 == 0 { &one } else { &two },
            *id,
            &format!("Story {i}"),
        );
    }

    // The first POST is answered 500: four delivered, one waiting its 10 s.
    let settled = |delivered: i64| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while sql_i64(
            &n.db,
            "SELECT count(*) FROM deliveries WHERE state = 'delivered'",
        ) < delivered
        {
            assert!(
                Instant::now() < deadline,
                "{:?}",
                sql(&n.db, "SELECT state || ' ' || attempts FROM deliveries")
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    settled(4);
    let waiting = sql(
        &n.db,
        "SELECT attempts || ' ' || last_status || ' ' || last_error FROM deliveries
          WHERE state = 'pending'",
    );
    assert_eq!(waiting, ["1 500 the server answered 500"]);
    clock.set("2099-05-01T06:00:13Z".parse().unwrap());
    settled(5);

    // A desk's Log shows the newsroom's deliveries, without the address's token, and the desk
    // never sends them itself.
    let dir = tempfile::tempdir().unwrap();
    let mut desk_config = copydesk_core::DeskConfig::new(copydesk_core::DataDir::new(dir.path()));
    desk_config.outbox = dir.path().join("Outbox");
    let eddie = copydesk_core::Desk::open(desk_config).unwrap();
    eddie
        .connect_newsroom(&one.url(), "eddie", PASSWORD)
        .unwrap();
    eddie.sync_newsroom().unwrap();
    let mut seen = Vec::new();
    for story in eddie.articles().unwrap() {
        seen.extend(eddie.deliveries(story.id).unwrap());
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
    let host = url.split("/hook").next().unwrap();
    for d in &seen {
        assert!(d.by_newsroom);
        assert_eq!(d.state, copydesk_core::workflow::DeliveryState::Delivered);
        assert_eq!(d.url, host, "the token stays on the server");
    }
    assert_eq!(seen.iter().filter(|d| d.attempts == 2).count(), 1);
    let refused = eddie.retry_delivery(seen[0].id).unwrap_err();
    assert!(refused.to_string().contains("newsroom server"), "{refused}");
    eddie.deliver_due().unwrap();
    drop((one, two));

    // Each story's ninjs exactly once delivered, the failed one sent twice; none before.
    let mut sent = uris(&bodies);
    assert_eq!(sent.len(), 6, "{sent:?}");
    sent.sort();
    sent.dedup();
    let mut wanted: Vec<String> = ids
        .iter()
        .map(|id| format!("urn:copydesk:article:{id}"))
        .collect();
    wanted.sort();
    assert_eq!(sent, wanted);
    assert_eq!(
        sql_i64(&n.db, "SELECT count(*) FROM deliveries WHERE attempts = 2"),
        1
    );
}
