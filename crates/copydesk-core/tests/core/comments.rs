//! Editorial comments against real SQLite files: threads, replies, who may edit and delete,
//! placeholders for deleted comments, resolving, events, and migrating an older database.
use copydesk_core::store::{Store, LATEST_SCHEMA, MIGRATIONS};
use copydesk_core::{Action, Change, Desk, ErrorCode, ManualClock, Role, MAX_COMMENT_CHARS};
use jiff::SignedDuration;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::common::{clock, desk_as, draft};

/// Two people at desks on the same database: a writer and an editor.
struct Newsroom {
    dir: tempfile::TempDir,
    clock: Arc<ManualClock>,
    ana: Desk,
    ed: Desk,
}

fn newsroom() -> Newsroom {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = clock();
    let ana = desk_as(dir.path(), clock.clone(), "ana", Role::Writer);
    let ed = desk_as(dir.path(), clock.clone(), "ed", Role::Editor);
    Newsroom {
        dir,
        clock,
        ana,
        ed,
    }
}

fn minute(n: &Newsroom) {
    n.clock.advance(SignedDuration::from_mins(1));
}

fn events(desk: &Desk) -> Arc<Mutex<Vec<Change>>> {
    let seen: Arc<Mutex<Vec<Change>>> = Arc::default();
    let sink = seen.clone();
    desk.on_change(move |c| sink.lock().expect("lock").push(c.clone()));
    seen
}

#[test]
fn a_thread_and_its_replies_read_oldest_first() {
    let n = newsroom();
    let a = n
        .ana
        .create_article(draft("Harbour bridge to close", "Body.", &[]))
        .expect("create");
    let first =
        n.ed.add_comment(a.id, "  Who confirmed the closure date?\n", None)
            .expect("comment");
    assert_eq!(first.body, "Who confirmed the closure date?");
    assert_eq!(first.author, "ed");
    assert_eq!(first.parent_id, None);
    assert_eq!(first.created_at.to_string(), "2026-11-29T09:00:00Z");
    minute(&n);
    let answer = n
        .ana
        .add_comment(a.id, "The port authority, by phone.", Some(first.id))
        .expect("reply");
    minute(&n);
    let second = n
        .ana
        .add_comment(a.id, "Photo needs a credit.", None)
        .expect("second thread");
    minute(&n);
    // An answer to the answer stays in the first thread, remembering what it answers.
    let follow_up =
        n.ed.add_comment(a.id, "Get it in writing, please.", Some(answer.id))
            .expect("reply to a reply");
    assert_eq!(follow_up.parent_id, Some(first.id));
    assert_eq!(follow_up.reply_to, Some(answer.id));

    let threads = n.ana.comments(a.id).expect("list");
    assert_eq!(
        threads.iter().map(|t| t.id).collect::<Vec<_>>(),
        [first.id, second.id]
    );
    let replies: Vec<_> = threads[0].replies.iter().map(|c| c.id).collect();
    assert_eq!(replies, [answer.id, follow_up.id]);
    assert!(threads[1].replies.is_empty());
    // "mine" is from the reader's side.
    assert!(threads[0].replies[0].mine);
    assert!(!threads[0].root.mine);
    assert!(n.ed.comments(a.id).expect("list")[0].root.mine);

    // Insertion order, not the clock, decides: a clock set back does not reorder the thread.
    n.clock.advance(SignedDuration::from_hours(-2));
    let late = n
        .ana
        .add_comment(a.id, "Done.", Some(first.id))
        .expect("reply");
    let thread = n.ana.comment_thread(late.id).expect("thread");
    assert_eq!(thread.id, first.id);
    assert_eq!(thread.replies.last().map(|c| c.id), Some(late.id));
}

#[test]
fn empty_and_overlong_comments_are_refused_and_replies_stay_on_their_article() {
    let n = newsroom();
    let a = n.ana.create_article(draft("One", "", &[])).expect("create");
    let b = n.ana.create_article(draft("Two", "", &[])).expect("create");
    for blank in ["", "   ", "\n\t \n"] {
        let err = n.ana.add_comment(a.id, blank, None).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid);
        assert_eq!(err.to_string(), "a comment needs some text");
    }
    let err = n
        .ana
        .add_comment(a.id, &"x".repeat(MAX_COMMENT_CHARS + 1), None)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid);
    assert!(
        err.to_string().contains("at most 10000 characters"),
        "{err}"
    );
    assert!(n
        .ana
        .add_comment(a.id, &"x".repeat(MAX_COMMENT_CHARS), None)
        .is_ok());

    let err = n.ana.add_comment(999, "Hello", None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    let err = n.ana.add_comment(a.id, "Hello", Some(999)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    let on_a = n.ana.add_comment(a.id, "On A", None).expect("comment");
    let err = n.ana.add_comment(b.id, "On B", Some(on_a.id)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid);
    assert_eq!(n.ana.comments(b.id).expect("list").len(), 0);
    assert_eq!(n.ana.comments(999).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn only_the_author_edits_or_deletes_a_comment() {
    let n = newsroom();
    let a = n.ana.create_article(draft("One", "", &[])).expect("create");
    let c =
        n.ed.add_comment(a.id, "Cut the third par.", None)
            .expect("comment");

    let err = n.ana.edit_comment(c.id, "Keep the third par.").unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotAuthor);
    assert_eq!(err.code().as_str(), "not_author");
    assert_eq!(err.to_string(), "only ed can edit this comment");
    let err = n.ana.delete_comment(c.id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotAuthor);
    // An editor's role does not make someone else's words theirs either.
    let r = n.ana.add_comment(a.id, "Why?", Some(c.id)).expect("reply");
    assert_eq!(
        n.ed.edit_comment(r.id, "Why not?").unwrap_err().code(),
        ErrorCode::NotAuthor
    );

    minute(&n);
    let edited =
        n.ed.edit_comment(c.id, " Cut the fourth par. ")
            .expect("edit");
    assert_eq!(edited.body, "Cut the fourth par.");
    assert_eq!(
        edited.edited_at.map(|t| t.to_string()).as_deref(),
        Some("2026-11-29T09:01:00Z")
    );
    assert_eq!(edited.created_at.to_string(), "2026-11-29T09:00:00Z");
    assert_eq!(
        n.ed.edit_comment(c.id, "  ").unwrap_err().code(),
        ErrorCode::Invalid
    );
    let stored = n.ana.comment_thread(c.id).expect("thread");
    assert_eq!(stored.root.body, "Cut the fourth par.");
}

#[test]
fn deleting_a_comment_with_replies_leaves_a_placeholder_until_nothing_needs_it() {
    let n = newsroom();
    let a = n.ana.create_article(draft("One", "", &[])).expect("create");
    let root =
        n.ed.add_comment(a.id, "Is the figure right?", None)
            .expect("root");
    let reply = n
        .ana
        .add_comment(a.id, "Yes, checked.", Some(root.id))
        .expect("reply");

    // The root has a reply: it stays, without its text, marked deleted.
    let after =
        n.ed.delete_comment(root.id)
            .expect("delete")
            .expect("thread");
    assert_eq!(after.root.body, "");
    assert!(after.root.deleted_at.is_some());
    assert_eq!(after.replies.len(), 1);
    let listed = n.ana.comments(a.id).expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].root.body, "", "the deleted text is not kept");
    assert_eq!(listed[0].replies[0].body, "Yes, checked.");
    // Deleting again changes nothing; a placeholder cannot be edited back to life.
    assert!(n.ed.delete_comment(root.id).expect("again").is_some());
    assert_eq!(
        n.ed.edit_comment(root.id, "Back").unwrap_err().code(),
        ErrorCode::Invalid
    );

    // The last reply goes: nothing needs the placeholder, so the whole thread is gone.
    assert!(n.ana.delete_comment(reply.id).expect("delete").is_none());
    assert!(n.ana.comments(a.id).expect("list").is_empty());

    // A reply that another reply answers also stays as a placeholder.
    let root = n.ed.add_comment(a.id, "Source?", None).expect("root");
    let answer = n
        .ana
        .add_comment(a.id, "Council minutes.", Some(root.id))
        .expect("r1");
    let follow =
        n.ed.add_comment(a.id, "Which meeting?", Some(answer.id))
            .expect("r2");
    let t = n
        .ana
        .delete_comment(answer.id)
        .expect("delete")
        .expect("thread");
    assert_eq!(t.replies.len(), 2);
    assert!(t.replies[0].deleted_at.is_some());
    assert_eq!(t.replies[1].reply_to, Some(answer.id));
    // A comment nothing answers is simply removed, and its placeholder goes with it.
    let t =
        n.ed.delete_comment(follow.id)
            .expect("delete")
            .expect("thread");
    assert!(t.replies.is_empty());
    assert_eq!(t.root.body, "Source?");
}

#[test]
fn anyone_resolves_a_thread_and_it_can_be_reopened() {
    let n = newsroom();
    let a = n.ana.create_article(draft("One", "", &[])).expect("create");
    let root =
        n.ed.add_comment(a.id, "Add the council's reply.", None)
            .expect("root");
    let other =
        n.ed.add_comment(a.id, "Headline too long.", None)
            .expect("other");
    let reply = n
        .ana
        .add_comment(a.id, "Added.", Some(root.id))
        .expect("reply");
    let seen = events(&n.ana);

    minute(&n);
    // The writer who acted on the note settles it, from any comment in the thread.
    let t = n.ana.resolve_thread(reply.id).expect("resolve");
    assert_eq!(t.id, root.id);
    assert_eq!(t.resolved_by.as_deref(), Some("ana"));
    assert_eq!(
        t.resolved_at.map(|t| t.to_string()).as_deref(),
        Some("2026-11-29T09:01:00Z")
    );
    // Twice is the same as once: the first resolver is kept and nothing is announced.
    minute(&n);
    let again = n.ed.resolve_thread(root.id).expect("resolve again");
    assert_eq!(again.resolved_by.as_deref(), Some("ana"));
    {
        let seen = seen.lock().expect("lock");
        assert_eq!(seen.len(), 1);
        assert!(matches!(
            &seen[0],
            Change::CommentsChanged { article_id, thread_id, thread: Some(t), open_threads: 1 }
                if *article_id == a.id && *thread_id == root.id && t.resolved_at.is_some()
        ));
    }

    let t = n.ed.reopen_thread(root.id).expect("reopen");
    assert_eq!(t.resolved_at, None);
    assert_eq!(t.resolved_by, None);

    // A reply to a resolved thread opens it again.
    n.ed.resolve_thread(other.id).expect("resolve");
    n.ana
        .add_comment(a.id, "Shortened it.", Some(other.id))
        .expect("reply");
    let threads = n.ana.comments(a.id).expect("list");
    assert!(threads.iter().all(|t| t.resolved_at.is_none()));
    assert_eq!(
        n.ana.resolve_thread(12345).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn every_comment_write_is_announced_with_the_thread_and_the_open_count() {
    let n = newsroom();
    let a = n.ana.create_article(draft("One", "", &[])).expect("create");
    let seen = events(&n.ana);
    let c = n.ana.add_comment(a.id, "First", None).expect("add");
    let refused = n.ana.add_comment(a.id, " ", None);
    assert!(
        refused.is_err(),
        "a blank comment must be refused: {refused:?}"
    );
    n.ana.edit_comment(c.id, "First!").expect("edit");
    n.ana.edit_comment(c.id, "First!").expect("same text");
    n.ana.resolve_thread(c.id).expect("resolve");
    n.ana.delete_comment(c.id).expect("delete");
    let seen = seen.lock().expect("lock");
    let summary: Vec<(Option<String>, u32)> = seen
        .iter()
        .map(|change| match change {
            Change::CommentsChanged {
                thread,
                open_threads,
                thread_id,
                ..
            } => {
                assert_eq!(*thread_id, c.id);
                (thread.as_ref().map(|t| t.root.body.clone()), *open_threads)
            }
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        summary,
        [
            (Some("First".into()), 1),
            (Some("First!".into()), 1),
            (Some("First!".into()), 0),
            (None, 0),
        ]
    );
}

#[test]
fn comments_stay_private_to_the_newsroom() {
    let n = newsroom();
    let a = n
        .ana
        .create_article(draft("Tide tables", "The harbour opens at dawn.", &[]))
        .expect("create");
    n.ed.add_comment(a.id, "<script>alert('zebra')</script> check quokka", None)
        .expect("comment");
    // Stored and returned exactly as typed: the UI shows it as text.
    let threads = n.ana.comments(a.id).expect("list");
    assert_eq!(
        threads[0].root.body,
        "<script>alert('zebra')</script> check quokka"
    );
    // Not in search, not in the published files.
    assert!(n.ana.search("quokka", 10).expect("search").is_empty());
    n.ana.act(a.id, Action::Submit, "").expect("submit");
    n.ed.act(a.id, Action::Approve, "").expect("approve");
    n.ed.publish(a.id, None).expect("publish");
    let mut files = 0;
    for entry in walk(&n.dir.path().join("Outbox")) {
        files += 1;
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        assert!(!text.contains("quokka"), "{}", entry.display());
    }
    assert!(files > 0, "the outbox was written");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn comments_go_with_their_article() {
    // There is no article deletion in the API yet; the schema already cascades, so when there
    // is, an article's comments cannot outlive it.
    let n = newsroom();
    let a = n.ana.create_article(draft("One", "", &[])).expect("create");
    let b = n.ana.create_article(draft("Two", "", &[])).expect("create");
    let root = n.ana.add_comment(a.id, "Note", None).expect("comment");
    n.ed.add_comment(a.id, "Reply", Some(root.id))
        .expect("reply");
    n.ed.add_comment(b.id, "Other", None).expect("comment");
    n.ana
        .store()
        .write(|tx| {
            tx.execute("DELETE FROM articles WHERE id = ?1", [a.id])?;
            Ok(())
        })
        .expect("delete article");
    let left: i64 = n
        .ana
        .store()
        .read(|c| Ok(c.query_row("SELECT count(*) FROM comments", [], |r| r.get(0))?))
        .expect("count");
    assert_eq!(left, 1);
    assert_eq!(n.ana.comments(b.id).expect("list").len(), 1);
}

#[test]
fn a_version_5_database_gains_comments_and_keeps_its_articles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("copydesk.sqlite3");
    {
        // A database exactly as schema 5 left it, with a draft in it.
        let conn = rusqlite::Connection::open(&path).expect("create");
        for m in MIGRATIONS.iter().filter(|m| m.version <= 5) {
            conn.execute_batch(m.sql).expect("old schema");
        }
        conn.execute_batch(
            "INSERT INTO articles (headline, body, created_at, updated_at)
                VALUES ('Old draft about lighthouses', 'Kept from before.', 1, 1);
             PRAGMA user_version = 5;",
        )
        .expect("old data");
    }
    drop(Store::open(&path).expect("migrate"));
    let version: i64 = rusqlite::Connection::open(&path)
        .expect("open")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, LATEST_SCHEMA);

    let desk = crate::common::open(dir.path(), clock());
    assert_eq!(
        desk.article(1).expect("old draft").headline,
        "Old draft about lighthouses"
    );
    assert!(desk.comments(1).expect("none yet").is_empty());
    let c = desk.add_comment(1, "Still true?", None).expect("comment");
    assert_eq!(desk.comments(1).expect("list")[0].root.id, c.id);
}
