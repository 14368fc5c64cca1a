//! The app's side of a newsroom, without the app: desks that follow their newsroom in the
//! background (a long poll, a push the moment a change is made, backing off while the server
//! is away) and hold, renew, take over and release story bodies, against a real server on a
//! real PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::*;
use copydesk_core::{
    ArticleDraft, ArticleEdit, Change, DataDir, Desk, DeskConfig, ErrorCode, FollowOptions,
    NewsroomLink, SessionKeeper,
};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn desk(dir: &std::path::Path) -> Arc<Desk> {
    let mut config = DeskConfig::new(DataDir::new(dir));
    config.outbox = dir.join("Outbox");
    Arc::new(Desk::open(config).expect("open desk"))
}

/// Every change the desk announces, as it happens.
fn changes(desk: &Desk) -> mpsc::Receiver<Change> {
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    desk.on_change(move |c| {
        let _ = tx.lock().unwrap().send(c.clone());
    });
    rx
}

/// Waits for a change `want` accepts, naming what came instead on failure.
fn wait_for(
    rx: &mpsc::Receiver<Change>,
    within: Duration,
    want: impl Fn(&Change) -> bool,
) -> Change {
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(c) if want(&c) => return c,
            Ok(c) => seen.push(format!("{c:?}").chars().take(120).collect::<String>()),
            Err(_) => panic!("not seen within {within:?}; saw {seen:#?}"),
        }
    }
}

fn quick() -> FollowOptions {
    FollowOptions {
        wait: Duration::from_secs(5),
        first_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(400),
    }
}

#[test]
fn a_following_desk_sees_another_desks_story_and_pushes_its_own_at_once() {
    let newsroom = Newsroom::new();
    let server = InProcess::start(test_config(&newsroom.db));
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let wendy = desk(a.path());
    let eddie = desk(b.path());
    wendy
        .connect_newsroom(&server.url(), "wendy", PASSWORD)
        .unwrap();
    eddie
        .connect_newsroom(&server.url(), "eddie", PASSWORD)
        .unwrap();
    let seen = changes(&eddie);
    let follow = eddie.follow_newsroom(quick()).unwrap();
    wait_for(&seen, Duration::from_secs(5), |c| {
        matches!(
            c,
            Change::NewsroomStatus {
                link: NewsroomLink::Online,
                pending: 0,
                ..
            }
        )
    });

    // Another desk files a story: it arrives without this desk asking (the long poll).
    let mut latencies = Vec::new();
    for i in 0..5 {
        let story = wendy
            .create_article(ArticleDraft {
                headline: format!("Harbour story {i}"),
                body: "The harbour reopened at dawn.".into(),
                ..Default::default()
            })
            .unwrap();
        let sent = Instant::now();
        wendy.sync_newsroom().unwrap();
        wait_for(&seen, Duration::from_secs(3), |c| match c {
            Change::ArticleCreated { article } | Change::ArticleSaved { article } => {
                article.headline == story.headline
            }
            _ => false,
        });
        latencies.push(sent.elapsed());
    }
    latencies.sort();
    eprintln!("desk A starts its push → desk B announces the story: {latencies:?}");
    assert!(latencies[4] < Duration::from_secs(1), "{latencies:?}");

    // A change made here goes at once, without a sync being asked for.
    let mine = eddie
        .create_article(ArticleDraft {
            headline: "Ferry strike called off".into(),
            ..Default::default()
        })
        .unwrap();
    let made = Instant::now();
    let deadline = made + Duration::from_secs(3);
    loop {
        wendy.sync_newsroom().unwrap();
        if wendy
            .articles()
            .unwrap()
            .iter()
            .any(|s| s.headline == mine.headline)
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the editor's story never reached the server"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    eprintln!(
        "a local change reached another desk in {:?}",
        made.elapsed()
    );
    assert_eq!(eddie.newsroom_status(false).unwrap().pending, 0);
    assert_eq!(follow.activity().unwrap().link, NewsroomLink::Online);
}

#[test]
fn the_follower_shows_offline_with_the_waiting_changes_and_sends_them_when_the_server_is_back() {
    let newsroom = Newsroom::new();
    let server = InProcess::start(test_config(&newsroom.db));
    let addr = server.addr;
    let dir = tempfile::tempdir().unwrap();
    let wendy = desk(dir.path());
    wendy
        .connect_newsroom(&server.url(), "wendy", PASSWORD)
        .unwrap();
    let seen = changes(&wendy);
    let follow = wendy.follow_newsroom(quick()).unwrap();
    wait_for(&seen, Duration::from_secs(5), |c| {
        matches!(
            c,
            Change::NewsroomStatus {
                link: NewsroomLink::Online,
                ..
            }
        )
    });

    server.shutdown().unwrap();
    wait_for(&seen, Duration::from_secs(5), |c| {
        matches!(
            c,
            Change::NewsroomStatus {
                link: NewsroomLink::Offline,
                last_error: Some(_),
                ..
            }
        )
    });
    // Typing goes on offline; the badge counts what waits.
    let story = wendy
        .create_article(ArticleDraft {
            headline: "Written on the train".into(),
            ..Default::default()
        })
        .unwrap();
    wendy
        .save_article(ArticleEdit {
            id: story.id,
            base_version: story.version,
            headline: story.headline.clone(),
            body: "No signal past the tunnel.".into(),
            slug: String::new(),
            standfirst: String::new(),
            byline: String::new(),
            dateline: String::new(),
            section: String::new(),
            tags: vec![],
            urgency: 5,
            autosave: false,
        })
        .unwrap();
    wait_for(&seen, Duration::from_secs(5), |c| {
        matches!(
            c,
            Change::NewsroomStatus {
                link: NewsroomLink::Offline,
                pending: 2,
                ..
            }
        )
    });

    let _server = InProcess::start_at(test_config(&newsroom.db), addr);
    let back = Instant::now();
    wait_for(&seen, Duration::from_secs(5), |c| {
        matches!(
            c,
            Change::NewsroomStatus {
                link: NewsroomLink::Online,
                pending: 0,
                ..
            }
        )
    });
    eprintln!(
        "back online and the queue sent {:?} after the server returned",
        back.elapsed()
    );
    assert_eq!(wendy.newsroom_status(false).unwrap().pending, 0);
    drop(follow);
}

#[test]
fn a_held_story_is_renewed_shown_to_others_taken_over_by_an_editor_and_released() {
    let newsroom = Newsroom::new();
    let mut config = test_config(&newsroom.db);
    config.lease_ttl = Duration::from_secs(3);
    let server = InProcess::start(config);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let wendy = desk(a.path());
    let eddie = desk(b.path());
    wendy
        .connect_newsroom(&server.url(), "wendy", PASSWORD)
        .unwrap();
    eddie
        .connect_newsroom(&server.url(), "eddie", PASSWORD)
        .unwrap();
    let story = wendy
        .create_article(ArticleDraft {
            headline: "Council budget vote".into(),
            body: "The vote is tonight.".into(),
            ..Default::default()
        })
        .unwrap();
    wendy.sync_newsroom().unwrap();
    eddie.sync_newsroom().unwrap();
    let theirs = eddie
        .articles()
        .unwrap()
        .into_iter()
        .find(|s| s.headline == story.headline)
        .unwrap();

    let wendy_seen = changes(&wendy);
    let eddie_seen = changes(&eddie);
    let _wendy_follows = wendy.follow_newsroom(quick()).unwrap();
    let _eddie_follows = eddie.follow_newsroom(quick()).unwrap();

    // A story of one's own desk is not in the newsroom: nothing to hold.
    let held = wendy.hold_article(story.id).unwrap().unwrap();
    assert!(held.mine);
    assert_eq!(held.account, "wendy");
    let shown = wait_for(
        &eddie_seen,
        Duration::from_secs(3),
        |c| matches!(c, Change::LeaseChanged { article_id, lease: Some(_) } if *article_id == theirs.id),
    );
    let Change::LeaseChanged {
        lease: Some(lease), ..
    } = shown
    else {
        unreachable!()
    };
    assert_eq!(lease.account, "wendy");
    assert!(!lease.mine);
    assert_eq!(
        eddie.article_lease(theirs.id).unwrap().unwrap().account,
        "wendy"
    );
    let held = eddie.held_stories().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(
        (held[0].article_id, held[0].lease.account.as_str()),
        (theirs.id, "wendy")
    );

    // Past its time-to-live the hold is still wendy's: the follower renewed it.
    std::thread::sleep(Duration::from_secs(5));
    let refused = eddie.hold_article(theirs.id).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Locked);
    assert!(refused.to_string().contains("wendy"), "{refused}");

    // The editor takes it over; the writer's desk is told who holds it now.
    let taken = eddie.take_over_article(theirs.id).unwrap().unwrap();
    assert!(taken.mine);
    wait_for(
        &wendy_seen,
        Duration::from_secs(3),
        |c| matches!(c, Change::LeaseChanged { article_id, lease: Some(l) } if *article_id == story.id && l.account == "eddie"),
    );
    let now_held = wendy.article_lease(story.id).unwrap().unwrap();
    assert_eq!(now_held.account, "eddie");
    assert!(!now_held.mine);
    // The writer's desk no longer renews it (its renewal was refused and forgotten).
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        wendy.article_lease(story.id).unwrap().unwrap().account,
        "eddie"
    );

    // Closing the story lets it go; the other desk sees nobody holds it.
    eddie.release_article(theirs.id).unwrap();
    wait_for(
        &wendy_seen,
        Duration::from_secs(3),
        |c| matches!(c, Change::LeaseChanged { article_id, lease: None } if *article_id == story.id),
    );
    assert_eq!(wendy.article_lease(story.id).unwrap(), None);
    assert!(wendy.held_stories().unwrap().is_empty());
    assert!(wendy.hold_article(story.id).unwrap().unwrap().mine);
    // The editor's desk hears of that hold first (its feed is in order), so the release
    // awaited below is this one and not the editor's own, still queued on the channel.
    wait_for(
        &eddie_seen,
        Duration::from_secs(5),
        |c| matches!(c, Change::LeaseChanged { article_id, lease: Some(l) } if *article_id == theirs.id && l.account == "wendy"),
    );
    // Quitting lets go of what the desk holds. (A renewal on its way when the release went
    // out re-takes the story for a moment; the desk then lets it go again.) The other desk
    // sees it free within a few seconds.
    wendy.release_held_articles();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = eddie.held_stories().unwrap();
        if left.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{left:?} (wendy holds {:?}; the server: {:?})",
            wendy.held_stories().unwrap(),
            sql(
                &newsroom.db,
                "SELECT coalesce(account, '-') || ' seq ' || seq FROM leases"
            )
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The app holds a new draft the moment it has an id, before its create has been sent; and the
/// feed gives each story its latest place, so another desk can hear of the hold before the
/// story. Both once lost the hold ("wendy is editing" never showed on the editor's list).
#[test]
fn a_story_just_filed_is_held_at_once_and_arrives_held() {
    let newsroom = Newsroom::new();
    let server = InProcess::start(test_config(&newsroom.db));
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let wendy = desk(a.path());
    let eddie = desk(b.path());
    wendy
        .connect_newsroom(&server.url(), "wendy", PASSWORD)
        .unwrap();
    eddie
        .connect_newsroom(&server.url(), "eddie", PASSWORD)
        .unwrap();
    let story = wendy
        .create_article(ArticleDraft {
            headline: "Harbour wall repairs approved".into(),
            ..Default::default()
        })
        .unwrap();
    // Nothing sent yet (no follower): holding sends the story first, then holds it.
    let held = wendy.hold_article(story.id).unwrap().unwrap();
    assert!(held.mine);
    // A save after the hold moves the story past the hold in the feed.
    wendy
        .save_article(ArticleEdit {
            id: story.id,
            base_version: story.version,
            headline: story.headline.clone(),
            body: "The council approved the repairs.".into(),
            slug: String::new(),
            standfirst: String::new(),
            byline: String::new(),
            dateline: String::new(),
            section: String::new(),
            tags: vec![],
            urgency: 5,
            autosave: false,
        })
        .unwrap();
    wendy.sync_newsroom().unwrap();

    let seen = changes(&eddie);
    eddie.sync_newsroom().unwrap();
    let theirs = eddie
        .articles()
        .unwrap()
        .into_iter()
        .find(|s| s.headline == story.headline)
        .unwrap();
    let said = seen.try_iter().find_map(|c| match c {
        Change::LeaseChanged {
            article_id,
            lease: Some(l),
        } if article_id == theirs.id => Some(l),
        _ => None,
    });
    let said = said.expect("the editor's desk says who holds the story that arrived");
    assert_eq!(said.account, "wendy");
    assert!(!said.mine);
    assert_eq!(eddie.held_stories().unwrap().len(), 1);
}

#[test]
fn a_desk_of_its_own_has_nothing_to_hold() {
    let dir = tempfile::tempdir().unwrap();
    let alone = desk(dir.path());
    let story = alone
        .create_article(ArticleDraft {
            headline: "Local only".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(alone.hold_article(story.id).unwrap(), None);
    assert_eq!(alone.article_lease(story.id).unwrap(), None);
    alone.release_article(story.id).unwrap();
}

/// A keeper in memory, as the app uses when the system has no keyring.
#[derive(Default)]
struct Memory(Mutex<Option<String>>);

impl SessionKeeper for Memory {
    fn load(&self, _: &str, _: &str) -> Option<String> {
        self.0.lock().unwrap().clone()
    }
    fn store(&self, _: &str, _: &str, token: Option<&str>) -> Result<(), String> {
        *self.0.lock().unwrap() = token.map(str::to_string);
        Ok(())
    }
    fn place(&self) -> String {
        "memory".into()
    }
}

#[test]
fn with_a_keeper_the_session_never_lands_in_the_database() {
    let newsroom = Newsroom::new();
    let server = InProcess::start(test_config(&newsroom.db));
    let dir = tempfile::tempdir().unwrap();
    // A sign-in from the CLI left its token in the file; the app moves it to its keeper.
    let cli = desk(dir.path());
    cli.connect_newsroom(&server.url(), "wendy", PASSWORD)
        .unwrap();
    drop(cli);
    let token_in_file = |dir: &std::path::Path| -> Option<String> {
        let db = rusqlite::Connection::open(dir.join("copydesk.sqlite3")).unwrap();
        db.query_row("SELECT token FROM newsroom", [], |r| r.get(0))
            .unwrap()
    };
    assert!(token_in_file(dir.path()).is_some());
    let app = desk(dir.path());
    let keeper = Arc::new(Memory::default());
    app.keep_session_in(keeper.clone());
    let status = app.newsroom_status(true).unwrap();
    assert!(status.signed_in && status.online);
    assert_eq!(status.session_kept_in.as_deref(), Some("memory"));
    assert_eq!(token_in_file(dir.path()), None);
    assert!(keeper.0.lock().unwrap().is_some());
    app.sync_newsroom().unwrap();

    // Signing in again from the app: the file never gets it.
    app.newsroom_logout().unwrap();
    assert!(keeper.0.lock().unwrap().is_none());
    assert!(!app.newsroom_status(false).unwrap().signed_in);
    app.connect_newsroom(&server.url(), "wendy", PASSWORD)
        .unwrap();
    assert_eq!(token_in_file(dir.path()), None);
    assert!(app.newsroom_status(true).unwrap().online);
}
