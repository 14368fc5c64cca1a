//! The newsroom server against a real PostgreSQL (each test starts its own throwaway cluster).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::*;
use copydesk_newsroom::entity::{Entity, RevisionKind};
use copydesk_newsroom::op::{ArticleSchedule, CommentRef};
use copydesk_newsroom::{
    Action, ArticleStatus, Client, ClientError, ErrorCode, OpBody, OpOutcome, Page, Role,
};
use std::collections::HashMap;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};
use uuid::Uuid;

fn code(e: ClientError) -> ErrorCode {
    e.code()
}

fn pull_all(c: &Client, since: i64) -> Page {
    let mut page = c.pull(since, 500, None).unwrap();
    let mut last = page.last_seq;
    while page.more {
        let next = c.pull(last, 500, None).unwrap();
        last = next.last_seq;
        page.changes.extend(next.changes);
        page.more = next.more;
    }
    page.last_seq = last;
    page
}

fn article_of(c: &Client, id: Uuid) -> copydesk_newsroom::ArticleSnapshot {
    pull_all(c, 0)
        .changes
        .into_iter()
        .find_map(|ch| match ch.entity {
            Entity::Article(a) if a.id == id => Some(a),
            _ => None,
        })
        .expect("the article is in the feed")
}

#[test]
fn sign_in_expiry_revocation_and_unauthorised_requests() {
    let n = Newsroom::new();
    let mut config = test_config(&n.db);
    config.session_ttl = Duration::from_secs(2);
    let server = InProcess::start(config);

    // No token, a made-up token, a wrong password, an unknown account.
    let anonymous = Client::new(&server.url());
    assert_eq!(
        anonymous.health().unwrap().status,
        "ok",
        "health needs no session"
    );
    assert_eq!(
        code(anonymous.pull(0, 10, None).unwrap_err()),
        ErrorCode::Unauthorised
    );
    let forged = Client::new(&server.url()).with_token("0".repeat(64));
    assert_eq!(
        code(forged.pull(0, 10, None).unwrap_err()),
        ErrorCode::Unauthorised
    );
    assert_eq!(
        code(forged.push(&[create(Uuid::new_v4(), "x")]).unwrap_err()),
        ErrorCode::Unauthorised
    );
    let mut c = Client::new(&server.url());
    assert_eq!(
        code(
            c.sign_in("wendy", "wrong password", Uuid::new_v4())
                .unwrap_err()
        ),
        ErrorCode::Unauthorised
    );
    assert_eq!(
        code(c.sign_in("nobody", PASSWORD, Uuid::new_v4()).unwrap_err()),
        ErrorCode::Unauthorised
    );

    // A session works, says who it is, and only its hash is stored.
    let info = c.sign_in("wendy", PASSWORD, Uuid::new_v4()).unwrap();
    let token = info.token.clone().unwrap();
    assert_eq!(info.profile.role, Role::Writer);
    assert_eq!(c.session().unwrap().profile.name, "wendy");
    c.pull(0, 10, None).unwrap();
    let hashed =
        format!("SELECT count(*) FROM sessions WHERE token_hash = sha256('{token}'::bytea)");
    assert_eq!(
        sql_i64(&n.db, &hashed),
        1,
        "the session is stored as the token's hash"
    );
    let plain = format!("SELECT count(*) FROM sessions WHERE position('{token}' in encode(token_hash, 'escape')) > 0");
    assert_eq!(sql_i64(&n.db, &plain), 0, "never the token itself");

    // Signing out ends it.
    let mut other = desk(&server.url(), "wendy");
    other.sign_out().unwrap();
    let stale = Client::new(&server.url()).with_token(other.token().unwrap_or("gone").to_string());
    assert_eq!(
        code(stale.pull(0, 10, None).unwrap_err()),
        ErrorCode::Unauthorised
    );

    // Sessions expire.
    std::thread::sleep(Duration::from_millis(2200));
    assert_eq!(
        code(c.pull(0, 10, None).unwrap_err()),
        ErrorCode::Unauthorised
    );

    // Revoking an account ends its sessions at once and keeps it out.
    let eddie = desk(&server.url(), "eddie");
    eddie.pull(0, 10, None).unwrap();
    let out = binary()
        .args(["--database", &n.db, "account", "revoke", "eddie"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        code(eddie.pull(0, 10, None).unwrap_err()),
        ErrorCode::Unauthorised
    );
    let mut again = Client::new(&server.url());
    assert_eq!(
        code(
            again
                .sign_in("eddie", PASSWORD, Uuid::new_v4())
                .unwrap_err()
        ),
        ErrorCode::Unauthorised
    );
    // And other desks learn it from the feed.
    let ada = desk(&server.url(), "ada");
    let revoked = pull_all(&ada, 0)
        .changes
        .into_iter()
        .any(|ch| matches!(ch.entity, Entity::Profile(p) if p.name == "eddie" && p.revoked));
    assert!(revoked);
}

#[test]
fn roles_are_enforced_by_the_server_whatever_a_desk_sends() {
    let n = Newsroom::new();
    let server = InProcess::start(test_config(&n.db));
    let writer = desk(&server.url(), "wendy");
    let editor = desk(&server.url(), "eddie");
    let id = Uuid::new_v4();
    let r = writer
        .push(&[
            create(id, "Council votes"),
            mv(id, Action::Submit, ArticleStatus::Draft),
        ])
        .unwrap();
    assert!(
        r.results.iter().all(|r| r.outcome == OpOutcome::Applied),
        "{r:?}"
    );

    // Every editor-only move, from whatever state the writer claims, on real or made-up stories.
    for target in [id, Uuid::new_v4()] {
        for action in [
            Action::Approve,
            Action::Return,
            Action::Publish,
            Action::Kill,
            Action::Correct,
            Action::Unschedule,
        ] {
            for from in ArticleStatus::ALL {
                let r = writer.push(&[mv(target, action, from)]).unwrap();
                let err = r.results[0].error.as_ref().expect("refused");
                assert_eq!(
                    err.code,
                    ErrorCode::ForbiddenForRole,
                    "{action:?} from {from:?}"
                );
            }
        }
        let schedule = op(OpBody::ArticleSchedule(ArticleSchedule {
            article: target,
            from: ArticleStatus::Ready,
            wall: "2099-01-01 09:00".into(),
            zone: "Europe/Berlin".into(),
            disambiguation: None,
            override_reason: None,
        }));
        let r = writer.push(&[schedule]).unwrap();
        assert_eq!(
            r.results[0].error.as_ref().unwrap().code,
            ErrorCode::ForbiddenForRole
        );
        let take = writer.acquire_lease(target, true);
        if target == id {
            // Nobody holds it: taking over an unheld lease is just acquiring it.
            take.unwrap();
            writer.release_lease(id).unwrap();
        }
    }
    assert_eq!(
        article_of(&editor, id).status,
        ArticleStatus::InReview,
        "nothing moved"
    );

    // The editor may; the same rules as the desk's (illegal moves stay illegal).
    let r = editor
        .push(&[mv(id, Action::Publish, ArticleStatus::InReview)])
        .unwrap();
    assert_eq!(
        r.results[0].error.as_ref().unwrap().code,
        ErrorCode::IllegalTransition
    );
    let r = editor
        .push(&[mv(id, Action::Approve, ArticleStatus::InReview)])
        .unwrap();
    assert_eq!(r.results[0].outcome, OpOutcome::Applied, "{r:?}");

    // A role change takes effect on the next request, without signing in again.
    let out = binary()
        .args(["--database", &n.db, "account", "role", "wendy", "editor"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let r = writer
        .push(&[mv(id, Action::Return, ArticleStatus::Ready)])
        .unwrap();
    assert_eq!(r.results[0].outcome, OpOutcome::Applied, "{r:?}");
    let log: Vec<_> = pull_all(&editor, 0)
        .changes
        .into_iter()
        .filter_map(|c| match c.entity {
            Entity::Transition(t) if t.article == id => Some((t.action, t.actor, t.role)),
            _ => None,
        })
        .collect();
    assert_eq!(
        log,
        vec![
            (Action::Submit, "wendy".to_string(), Role::Writer),
            (Action::Approve, "eddie".to_string(), Role::Editor),
            (Action::Return, "wendy".to_string(), Role::Editor),
        ]
    );
}

#[test]
fn an_operation_is_applied_once_however_often_it_is_sent() {
    let n = Newsroom::new();
    let server = InProcess::start(test_config(&n.db));
    let c = desk(&server.url(), "wendy");
    let id = Uuid::new_v4();
    let first = create(id, "Once");
    let a = c
        .push(std::slice::from_ref(&first))
        .unwrap()
        .results
        .remove(0);
    assert_eq!(a.outcome, OpOutcome::Applied);
    assert!(!a.replayed);
    for _ in 0..3 {
        let b = c
            .push(std::slice::from_ref(&first))
            .unwrap()
            .results
            .remove(0);
        assert!(b.replayed);
        assert_eq!(
            (b.outcome, b.seq, b.answered_at),
            (a.outcome, a.seq, a.answered_at)
        );
    }
    // A refusal is an answer too: replayed even after the state changed.
    let stale = save(id, 7, "Stale", Some("old text"));
    let r1 = c
        .push(std::slice::from_ref(&stale))
        .unwrap()
        .results
        .remove(0);
    assert_eq!(r1.error.as_ref().unwrap().code, ErrorCode::Conflict);
    for v in 1..=6 {
        let r = c
            .push(&[save(id, v, "Newer", Some(&format!("text {v}")))])
            .unwrap();
        assert_eq!(r.results[0].outcome, OpOutcome::Applied);
    }
    let r2 = c
        .push(std::slice::from_ref(&stale))
        .unwrap()
        .results
        .remove(0);
    assert_eq!(r2.error, r1.error);
    assert_eq!(r2.kept_revision, r1.kept_revision);
    assert_eq!(
        r2.current.as_ref().map(|a| a.version),
        Some(1),
        "the original answer"
    );
    assert_eq!(
        sql_i64(
            &n.db,
            "SELECT count(*) FROM revisions WHERE kind = 'conflict'"
        ),
        1
    );

    // The same id with other content is refused, and not stored.
    let mut forged = first.clone();
    if let OpBody::ArticleCreate(a) = &mut forged.op {
        a.headline = "Twice".into();
    }
    let r = c.push(&[forged]).unwrap().results.remove(0);
    assert_eq!(r.error.unwrap().code, ErrorCode::Invalid);
    // Another account cannot replay someone's op id either.
    let e = desk(&server.url(), "eddie");
    assert_eq!(
        e.push(std::slice::from_ref(&first)).unwrap().results[0]
            .error
            .as_ref()
            .unwrap()
            .code,
        ErrorCode::Invalid
    );

    // The same new op from eight desks at once: applied once, everyone gets that answer.
    let id2 = Uuid::new_v4();
    let race = create(id2, "Raced");
    let barrier = Arc::new(Barrier::new(8));
    let answers: Vec<_> = (0..8)
        .map(|_| {
            let (url, race, barrier) = (server.url(), race.clone(), barrier.clone());
            std::thread::spawn(move || {
                let c = desk(&url, "wendy");
                barrier.wait();
                c.push(&[race]).unwrap().results.remove(0)
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    assert!(answers
        .iter()
        .all(|r| r.outcome == OpOutcome::Applied && r.seq == answers[0].seq));
    assert_eq!(answers.iter().filter(|r| !r.replayed).count(), 1);
    assert_eq!(
        sql_i64(
            &n.db,
            &format!("SELECT count(*) FROM articles WHERE id = '{id2}'")
        ),
        1
    );
    assert_eq!(
        sql_i64(
            &n.db,
            &format!("SELECT count(*) FROM ops WHERE op_id = '{}'", race.op_id)
        ),
        1
    );
    assert_eq!(
        sql_i64(&n.db, "SELECT count(*) FROM ops"),
        9,
        "2 + 6 saves + 1; refusals of reused ids not stored"
    );
}

#[test]
fn two_desks_moving_one_story_at_once_one_wins_the_other_hears_conflict() {
    let n = Newsroom::new();
    let server = InProcess::start(test_config(&n.db));
    let a = desk(&server.url(), "eddie");
    let b = desk(&server.url(), "ada");
    let ids: Vec<Uuid> = (0..12).map(|_| Uuid::new_v4()).collect();
    for id in &ids {
        let r = a
            .push(&[
                create(*id, "Race"),
                mv(*id, Action::Submit, ArticleStatus::Draft),
            ])
            .unwrap();
        assert!(r.results.iter().all(|r| r.outcome == OpOutcome::Applied));
    }
    let barrier = Arc::new(Barrier::new(2));
    let run = |c: Client, action: Action, barrier: Arc<Barrier>, ids: Vec<Uuid>| {
        std::thread::spawn(move || {
            ids.iter()
                .map(|id| {
                    barrier.wait();
                    c.push(&[mv(*id, action, ArticleStatus::InReview)])
                        .unwrap()
                        .results
                        .remove(0)
                })
                .collect::<Vec<_>>()
        })
    };
    let ta = run(a, Action::Approve, barrier.clone(), ids.clone());
    let tb = run(b, Action::Return, barrier, ids.clone());
    let (ra, rb) = (ta.join().unwrap(), tb.join().unwrap());
    let c = desk(&server.url(), "wendy");
    let feed = pull_all(&c, 0);
    for (i, id) in ids.iter().enumerate() {
        let wins = [&ra[i], &rb[i]]
            .iter()
            .filter(|r| r.outcome == OpOutcome::Applied)
            .count();
        assert_eq!(
            wins, 1,
            "exactly one move of {id} wins: {:?} / {:?}",
            ra[i], rb[i]
        );
        let loser = if ra[i].outcome == OpOutcome::Applied {
            &rb[i]
        } else {
            &ra[i]
        };
        assert_eq!(loser.error.as_ref().unwrap().code, ErrorCode::Conflict);
        let current = loser.current.as_ref().unwrap();
        let winner_to = if ra[i].outcome == OpOutcome::Applied {
            ArticleStatus::Ready
        } else {
            ArticleStatus::Draft
        };
        assert_eq!(
            current.status, winner_to,
            "the loser is shown the newer state"
        );
        let moves = feed.changes.iter().filter(|ch| matches!(&ch.entity, Entity::Transition(t) if t.article == *id && t.action != Action::Submit)).count();
        assert_eq!(moves, 1, "one logged move");
    }
}

#[test]
fn a_stale_save_is_refused_with_conflict_and_its_text_kept() {
    let n = Newsroom::new();
    let server = InProcess::start(test_config(&n.db));
    let a = desk(&server.url(), "wendy");
    let b = desk(&server.url(), "eddie");
    let id = Uuid::new_v4();
    a.push(&[create(id, "Budget")]).unwrap();
    let r = a
        .push(&[save(id, 1, "Budget passes", Some("A's text"))])
        .unwrap()
        .results
        .remove(0);
    assert_eq!(r.outcome, OpOutcome::Applied);
    let r = b
        .push(&[save(id, 1, "Budget fails", Some("B's text"))])
        .unwrap()
        .results
        .remove(0);
    assert_eq!(r.error.as_ref().unwrap().code, ErrorCode::Conflict);
    let current = r.current.unwrap();
    assert_eq!((current.version, current.body.as_str()), (2, "A's text"));
    let kept = r.kept_revision.unwrap();
    let revision = pull_all(&b, 0)
        .changes
        .into_iter()
        .find_map(|c| match c.entity {
            Entity::Revision(rv) if rv.id == kept => Some(rv),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        (
            revision.kind,
            revision.body.as_str(),
            revision.author.as_str()
        ),
        (RevisionKind::Conflict, "B's text", "eddie")
    );
    // Metadata-only: refused too when stale, nothing kept (no text to keep).
    let r = b
        .push(&[save(id, 1, "Budget?", None)])
        .unwrap()
        .results
        .remove(0);
    assert_eq!(r.error.as_ref().unwrap().code, ErrorCode::Conflict);
    assert!(r.kept_revision.is_none());
    assert_eq!(article_of(&a, id).headline, "Budget passes");
}

#[test]
fn body_leases_lock_take_over_and_expire() {
    let n = Newsroom::new();
    let mut config = test_config(&n.db);
    config.lease_ttl = Duration::from_secs(2);
    let server = InProcess::start(config);
    let a = desk(&server.url(), "wendy");
    let b = desk(&server.url(), "ada");
    let w2 = desk(&server.url(), "wendy"); // the same person on another desk
    let id = Uuid::new_v4();
    a.push(&[create(id, "Fire")]).unwrap();

    let lease = a.acquire_lease(id, false).unwrap();
    assert_eq!(lease.holder.account, "wendy");
    assert_eq!(
        lease.article.lease.as_ref().unwrap().account,
        "wendy",
        "visible in the snapshot"
    );
    assert_eq!(
        code(b.acquire_lease(id, false).unwrap_err()),
        ErrorCode::Locked
    );
    assert_eq!(
        code(w2.acquire_lease(id, false).unwrap_err()),
        ErrorCode::Locked,
        "another desk"
    );
    assert_eq!(
        code(w2.acquire_lease(id, true).unwrap_err()),
        ErrorCode::ForbiddenForRole
    );

    // A body save without the lease is kept, not applied; metadata needs no lease.
    let r = b
        .push(&[save(id, 1, "Fire", Some("B typed this"))])
        .unwrap()
        .results
        .remove(0);
    assert_eq!(r.error.as_ref().unwrap().code, ErrorCode::Locked);
    let kept = r.kept_revision.unwrap();
    let r = b
        .push(&[save(id, 1, "Fire downtown", None)])
        .unwrap()
        .results
        .remove(0);
    assert_eq!(r.outcome, OpOutcome::Applied, "{r:?}");
    let r = a
        .push(&[save(id, 2, "Fire downtown", Some("A's draft"))])
        .unwrap()
        .results
        .remove(0);
    assert_eq!(r.outcome, OpOutcome::Applied, "{r:?}");

    // An editor takes over: the holder's text is kept in their name; the holder is now locked out.
    let taken = b.acquire_lease(id, true).unwrap();
    assert_eq!(taken.holder.account, "ada");
    let r = a
        .push(&[save(id, 3, "Fire downtown", Some("A kept typing"))])
        .unwrap()
        .results
        .remove(0);
    assert_eq!(r.error.as_ref().unwrap().code, ErrorCode::Locked);
    let feed = pull_all(&a, 0);
    let revisions: HashMap<Uuid, _> = feed
        .changes
        .iter()
        .filter_map(|c| match &c.entity {
            Entity::Revision(r) => Some((r.id, r.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(revisions[&kept].kind, RevisionKind::Unleased);
    assert_eq!(revisions[&kept].body, "B typed this");
    let take_over = revisions
        .values()
        .find(|r| r.kind == RevisionKind::TakeOver)
        .unwrap();
    assert_eq!(
        (take_over.author.as_str(), take_over.body.as_str()),
        ("wendy", "A's draft")
    );
    assert!(revisions
        .values()
        .any(|r| r.kind == RevisionKind::Unleased && r.body == "A kept typing"));

    // Released: the feed says so.
    b.release_lease(id).unwrap();
    let after = a.pull(feed.last_seq, 100, None).unwrap();
    assert!(after
        .changes
        .iter()
        .any(|c| matches!(&c.entity, Entity::Lease(l) if l.article == id && l.holder.is_none())));

    // A vanished desk's lease runs out.
    a.acquire_lease(id, false).unwrap();
    assert_eq!(
        code(b.acquire_lease(id, false).unwrap_err()),
        ErrorCode::Locked
    );
    std::thread::sleep(Duration::from_millis(2300));
    assert_eq!(b.acquire_lease(id, false).unwrap().holder.account, "ada");
}

#[test]
fn comments_append_and_only_their_author_edits_them() {
    let n = Newsroom::new();
    let server = InProcess::start(test_config(&n.db));
    let w = desk(&server.url(), "wendy");
    let e = desk(&server.url(), "eddie");
    let id = Uuid::new_v4();
    w.push(&[create(id, "Strike")]).unwrap();
    let root = comment(id, "Check the figures", None);
    let root_id = match &root.op {
        OpBody::CommentAdd(c) => c.comment,
        _ => unreachable!(),
    };
    let r = e.push(&[root]).unwrap();
    assert_eq!(r.results[0].outcome, OpOutcome::Applied);
    let cref = |c: Uuid, body: Option<&str>| CommentRef {
        comment: c,
        body: body.map(str::to_string),
    };
    let r = w
        .push(&[op(OpBody::CommentResolve(cref(root_id, None)))])
        .unwrap();
    assert_eq!(r.results[0].outcome, OpOutcome::Applied);
    // A reply reopens; editing someone else's comment is refused.
    let r = w
        .push(&[
            comment(id, "Done?", Some(root_id)),
            op(OpBody::CommentEdit(cref(root_id, Some("mine now")))),
        ])
        .unwrap();
    assert_eq!(r.results[0].outcome, OpOutcome::Applied);
    assert_eq!(
        r.results[1].error.as_ref().unwrap().code,
        ErrorCode::NotAuthor
    );
    let r = e
        .push(&[op(OpBody::CommentDelete(cref(root_id, None)))])
        .unwrap();
    assert_eq!(r.results[0].outcome, OpOutcome::Applied);
    let empty = w
        .push(&[
            comment(id, "   ", None),
            comment(Uuid::new_v4(), "lost", None),
        ])
        .unwrap();
    assert_eq!(
        empty.results[0].error.as_ref().unwrap().code,
        ErrorCode::Invalid
    );
    assert_eq!(
        empty.results[1].error.as_ref().unwrap().code,
        ErrorCode::NotFound
    );
    let comments: Vec<_> = pull_all(&w, 0)
        .changes
        .into_iter()
        .filter_map(|c| match c.entity {
            Entity::Comment(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(comments.len(), 2);
    let root = comments.iter().find(|c| c.id == root_id).unwrap();
    assert!(
        root.deleted_at.is_some() && root.body.is_empty(),
        "a tombstone"
    );
    assert!(root.resolved_at.is_none(), "the reply reopened the thread");
    let reply = comments.iter().find(|c| c.id != root_id).unwrap();
    assert_eq!(
        (reply.parent, reply.reply_to),
        (Some(root_id), Some(root_id))
    );
}

/// Four desks push through two server processes while a fifth pulls in small pages the whole
/// time: what it ends up with equals a fresh full pull. A change committed late with a lower
/// seq than one already pulled would be missing from it.
#[test]
fn pull_since_n_never_misses_a_change_under_concurrent_pushes_on_two_servers() {
    let n = Newsroom::new();
    let s1 = InProcess::start(test_config(&n.db));
    let s2 = InProcess::start(test_config(&n.db));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let puller = {
        let (url, stop) = (s2.url(), stop.clone());
        std::thread::spawn(move || {
            let c = desk(&url, "eddie");
            let mut seen: HashMap<String, (i64, String)> = HashMap::new();
            let mut since = 0;
            let mut pages = 0;
            loop {
                let finishing = stop.load(std::sync::atomic::Ordering::SeqCst);
                let page = c.pull(since, 7, Some(Duration::from_millis(200))).unwrap();
                pages += 1;
                for ch in &page.changes {
                    assert!(ch.seq > since, "seq order");
                    since = ch.seq;
                    seen.insert(
                        key(&ch.entity),
                        (ch.seq, serde_json::to_string(&ch.entity).unwrap()),
                    );
                }
                if finishing && page.changes.is_empty() {
                    return (seen, since, pages);
                }
            }
        })
    };
    let pushers: Vec<_> = (0..4)
        .map(|i| {
            let url = if i % 2 == 0 { s1.url() } else { s2.url() };
            std::thread::spawn(move || {
                let c = desk(&url, if i % 2 == 0 { "wendy" } else { "ada" });
                for _ in 0..8 {
                    let id = Uuid::new_v4();
                    let r = c
                        .push(&[
                            create(id, "Story"),
                            save(id, 1, "Story, updated", Some("more words")),
                            comment(id, "Looks good", None),
                            mv(id, Action::Submit, ArticleStatus::Draft),
                        ])
                        .unwrap();
                    assert!(
                        r.results.iter().all(|r| r.outcome == OpOutcome::Applied),
                        "{r:?}"
                    );
                }
            })
        })
        .collect();
    for p in pushers {
        p.join().unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let (seen, last, pages) = puller.join().unwrap();
    let fresh = pull_all(&desk(&s1.url(), "wendy"), 0);
    let truth: HashMap<String, (i64, String)> = fresh
        .changes
        .iter()
        .map(|ch| {
            (
                key(&ch.entity),
                (ch.seq, serde_json::to_string(&ch.entity).unwrap()),
            )
        })
        .collect();
    assert_eq!(last, fresh.last_seq);
    assert_eq!(seen.len(), truth.len());
    for (k, v) in &truth {
        assert_eq!(seen.get(k).map(|s| s.0), Some(v.0), "{k} missed or stale");
    }
    assert!(
        pages > 10,
        "the puller really pulled while pushes ran ({pages} pages)"
    );
    // 32 stories: article, 2 revisions, comment, transition each; plus the three accounts.
    assert_eq!(truth.len(), 32 * 5 + 3);
}

fn key(e: &Entity) -> String {
    match e {
        Entity::Article(a) => format!("article {}", a.id),
        Entity::Revision(r) => format!("revision {}", r.id),
        Entity::Comment(c) => format!("comment {}", c.id),
        Entity::Transition(t) => format!("transition {}", t.id),
        Entity::Profile(p) => format!("profile {}", p.name),
        Entity::Lease(l) => format!("lease {}", l.article),
        Entity::WireFile(w) => format!("wire file {}", w.sha256),
        Entity::Publication(p) => format!("publication {}", p.id),
        Entity::Delivery(d) => format!("delivery {}", d.id),
    }
}

#[test]
fn a_long_poll_wakes_promptly_on_notify_and_without_one_within_the_recheck() {
    let n = Newsroom::new();
    // Server A: notifications on, re-check only every 20 s, so a prompt wake proves NOTIFY.
    let mut ca = test_config(&n.db);
    ca.recheck = Duration::from_secs(20);
    let a = InProcess::start(ca);
    // Server B: no LISTEN at all; only the re-check (every 1 s) wakes its waiters.
    let mut cb = test_config(&n.db);
    cb.notifications = false;
    let b = InProcess::start(cb);
    let writer = desk(&b.url(), "wendy");
    let since = pull_all(&writer, 0).last_seq;

    let wake = |server: &InProcess, delay: Duration| -> Duration {
        let waiter = desk(&server.url(), "eddie");
        let w = writer.clone();
        let pusher = std::thread::spawn(move || {
            std::thread::sleep(delay);
            let pushed = Instant::now();
            w.push(&[create(Uuid::new_v4(), "Wake up")]).unwrap();
            pushed
        });
        let page = waiter
            .pull(since_now(&waiter), 100, Some(Duration::from_secs(15)))
            .unwrap();
        let woke = Instant::now();
        assert!(!page.changes.is_empty(), "woken with the change");
        woke - pusher.join().unwrap()
    };
    fn since_now(c: &Client) -> i64 {
        pull_all(c, 0).last_seq
    }
    let _ = since;
    let mut notified = Vec::new();
    for _ in 0..5 {
        notified.push(wake(&a, Duration::from_millis(300)));
    }
    notified.sort();
    assert!(
        notified[4] < Duration::from_millis(750),
        "NOTIFY wakes at once: {notified:?}"
    );
    let rechecked = wake(&b, Duration::from_millis(300));
    assert!(
        rechecked < Duration::from_millis(2500),
        "the re-check wakes without NOTIFY: {rechecked:?}"
    );

    // Nothing new: the poll ends at its deadline with an empty page.
    let waiter = desk(&a.url(), "eddie");
    let last = since_now(&waiter);
    let started = Instant::now();
    let page = waiter
        .pull(last, 100, Some(Duration::from_secs(1)))
        .unwrap();
    assert!(page.changes.is_empty());
    assert_eq!(page.last_seq, last);
    assert!(started.elapsed() >= Duration::from_millis(950));
}

fn raw(method: &str, url: &str, token: Option<&str>, body: Vec<u8>) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let auth = token.map(|t| format!("Bearer {t}"));
    let response = match method {
        "POST" => {
            let mut req = agent.post(url).header("Content-Type", "application/json");
            if let Some(a) = &auth {
                req = req.header("Authorization", a);
            }
            req.send(&body[..])
        }
        _ => {
            let mut req = agent.get(url);
            if let Some(a) = &auth {
                req = req.header("Authorization", a);
            }
            req.call()
        }
    };
    match response {
        Ok(mut r) => (
            r.status().as_u16(),
            r.body_mut().read_to_string().unwrap_or_default(),
        ),
        // The server may close the connection on an oversized body before reading it all.
        Err(e) => (0, e.to_string()),
    }
}

#[test]
fn malformed_oversized_and_unknown_field_bodies_are_refused_and_nothing_half_applies() {
    let n = Newsroom::new();
    let server = InProcess::start(test_config(&n.db));
    let c = desk(&server.url(), "wendy");
    let token = c.token().unwrap().to_string();
    let ops_url = format!("{}/v1/ops", server.url());
    let good = |h: &str| serde_json::to_value(create(Uuid::new_v4(), h)).unwrap();
    let count = || sql_i64(&n.db, "SELECT count(*) FROM ops");
    let before = count();

    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("not JSON", b"{\"ops\": [".to_vec(), 400, "invalid"),
        (
            "truncated",
            serde_json::to_vec(&serde_json::json!({"ops": [good("a"), good("b")]})).unwrap()[..60]
                .to_vec(),
            400,
            "invalid",
        ),
        (
            "unknown top field",
            serde_json::to_vec(&serde_json::json!({"ops": [good("a")], "admin": true})).unwrap(),
            400,
            "invalid",
        ),
        (
            "unknown op field, after good ops",
            {
                let mut bad = good("c");
                bad["op"]["role"] = "editor".into();
                serde_json::to_vec(&serde_json::json!({"ops": [good("a"), good("b"), bad]}))
                    .unwrap()
            },
            400,
            "invalid",
        ),
        (
            "wrong type",
            {
                let mut bad = good("d");
                bad["op"]["urgency"] = "high".into();
                serde_json::to_vec(&serde_json::json!({"ops": [good("a"), bad]})).unwrap()
            },
            400,
            "invalid",
        ),
        (
            "unknown kind",
            {
                let mut bad = good("e");
                bad["op"]["kind"] = "account_promote".into();
                serde_json::to_vec(&serde_json::json!({"ops": [good("a"), bad]})).unwrap()
            },
            400,
            "invalid",
        ),
        (
            "too many ops",
            serde_json::to_vec(
                &serde_json::json!({"ops": (0..101).map(|_| good("x")).collect::<Vec<_>>()}),
            )
            .unwrap(),
            413,
            "too_large",
        ),
    ];
    for (what, body, status, code_str) in cases {
        let (got, text) = raw("POST", &ops_url, Some(&token), body);
        assert_eq!(got, status, "{what}: {text}");
        assert!(text.contains(code_str), "{what}: {text}");
        assert_eq!(count(), before, "{what}: nothing applied");
    }
    // Larger than the limit: refused before it is read (or the connection is closed on it).
    let huge = serde_json::to_vec(&serde_json::json!({"ops": [{"op_id": Uuid::new_v4(), "op": {"kind": "article_create", "article": Uuid::new_v4(), "headline": "big", "body": "x".repeat(9 * 1024 * 1024)}}]})).unwrap();
    let (got, text) = raw("POST", &ops_url, Some(&token), huge);
    assert!(got == 413 || got == 0, "oversized: {got} {text}");
    if got == 413 {
        assert!(text.contains("too_large"));
    }
    assert_eq!(count(), before);
    assert_eq!(sql_i64(&n.db, "SELECT count(*) FROM articles"), 0);

    // Bad query strings, unknown endpoints, a non-UUID lease path.
    let (got, _) = raw(
        "GET",
        &format!("{}/v1/changes?since=0&evil=1", server.url()),
        Some(&token),
        vec![],
    );
    assert_eq!(got, 400);
    let (got, _) = raw(
        "GET",
        &format!("{}/v1/changes?since=-1", server.url()),
        Some(&token),
        vec![],
    );
    assert_eq!(got, 400);
    let (got, _) = raw(
        "GET",
        &format!("{}/v1/admin", server.url()),
        Some(&token),
        vec![],
    );
    assert_eq!(got, 404);
    let (got, _) = raw(
        "POST",
        &format!("{}/v1/articles/1/lease", server.url()),
        Some(&token),
        b"{}".to_vec(),
    );
    assert_eq!(got, 400);

    // Well-formed but breaking a rule: refused one by one (and stored as refusals); text that
    // looks like SQL is only text.
    let nasty = "'); DROP TABLE articles; --";
    let id = Uuid::new_v4();
    let mut bad_urgency = create(Uuid::new_v4(), "Urgent");
    if let OpBody::ArticleCreate(a) = &mut bad_urgency.op {
        a.urgency = 9;
    }
    let r = c
        .push(&[
            create(Uuid::new_v4(), "   "),
            bad_urgency,
            create(id, nasty),
        ])
        .unwrap();
    assert_eq!(
        r.results[0].error.as_ref().unwrap().code,
        ErrorCode::Invalid
    );
    assert_eq!(
        r.results[1].error.as_ref().unwrap().code,
        ErrorCode::Invalid
    );
    assert_eq!(r.results[2].outcome, OpOutcome::Applied);
    assert_eq!(article_of(&c, id).headline, nasty);
    assert_eq!(sql_i64(&n.db, "SELECT count(*) FROM articles"), 1);

    // The longest body, in 4-byte characters, fits in one push; one character more is refused.
    let longest = |chars: usize| {
        let mut o = create(Uuid::new_v4(), "Long read");
        if let OpBody::ArticleCreate(a) = &mut o.op {
            a.body = "😀".repeat(chars);
        }
        o
    };
    let max = copydesk_newsroom::MAX_BODY_CHARS;
    let r = c.push(&[longest(max)]).unwrap();
    assert_eq!(
        r.results[0].outcome,
        OpOutcome::Applied,
        "{:?}",
        r.results[0].error
    );
    let r = c.push(&[longest(max + 1)]).unwrap();
    assert_eq!(
        r.results[0].error.as_ref().unwrap().code,
        ErrorCode::Invalid
    );
}

/// The real binary, SIGKILLed while a desk pushes batch after batch, then started again: every
/// acknowledged operation is stored, none twice, and resending everything stores nothing new.
#[test]
fn server_killed_mid_push_then_restarted_loses_nothing_and_applies_nothing_twice() {
    let n = Newsroom::new();
    let mut server = Process::start(&n.db, &[]);
    let url = server.url();
    let batches_done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let progress = batches_done.clone();
    let pusher = std::thread::spawn(move || {
        let c = desk(&url, "wendy");
        let mut sent: Vec<Vec<copydesk_newsroom::Op>> = Vec::new();
        let mut acknowledged: Vec<copydesk_newsroom::OpResult> = Vec::new();
        loop {
            let batch: Vec<_> = (0..10)
                .flat_map(|_| {
                    let id = Uuid::new_v4();
                    [
                        create(id, "Killed?"),
                        save(id, 1, "Killed?", Some("text")),
                        mv(id, Action::Submit, ArticleStatus::Draft),
                    ]
                })
                .collect();
            sent.push(batch.clone());
            match c.push(&batch) {
                Ok(r) => {
                    acknowledged.extend(r.results);
                    progress.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
                Err(_) => return (sent, acknowledged, c.token().unwrap().to_string()),
            }
        }
    });
    // Kill it mid-batch once a few batches were answered (however slow the machine is).
    let deadline = Instant::now() + Duration::from_secs(60);
    while batches_done.load(std::sync::atomic::Ordering::SeqCst) < 3 {
        assert!(Instant::now() < deadline, "no batch was answered");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(37));
    server.kill();
    let (sent, acknowledged, token) = pusher.join().unwrap();
    assert!(
        acknowledged.len() >= 30,
        "some batches were acknowledged before the kill"
    );
    let stored = sql_i64(&n.db, "SELECT count(*) FROM ops");
    let all: Vec<_> = sent.iter().flatten().cloned().collect();
    assert!(
        stored as usize >= acknowledged.len(),
        "every acknowledged op is stored"
    );
    assert!(stored as usize <= all.len());
    for r in &acknowledged {
        assert_eq!(r.outcome, OpOutcome::Applied, "{r:?}");
    }

    // Started again; the session survives (it is in the database); resend everything.
    let server = Process::start(&n.db, &[]);
    let c = Client::new(&server.url()).with_token(token);
    let mut replayed = Vec::new();
    for batch in &sent {
        replayed.extend(c.push(batch).unwrap().results);
    }
    for (first, again) in acknowledged.iter().zip(&replayed) {
        assert!(again.replayed);
        assert_eq!(
            (first.op_id, first.seq, first.outcome),
            (again.op_id, again.seq, again.outcome)
        );
    }
    assert!(
        replayed.iter().all(|r| r.outcome == OpOutcome::Applied),
        "the interrupted batch completes"
    );
    assert_eq!(
        sql_i64(&n.db, "SELECT count(*) FROM ops") as usize,
        all.len(),
        "each op stored once"
    );
    let stories = all.len() / 3;
    assert_eq!(
        sql_i64(&n.db, "SELECT count(*) FROM articles") as usize,
        stories
    );
    assert_eq!(
        sql_i64(&n.db, "SELECT count(*) FROM revisions") as usize,
        stories * 2
    );
    assert_eq!(
        sql_i64(&n.db, "SELECT count(*) FROM transitions") as usize,
        stories
    );
    assert_eq!(
        sql_i64(
            &n.db,
            "SELECT count(*) FROM articles WHERE status = 'in_review' AND version = 2"
        ) as usize,
        stories
    );
    eprintln!(
        "killed with {stored} ops stored: {} acknowledged of {} sent",
        acknowledged.len(),
        all.len()
    );
}

#[test]
fn the_server_recovers_when_postgresql_restarts_under_it() {
    let mut n = Newsroom::new();
    let mut config = test_config(&n.db);
    config.recheck = Duration::from_secs(20); // waking after the restart must come from LISTEN
    let server = InProcess::start(config);
    let c = desk(&server.url(), "wendy");
    c.push(&[create(Uuid::new_v4(), "Before")]).unwrap();

    n.cluster.stop();
    let err = c.push(&[create(Uuid::new_v4(), "During")]).unwrap_err();
    assert!(matches!(err.code(), ErrorCode::Unavailable), "{err}");
    assert!(c.health().is_err());
    n.cluster.start_again();

    let deadline = Instant::now() + Duration::from_secs(15);
    let id = Uuid::new_v4();
    let during = loop {
        match c.push(&[create(id, "After")]) {
            Ok(r) => break r,
            Err(e) => {
                assert!(Instant::now() < deadline, "the server did not recover: {e}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    };
    assert_eq!(during.results[0].outcome, OpOutcome::Applied);
    assert_eq!(c.health().unwrap().status, "ok");
    // The LISTEN connection came back too: a long poll wakes well before the 20 s re-check.
    std::thread::sleep(Duration::from_millis(2500));
    let since = pull_all(&c, 0).last_seq;
    let w = c.clone();
    let pusher = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        w.push(&[create(Uuid::new_v4(), "Wake")]).unwrap();
        Instant::now()
    });
    let page = c.pull(since, 10, Some(Duration::from_secs(15))).unwrap();
    let woke = Instant::now();
    assert!(!page.changes.is_empty());
    assert!(
        woke - pusher.join().unwrap() < Duration::from_secs(2),
        "LISTEN reconnected"
    );
    assert_eq!(sql_i64(&n.db, "SELECT count(*) FROM articles"), 3);
}

#[test]
fn sigterm_stops_the_server_cleanly_even_with_a_long_poll_open() {
    let n = Newsroom::new();
    let mut server = Process::start(&n.db, &[]);
    let c = desk(&server.url(), "wendy");
    let since = pull_all(&c, 0).last_seq;
    let poll = std::thread::spawn(move || c.pull(since, 10, Some(Duration::from_secs(25))));
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let status = server.terminate();
    assert!(status.success(), "{status}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let page = poll.join().unwrap().unwrap();
    assert!(page.changes.is_empty(), "the poll was answered, not cut");
}

#[test]
fn migrations_apply_once_and_a_newer_database_is_refused() {
    let n = Newsroom::new();
    // Two servers starting on one fresh database at once.
    let fresh = n.cluster.database("fresh");
    let t: Vec<_> = (0..2)
        .map(|_| {
            let db = fresh.clone();
            std::thread::spawn(move || Process::start(&db, &[]))
        })
        .collect();
    let servers: Vec<_> = t.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        Client::new(&servers[0].url()).health().unwrap().schema,
        copydesk_server::SCHEMA_VERSION
    );
    drop(servers);
    sql(&n.db, "UPDATE copydesk_schema SET version = 99");
    let out = binary()
        .args(["--database", &n.db, "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("database_too_new"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        sql_i64(&n.db, "SELECT version FROM copydesk_schema"),
        99,
        "nothing changed"
    );
}

/// Two real server processes on one database: a session from one works on the other, a change
/// pushed to one wakes a long poll on the other, and racing moves through both resolve once.
#[test]
fn two_server_processes_on_one_database_behave_as_one() {
    let n = Newsroom::new();
    let p1 = Process::start(&n.db, &[]);
    let p2 = Process::start(&n.db, &["--recheck-ms", "20000"]);
    let mut a = Client::new(&p1.url());
    let token = a
        .sign_in("eddie", PASSWORD, Uuid::new_v4())
        .unwrap()
        .token
        .unwrap();
    let same_session_elsewhere = Client::new(&p2.url()).with_token(token);
    assert_eq!(
        same_session_elsewhere.session().unwrap().profile.name,
        "eddie"
    );
    let b = desk(&p2.url(), "ada");

    // Woken across processes (p2 re-checks only every 20 s: this is p1's NOTIFY).
    let since = pull_all(&b, 0).last_seq;
    let id = Uuid::new_v4();
    let a2 = a.clone();
    let pusher = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        let r = a2
            .push(&[
                create(id, "Shared"),
                mv(id, Action::Submit, ArticleStatus::Draft),
            ])
            .unwrap();
        assert!(r.results.iter().all(|r| r.outcome == OpOutcome::Applied));
        Instant::now()
    });
    let page = b.pull(since, 100, Some(Duration::from_secs(15))).unwrap();
    let woke = Instant::now();
    assert!(page
        .changes
        .iter()
        .any(|c| matches!(&c.entity, Entity::Article(x) if x.id == id)));
    assert!(woke - pusher.join().unwrap() < Duration::from_secs(3));

    // The same op id through both processes: applied once.
    let once = mv(id, Action::Approve, ArticleStatus::InReview);
    let r1 = a
        .push(std::slice::from_ref(&once))
        .unwrap()
        .results
        .remove(0);
    let r2 = same_session_elsewhere
        .push(std::slice::from_ref(&once))
        .unwrap()
        .results
        .remove(0);
    assert_eq!((r1.outcome, r1.seq), (r2.outcome, r2.seq));
    assert!(r2.replayed);

    // Racing moves, one through each process: exactly one wins.
    let barrier = Arc::new(Barrier::new(2));
    let racers: Vec<_> = [(a.clone(), Action::Return), (b.clone(), Action::Spike)]
        .into_iter()
        .map(|(c, action)| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                c.push(&[mv(id, action, ArticleStatus::Ready)])
                    .unwrap()
                    .results
                    .remove(0)
            })
        })
        .collect();
    let results: Vec<_> = racers.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        results
            .iter()
            .filter(|r| r.outcome == OpOutcome::Applied)
            .count(),
        1,
        "{results:?}"
    );
    let loser = results
        .iter()
        .find(|r| r.outcome == OpOutcome::Refused)
        .unwrap();
    assert_eq!(loser.error.as_ref().unwrap().code, ErrorCode::Conflict);
    let seqs: Vec<i64> = pull_all(&a, 0).changes.iter().map(|c| c.seq).collect();
    let mut sorted = seqs.clone();
    sorted.dedup();
    assert_eq!(
        seqs, sorted,
        "one seq order, no repeats, whichever process wrote"
    );
}

#[test]
fn schedules_and_embargoes_follow_the_desk_rules() {
    use copydesk_newsroom::op::{ArticleEmbargo, EmbargoUntil};
    let n = Newsroom::new();
    let server = InProcess::start(test_config(&n.db));
    let w = desk(&server.url(), "wendy");
    let e = desk(&server.url(), "eddie");
    let id = Uuid::new_v4();
    let r = w
        .push(&[
            create(id, "Rates"),
            mv(id, Action::Submit, ArticleStatus::Draft),
        ])
        .unwrap();
    assert!(r.results.iter().all(|r| r.outcome == OpOutcome::Applied));
    let r = e
        .push(&[mv(id, Action::Approve, ArticleStatus::InReview)])
        .unwrap();
    assert_eq!(r.results[0].outcome, OpOutcome::Applied);

    let sched = |wall: &str, zone: &str, reason: Option<&str>| {
        op(OpBody::ArticleSchedule(ArticleSchedule {
            article: id,
            from: ArticleStatus::Ready,
            wall: wall.into(),
            zone: zone.into(),
            disambiguation: None,
            override_reason: reason.map(str::to_string),
        }))
    };
    let embargo = |until: Option<(&str, &str)>| {
        op(OpBody::ArticleEmbargo(ArticleEmbargo {
            article: id,
            until: until.map(|(wall, zone)| EmbargoUntil {
                wall: wall.into(),
                zone: zone.into(),
                disambiguation: None,
            }),
        }))
    };
    let codes = |c: &Client, ops: &[copydesk_newsroom::Op]| -> Vec<Option<ErrorCode>> {
        c.push(ops)
            .unwrap()
            .results
            .into_iter()
            .map(|r| r.error.map(|e| e.code))
            .collect()
    };
    // A wall time in the spring-forward gap, one in the past, and an embargo (writers may set one).
    assert_eq!(
        codes(
            &e,
            &[
                sched("2099-03-29 02:30", "Europe/Berlin", None),
                sched("2001-01-01 09:00", "UTC", None)
            ]
        ),
        vec![
            Some(ErrorCode::NonexistentLocalTime),
            Some(ErrorCode::Invalid)
        ]
    );
    assert_eq!(
        codes(&w, &[embargo(Some(("2099-06-01 06:00", "UTC")))]),
        vec![None]
    );
    // Scheduling before the embargo lifts needs an editor's reason; publishing too.
    assert_eq!(
        codes(&e, &[sched("2099-05-01 09:00", "Europe/Berlin", None)]),
        vec![Some(ErrorCode::Embargoed)]
    );
    assert_eq!(
        codes(
            &e,
            &[sched(
                "2099-05-01 09:00",
                "Europe/Berlin",
                Some("legal cleared it")
            )]
        ),
        vec![None]
    );
    let a = article_of(&e, id);
    assert_eq!(a.status, ArticleStatus::Scheduled);
    let s = a.schedule.unwrap();
    assert_eq!(
        (s.wall.as_str(), s.zone.as_str()),
        ("2099-05-01T09:00", "Europe/Berlin")
    );
    assert_eq!(s.at.to_string(), "2099-05-01T07:00:00Z");
    assert_eq!(a.embargo.unwrap().until.to_string(), "2099-06-01T06:00:00Z");
    assert_eq!(
        codes(&e, &[mv(id, Action::Unschedule, ArticleStatus::Scheduled)]),
        vec![None]
    );
    assert!(
        article_of(&e, id).schedule.is_none(),
        "unschedule clears the schedule"
    );
    assert_eq!(
        codes(&e, &[mv(id, Action::Publish, ArticleStatus::Ready)]),
        vec![Some(ErrorCode::Embargoed)]
    );
    let mut publish = mv(id, Action::Publish, ArticleStatus::Ready);
    if let OpBody::ArticleMove(m) = &mut publish.op {
        m.override_reason = Some("breaking".into());
    }
    assert_eq!(codes(&e, &[publish]), vec![None]);
    let a = article_of(&e, id);
    assert_eq!(a.status, ArticleStatus::Published);
    assert!(a.published_at.is_some());
    let notes: Vec<String> = pull_all(&e, 0)
        .changes
        .into_iter()
        .filter_map(|c| match c.entity {
            Entity::Transition(t) if t.article == id => Some(t.note),
            _ => None,
        })
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("embargo overridden: legal cleared it")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n == "embargo overridden: breaking"),
        "{notes:?}"
    );
    // Lifting the embargo.
    assert_eq!(codes(&w, &[embargo(None)]), vec![None]);
    assert!(article_of(&e, id).embargo.is_none());
}

#[test]
fn autosaves_fold_into_one_revision_and_saves_add_one_each() {
    let n = Newsroom::new();
    let server = InProcess::start(test_config(&n.db));
    let w = desk(&server.url(), "wendy");
    let id = Uuid::new_v4();
    w.push(&[create(id, "Typing")]).unwrap();
    let autosave = |v: i64, body: &str| {
        let mut o = save(id, v, "Typing", Some(body));
        if let OpBody::ArticleSave(s) = &mut o.op {
            s.autosave = true;
        }
        o
    };
    let r = w
        .push(&[
            autosave(1, "T"),
            autosave(2, "Ty"),
            autosave(3, "Typ"),
            save(id, 4, "Typing", Some("Typed.")),
            autosave(5, "Typed. M"),
        ])
        .unwrap();
    assert!(
        r.results.iter().all(|r| r.outcome == OpOutcome::Applied),
        "{r:?}"
    );
    let kinds: Vec<(RevisionKind, String)> = sql(
        &n.db,
        "SELECT kind || ':' || body FROM revisions ORDER BY seq",
    )
    .into_iter()
    .map(|s| {
        let (k, b) = s.split_once(':').unwrap();
        (RevisionKind::parse(k).unwrap(), b.to_string())
    })
    .collect();
    assert_eq!(
        kinds,
        vec![
            (RevisionKind::Created, "First paragraph.".to_string()),
            (RevisionKind::Autosave, "Typ".to_string()),
            (RevisionKind::Save, "Typed.".to_string()),
            (RevisionKind::Autosave, "Typed. M".to_string()),
        ]
    );
    let a = article_of(&w, id);
    assert_eq!(
        (a.version, a.body.as_str(), a.word_count),
        (6, "Typed. M", 2)
    );
}

/// The network is cut again and again while a desk pushes through a proxy; the desk resends
/// each unanswered batch (same op ids) until it is answered. Every op ends up stored exactly
/// once, and every answer the desk got matches what is stored.
#[test]
fn network_cuts_mid_push_lose_nothing_and_apply_nothing_twice() {
    let n = Newsroom::new();
    let server = InProcess::start(test_config(&n.db));
    let proxy = Proxy::start(server.addr);
    let c = {
        let mut c = Client::new(&proxy.url());
        c.sign_in("wendy", PASSWORD, Uuid::new_v4()).unwrap();
        c
    };
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let cutter = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut cuts = 0;
            let mut i = 0u64;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                i += 1;
                std::thread::sleep(Duration::from_millis(40 + (i * 37) % 90));
                cuts += proxy.cut();
            }
            cuts
        })
    };
    let mut answers: HashMap<Uuid, copydesk_newsroom::OpResult> = HashMap::new();
    let mut sent = 0;
    let mut failures = 0;
    for _ in 0..15 {
        let batch: Vec<_> = (0..5)
            .flat_map(|_| {
                let id = Uuid::new_v4();
                [
                    create(id, "Cut"),
                    save(id, 1, "Cut", Some("text")),
                    comment(id, "ok?", None),
                ]
            })
            .collect();
        sent += batch.len();
        let deadline = Instant::now() + Duration::from_secs(30);
        let results = loop {
            match c.push(&batch) {
                Ok(r) => break r.results,
                Err(e) => {
                    assert_eq!(e.code(), ErrorCode::Offline, "{e}");
                    failures += 1;
                    assert!(Instant::now() < deadline, "never got through");
                }
            }
        };
        for r in results {
            assert_eq!(r.outcome, OpOutcome::Applied, "{r:?}");
            answers.insert(r.op_id, r);
        }
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let cuts = cutter.join().unwrap();
    assert!(
        failures > 0,
        "some pushes were cut ({cuts} connections cut)"
    );
    assert_eq!(answers.len(), sent);
    assert_eq!(
        sql_i64(&n.db, "SELECT count(*) FROM ops") as usize,
        sent,
        "each op stored once"
    );
    assert_eq!(
        sql_i64(&n.db, "SELECT count(*) FROM articles") as usize,
        sent / 3
    );
    assert_eq!(
        sql_i64(&n.db, "SELECT count(*) FROM comments") as usize,
        sent / 3
    );
    assert_eq!(
        sql_i64(&n.db, "SELECT count(*) FROM revisions") as usize,
        2 * sent / 3
    );
    // What the desk was told is what is stored.
    let stored: HashMap<String, String> = sql(&n.db, "SELECT op_id::text || ' ' || seq FROM ops")
        .into_iter()
        .map(|l| {
            let (id, seq) = l.split_once(' ').unwrap();
            (id.to_string(), seq.to_string())
        })
        .collect();
    for r in answers.values() {
        assert_eq!(stored[&r.op_id.to_string()], r.seq.unwrap().to_string());
    }
    eprintln!("{failures} pushes cut, {cuts} connections cut, {sent} ops stored once each");
}

/// Debug logs of a whole session (sign-in, pushes, pulls, a lease, a refused sign-in) hold no
/// password, token, story text, comment or database URL.
#[test]
fn logs_never_hold_secrets_or_text() {
    let n = Newsroom::new();
    let log = tempfile::NamedTempFile::new().unwrap();
    let db_with_secret = n.db.replace("postgres@", "postgres:s3cret-db-pw@");
    let mut server = Process::start_with(
        &db_with_secret,
        &["--log-json"],
        log.reopen().unwrap().into(),
        "debug",
    );
    let mut c = Client::new(&server.url());
    let _ = c.sign_in("wendy", "wrong-password-xyz", Uuid::new_v4());
    let info = c.sign_in("wendy", PASSWORD, Uuid::new_v4()).unwrap();
    let token = info.token.unwrap();
    let id = Uuid::new_v4();
    c.push(&[
        create(id, "Secret headline qwerty"),
        save(
            id,
            1,
            "Secret headline qwerty",
            Some("Confidential body asdfgh"),
        ),
        comment(id, "Private comment zxcvbn", None),
    ])
    .unwrap();
    c.acquire_lease(id, false).unwrap();
    pull_all(&c, 0);
    assert_eq!(server.terminate().code(), Some(0));
    let text = std::fs::read_to_string(log.path()).unwrap();
    assert!(
        text.contains("applied"),
        "the log has the operations: {text}"
    );
    for secret in [
        PASSWORD,
        "wrong-password-xyz",
        token.as_str(),
        "s3cret-db-pw",
        "Secret headline",
        "Confidential body",
        "Private comment",
    ] {
        let line = text.lines().find(|l| l.contains(secret));
        assert!(line.is_none(), "{secret} is in the log: {line:?}");
    }
}

#[test]
fn the_scheduler_publishes_each_due_story_once_whichever_server_gets_there() {
    use copydesk_core::{Clock, ManualClock};
    let n = Newsroom::new();
    let clock = Arc::new(ManualClock::new("2099-05-01T06:00:00Z".parse().unwrap()));
    let config = || {
        let mut c = test_config(&n.db);
        c.clock = clock.clone();
        c.scheduler_tick = Duration::from_millis(20);
        c
    };
    // Two servers on one database, both looking for due stories every 20 ms.
    let one = InProcess::start(config());
    let two = InProcess::start(config());
    let e = desk(&one.url(), "eddie");
    let sched = |id: Uuid, wall: &str, reason: Option<&str>| {
        op(OpBody::ArticleSchedule(ArticleSchedule {
            article: id,
            from: ArticleStatus::Ready,
            wall: wall.into(),
            zone: "UTC".into(),
            disambiguation: None,
            override_reason: reason.map(str::to_string),
        }))
    };
    let ready = |id: Uuid, headline: &str| {
        vec![
            create(id, headline),
            mv(id, Action::Submit, ArticleStatus::Draft),
            mv(id, Action::Approve, ArticleStatus::InReview),
        ]
    };
    let applied = |c: &Client, ops: Vec<copydesk_newsroom::Op>| {
        for chunk in ops.chunks(100) {
            let r = c.push(chunk).unwrap();
            for r in r.results {
                assert_eq!(r.outcome, OpOutcome::Applied, "{:?}", r.error);
            }
        }
    };
    // 120 stories due at 07:00 (more than two batches), one due at 07:00 but embargoed until
    // 08:00 (scheduled with an editor's reason), one due at 09:00.
    let due: Vec<Uuid> = (0..120).map(|_| Uuid::new_v4()).collect();
    let (embargoed, later) = (Uuid::new_v4(), Uuid::new_v4());
    let mut ops = Vec::new();
    for (i, id) in due.iter().enumerate() {
        ops.extend(ready(*id, &format!("Story {i}")));
        ops.push(sched(*id, "2099-05-01 07:00", None));
    }
    ops.extend(ready(embargoed, "Embargoed"));
    ops.push(op(OpBody::ArticleEmbargo(
        copydesk_newsroom::op::ArticleEmbargo {
            article: embargoed,
            until: Some(copydesk_newsroom::op::EmbargoUntil {
                wall: "2099-05-01 08:00".into(),
                zone: "UTC".into(),
                disambiguation: None,
            }),
        },
    )));
    ops.push(sched(
        embargoed,
        "2099-05-01 07:00",
        Some("agreed with the source"),
    ));
    ops.extend(ready(later, "Later"));
    ops.push(sched(later, "2099-05-01 09:00", None));
    applied(&e, ops);

    let publishes = |id: &str| -> i64 {
        sql_i64(
            &n.db,
            &format!("SELECT count(*) FROM transitions WHERE action = 'publish' {id}"),
        )
    };
    // Nothing is published early: give both schedulers many ticks.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(publishes(""), 0, "nothing is due before 07:00");

    // 07:00:30: every due story, once. Meanwhile four more passes race the two servers'.
    clock.set("2099-05-01T07:00:30Z".parse().unwrap());
    let now = clock.now().as_millisecond();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let by_hand: Vec<copydesk_server::scheduler::Published> = rt.block_on(async {
        let pool = copydesk_server::prepare(&config()).await.unwrap();
        let passes = (0..4).map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move {
                copydesk_server::scheduler::publish_due(&pool, now)
                    .await
                    .unwrap()
            })
        });
        futures_util::future::join_all(passes)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect()
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while publishes("") < 120 {
        assert!(
            Instant::now() < deadline,
            "{} of 120 published",
            publishes("")
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(publishes(""), 120, "each due story once, none more");
    assert_eq!(
        sql_i64(
            &n.db,
            "SELECT count(*) FROM (SELECT article FROM transitions WHERE action = 'publish'
              GROUP BY article HAVING count(*) > 1) twice",
        ),
        0
    );
    // The hand passes published some or none, never one the servers also did.
    let mut seen = std::collections::HashSet::new();
    for pass in &by_hand {
        assert!(pass.embargoed.contains(&embargoed));
        for id in &pass.published {
            assert!(seen.insert(*id), "published twice by hand: {id}");
        }
    }
    assert_eq!(
        sql_i64(
            &n.db,
            "SELECT count(*) FROM transitions WHERE action = 'publish'
              AND (actor <> 'scheduler' OR note <> 'published on schedule')",
        ),
        0
    );
    // Desks see it: the article feed shows the move, made by the scheduler.
    let a = article_of(&e, due[0]);
    assert_eq!(a.status, ArticleStatus::Published);
    assert_eq!(a.published_at.unwrap().to_string(), "2099-05-01T07:00:30Z");
    for (id, status) in [
        (embargoed, ArticleStatus::Scheduled),
        (later, ArticleStatus::Scheduled),
    ] {
        assert_eq!(article_of(&e, id).status, status);
    }

    // The embargo lifts at 08:00; published then, noted as late.
    clock.set("2099-05-01T08:00:01Z".parse().unwrap());
    let deadline = Instant::now() + Duration::from_secs(30);
    while article_of(&e, embargoed).status != ArticleStatus::Published {
        assert!(
            Instant::now() < deadline,
            "the embargoed story was not published"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let note = sql(
        &n.db,
        &format!(
            "SELECT note FROM transitions WHERE action = 'publish' AND article = '{embargoed}'"
        ),
    );
    assert_eq!(note.len(), 1);
    assert!(
        note[0].starts_with("published late: it was due at 2099-05-01T07:00"),
        "{note:?}"
    );
    assert_eq!(article_of(&e, later).status, ArticleStatus::Scheduled);
    drop((one, two));
}

#[test]
fn no_account_may_take_the_schedulers_name() {
    let n = Newsroom::new();
    let out = binary()
        .args([
            "--database",
            &n.db,
            "account",
            "add",
            "Scheduler",
            "--role",
            "editor",
            "--password-stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(PASSWORD.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the server's own name"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_publication_is_written_to_an_outbox_once_whichever_server_writes_it() {
    let n = Newsroom::new();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let config = |outbox: &std::path::Path| {
        let mut c = test_config(&n.db);
        c.outbox = Some(outbox.to_path_buf());
        c.scheduler_tick = Duration::from_millis(10);
        c
    };
    // Two servers, each with its own outbox folder, racing for the same publications.
    let one = InProcess::start(config(a.path()));
    let two = InProcess::start(config(b.path()));
    let e = desk(&one.url(), "eddie");
    let ids: Vec<Uuid> = (0..30).map(|_| Uuid::new_v4()).collect();
    let mut ops = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        ops.push(create(*id, &format!("Story {i}")));
        ops.push(mv(*id, Action::Submit, ArticleStatus::Draft));
        ops.push(mv(*id, Action::Approve, ArticleStatus::InReview));
        ops.push(mv(*id, Action::Publish, ArticleStatus::Ready));
    }
    // A correction (after a save) and a kill.
    ops.push(save(
        ids[0],
        1,
        "Story 0, corrected",
        Some("The corrected text."),
    ));
    ops.push(mv(ids[0], Action::Correct, ArticleStatus::Published));
    ops.push(mv(ids[1], Action::Kill, ArticleStatus::Published));
    for chunk in ops.chunks(100) {
        for r in e.push(chunk).unwrap().results {
            assert_eq!(r.outcome, OpOutcome::Applied, "{:?}", r.error);
        }
    }
    assert_eq!(sql_i64(&n.db, "SELECT count(*) FROM publications"), 32);
    let deadline = Instant::now() + Duration::from_secs(30);
    while sql_i64(
        &n.db,
        "SELECT count(*) FROM publications WHERE written_at IS NULL",
    ) > 0
    {
        assert!(Instant::now() < deadline, "publications left unwritten");
        std::thread::sleep(Duration::from_millis(20));
    }
    drop((one, two));

    // Every publication's folder is in exactly one outbox, holding every format.
    let folders = |root: &std::path::Path| -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for story in std::fs::read_dir(root).unwrap() {
            for publication in std::fs::read_dir(story.unwrap().path()).unwrap() {
                out.push(publication.unwrap().path());
            }
        }
        out
    };
    let (in_a, in_b) = (folders(a.path()), folders(b.path()));
    assert_eq!(in_a.len() + in_b.len(), 32, "{in_a:?} {in_b:?}");
    let names =
        |v: &[std::path::PathBuf], root: &std::path::Path| -> std::collections::HashSet<String> {
            v.iter()
                .map(|p| p.strip_prefix(root).unwrap().display().to_string())
                .collect()
        };
    assert!(names(&in_a, a.path()).is_disjoint(&names(&in_b, b.path())));
    for dir in in_a.iter().chain(&in_b) {
        for file in [
            "article.html",
            "article.md",
            "article.ninjs.json",
            "article.nitf.xml",
            "article.newsml.xml",
        ] {
            assert!(dir.join(file).is_file(), "{} lacks {file}", dir.display());
        }
    }
    // The files say what went out: the newsroom-wide guid, the corrected text, the kill.
    let find = |id: Uuid, kind: &str| -> std::path::PathBuf {
        in_a.iter()
            .chain(&in_b)
            .find(|p| {
                p.parent()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&id.to_string())
                    && p.file_name().unwrap().to_string_lossy() == kind
            })
            .unwrap_or_else(|| panic!("no {kind} for {id}"))
            .clone()
    };
    let ninjs: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(find(ids[2], "publish-1").join("article.ninjs.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(ninjs["uri"], format!("urn:copydesk:article:{}", ids[2]));
    assert_eq!(ninjs["headline"], "Story 2");
    let corrected =
        std::fs::read_to_string(find(ids[0], "correction-2").join("article.md")).unwrap();
    assert!(corrected.contains("The corrected text."), "{corrected}");
    let first = std::fs::read_to_string(find(ids[0], "publish-1").join("article.md")).unwrap();
    assert!(
        first.contains("First paragraph.") && !first.contains("corrected"),
        "the first publication keeps what went out then: {first}"
    );
    assert!(find(ids[1], "kill-2").join("KILL-NOTICE.txt").is_file());
}

#[test]
fn a_push_is_one_transaction_answers_repeats_inside_it_and_survives_lock_races() {
    let n = Newsroom::new();
    let server = InProcess::start(test_config(&n.db));
    let (w, e) = (desk(&server.url(), "wendy"), desk(&server.url(), "eddie"));
    // The same operation twice in one push: applied once, the repeat gets its answer.
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let first = create(a, "Ferry strike");
    let mut clash = create(b, "Another story");
    clash.op_id = first.op_id;
    let r = w
        .push(&[first.clone(), first.clone(), clash])
        .unwrap()
        .results;
    assert_eq!(r[0].outcome, OpOutcome::Applied);
    assert!(!r[0].replayed && r[1].replayed);
    assert_eq!((r[1].outcome, r[1].seq), (OpOutcome::Applied, r[0].seq));
    assert!(r[0].seq.is_some());
    assert_eq!(
        r[2].error.as_ref().map(|e| e.code),
        Some(ErrorCode::Invalid)
    );
    assert_eq!(sql_i64(&n.db, "SELECT count(*) FROM articles"), 1);
    // Each op's seq is where its effect shows: pulling up to it shows the article.
    let page = w.pull(0, 500, None).unwrap();
    assert!(page.changes.iter().any(
        |c| c.seq <= r[0].seq.unwrap() && matches!(&c.entity, Entity::Article(x) if x.id == a)
    ));

    // Two desks saving the same two stories in opposite orders at once, many times: pushes
    // that deadlock are tried again inside the server, so every push is answered.
    w.push(&[create(b, "Second")]).unwrap();
    let rounds = 15;
    let barrier = Arc::new(Barrier::new(2));
    let run = |c: Client, order: [Uuid; 2], barrier: Arc<Barrier>| {
        std::thread::spawn(move || {
            for i in 0..rounds {
                barrier.wait();
                let ops: Vec<_> = order
                    .iter()
                    .map(|id| {
                        op(OpBody::ArticleEmbargo(
                            copydesk_newsroom::op::ArticleEmbargo {
                                article: *id,
                                until: (i % 2 == 0).then(|| copydesk_newsroom::op::EmbargoUntil {
                                    wall: "2099-01-01 09:00".into(),
                                    zone: "UTC".into(),
                                    disambiguation: None,
                                }),
                            },
                        ))
                    })
                    .collect();
                let r = c.push(&ops).expect("every push is answered");
                assert!(r.results.iter().all(|r| r.outcome == OpOutcome::Applied));
            }
        })
    };
    let one = run(w, [a, b], barrier.clone());
    let two = run(e, [b, a], barrier);
    one.join().unwrap();
    two.join().unwrap();
    assert_eq!(
        sql_i64(
            &n.db,
            "SELECT count(*) FROM ops WHERE kind = 'article_embargo'"
        ),
        4 * rounds as i64
    );
}

#[test]
fn a_newsroom_from_the_first_schema_upgrades_and_keeps_folding_its_autosaves() {
    let cluster = Cluster::start();
    let db = cluster.database("old");
    // The database as the first server left it: schema 1, one story, its created revision
    // and an open autosave (the newest by seq).
    let first = include_str!("../../src/migrations/0001_newsroom.sql");
    sql(
        &db,
        &format!(
            "CREATE TABLE copydesk_schema (id INT PRIMARY KEY CHECK (id = 1), version INT NOT NULL);
             INSERT INTO copydesk_schema VALUES (1, 1);
             {first}"
        ),
    );
    add_account_raw(&db);
    let story = Uuid::new_v4();
    let now = jiff::Timestamp::now().as_millisecond();
    sql(
        &db,
        &format!(
            "INSERT INTO articles (id, slug, headline, standfirst, byline, dateline, section, body,
               tags, urgency, status, author, word_count, version, created_at, updated_at, seq)
             VALUES ('{story}', '', 'Old', '', '', '', '', 'Draft two', '{{}}', 5, 'draft',
               'wendy', 2, 2, {now}, {now}, 3);
             INSERT INTO revisions (id, article, version, kind, author, created_at, updated_at,
               headline, standfirst, body, tags, seq)
             VALUES ('{}', '{story}', 1, 'created', 'wendy', {now}, {now}, 'Old', '', 'Draft', '{{}}', 1),
                    ('{}', '{story}', 2, 'autosave', 'wendy', {now}, {now}, 'Old', '', 'Draft two', '{{}}', 2);
             UPDATE seq_counter SET value = 3;",
            Uuid::new_v4(),
            Uuid::new_v4()
        ),
    );
    let server = InProcess::start(test_config(&db));
    assert_eq!(
        sql_i64(&db, "SELECT version FROM copydesk_schema"),
        i64::from(copydesk_server::SCHEMA_VERSION)
    );
    assert_eq!(
        sql_i64(&db, "SELECT count(*) FROM revisions WHERE made = seq"),
        2
    );
    // The next autosave folds into the old open one; a new revision goes after both.
    let w = desk(&server.url(), "wendy");
    let mut autosave = save(story, 2, "Old", Some("Draft three"));
    if let OpBody::ArticleSave(s) = &mut autosave.op {
        s.autosave = true;
    }
    let r = w
        .push(&[autosave, save(story, 3, "Old", Some("Draft four"))])
        .unwrap();
    assert!(
        r.results.iter().all(|r| r.outcome == OpOutcome::Applied),
        "{r:?}"
    );
    assert_eq!(
        sql(
            &db,
            "SELECT kind || ':' || body FROM revisions ORDER BY made"
        ),
        vec!["created:Draft", "autosave:Draft three", "save:Draft four"]
    );
}

/// `wendy`, a writer, added the way the server's CLI does (the CLI would migrate first).
fn add_account_raw(db: &str) {
    let hash = copydesk_server::auth::hash_password(PASSWORD).unwrap();
    sql(
        db,
        &format!(
            "INSERT INTO accounts (name, role, password_hash, created_at) VALUES ('wendy', 'writer', '{hash}', 0)"
        ),
    );
}

/// A create whose article id is taken is refused and writes nothing (it runs without a
/// savepoint: its story and revision are one statement), while the rest of its push applies.
#[test]
fn a_create_with_a_taken_id_is_refused_and_writes_nothing() {
    let n = Newsroom::new();
    let server = InProcess::start(test_config(&n.db));
    let w = desk(&server.url(), "wendy");
    let id = Uuid::new_v4();
    let first = w.push(&[create(id, "The first story")]).unwrap();
    assert_eq!(first.results[0].outcome, OpOutcome::Applied);
    let other = Uuid::new_v4();
    let again = w
        .push(&[
            create(id, "Someone else's story, same id"),
            create(other, "A story of its own"),
            mv(other, Action::Submit, ArticleStatus::Draft),
        ])
        .unwrap();
    let outcomes: Vec<OpOutcome> = again.results.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [OpOutcome::Refused, OpOutcome::Applied, OpOutcome::Applied]
    );
    let error = again.results[0].error.as_ref().unwrap();
    assert_eq!(error.code, ErrorCode::Invalid);
    assert!(error.message.contains("already taken"), "{}", error.message);
    assert_eq!(
        sql(
            &n.db,
            &format!("SELECT headline FROM articles WHERE id = '{id}'")
        ),
        ["The first story"]
    );
    assert_eq!(
        sql_i64(
            &n.db,
            &format!("SELECT count(*) FROM revisions WHERE article = '{id}'")
        ),
        1
    );
    assert_eq!(
        sql(
            &n.db,
            &format!("SELECT status FROM articles WHERE id = '{other}'")
        ),
        ["in_review"]
    );
}
