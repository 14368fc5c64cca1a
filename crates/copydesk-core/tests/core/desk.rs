//! The desk against real SQLite files in temporary folders.
use copydesk_core::store::{Store, LATEST_SCHEMA};
use copydesk_core::{ArticleEdit, Change, ErrorCode};
use std::sync::{Arc, Mutex};

use crate::common::{clock, draft, edit, open};

fn edit_of(a: &copydesk_core::Article) -> ArticleEdit {
    edit(a, &a.body, false)
}

#[test]
fn a_draft_survives_closing_and_reopening_the_desk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = {
        let desk = open(dir.path(), clock());
        let a = desk
            .create_article(draft(
                "  Council approves budget ",
                "The council *approved* it.",
                &["Politics"],
            ))
            .expect("create");
        assert_eq!(a.headline, "Council approves budget");
        assert_eq!(a.word_count, 4);
        assert_eq!(a.author, "ana");
        assert_eq!(a.version, 1);
        a.id
    };
    let desk = open(dir.path(), clock());
    let list = desk.articles().expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, id);
    assert_eq!(list[0].tags, vec!["Politics".to_string()]);
    let a = desk.article(id).expect("get");
    assert_eq!(a.body, "The council *approved* it.");
    assert_eq!(a.created_at.to_string(), "2026-11-29T09:00:00Z");
}

#[test]
fn a_headline_is_required_and_urgency_is_bounded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    let err = desk.create_article(draft("   ", "x", &[])).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid);
    let mut d = draft("Flash", "", &[]);
    d.urgency = Some(9);
    assert_eq!(
        desk.create_article(d).unwrap_err().code(),
        ErrorCode::Invalid
    );
    assert!(desk.articles().expect("list").is_empty());
}

#[test]
fn tags_are_unique_whatever_their_case() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    let a = desk
        .create_article(draft("A", "", &["Brexit", "brexit", " ", "Economy"]))
        .expect("create");
    assert_eq!(a.tags, vec!["Brexit", "Economy"]);
    let b = desk
        .create_article(draft("B", "", &["BREXIT"]))
        .expect("create");
    // The first spelling is the tag's name.
    assert_eq!(b.tags, vec!["Brexit"]);
    let n: i64 = desk
        .store()
        .read(|c| Ok(c.query_row("SELECT count(*) FROM tags", [], |r| r.get(0))?))
        .expect("count");
    assert_eq!(n, 2);
}

#[test]
fn a_stale_save_is_refused_and_the_newer_text_stays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = clock();
    let desk = open(dir.path(), clock.clone());
    let a = desk
        .create_article(draft("Storm", "first", &[]))
        .expect("create");
    clock.advance(jiff::SignedDuration::from_secs(60));
    let mut mine = edit_of(&a);
    mine.body = "mine".into();
    let saved = desk.save_article(mine).expect("save");
    assert_eq!(saved.version, 2);
    assert_eq!(saved.updated_at.to_string(), "2026-11-29T09:01:00Z");

    let mut theirs = edit_of(&a); // still based on version 1
    theirs.body = "theirs".into();
    let err = desk.save_article(theirs).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(desk.article(a.id).expect("get").body, "mine");
    // Both texts are kept: the losing one as a conflict revision.
    let kept = desk
        .revisions(a.id)
        .expect("revisions")
        .into_iter()
        .find(|r| r.kind == copydesk_core::RevisionKind::Conflict)
        .expect("conflict revision");
    assert_eq!(kept.body, "theirs");
    assert!(
        err.to_string().contains(&format!("revision {}", kept.id)),
        "{err}"
    );

    let mut missing = edit_of(&a);
    missing.id = 999;
    assert_eq!(
        desk.save_article(missing).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn every_committed_write_is_announced_and_failed_ones_are_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    let seen: Arc<Mutex<Vec<Change>>> = Arc::default();
    let sink = seen.clone();
    desk.on_change(move |c| sink.lock().expect("lock").push(c.clone()));
    let a = desk.create_article(draft("One", "", &[])).expect("create");
    let refused = desk.create_article(draft("", "", &[]));
    assert!(
        refused.is_err(),
        "an empty article must be refused: {refused:?}"
    );
    let mut e = edit_of(&a);
    e.headline = "One, updated".into();
    desk.save_article(e).expect("save");
    let seen = seen.lock().expect("lock");
    assert_eq!(seen.len(), 2);
    assert!(matches!(&seen[0], Change::ArticleCreated { article } if article.headline == "One"));
    assert!(
        matches!(&seen[1], Change::ArticleSaved { article } if article.headline == "One, updated" && article.version == 2)
    );
}

#[test]
fn the_database_uses_wal_with_full_sync() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    desk.store()
        .write(|tx| {
            let mode: String = tx.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            let sync: i64 = tx.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
            assert_eq!(mode, "wal");
            assert_eq!(sync, 2, "synchronous=FULL");
            Ok(())
        })
        .expect("pragmas");
}

/// Saves never run the WAL checkpoint themselves (it was the autosave p99); a background
/// thread copies the WAL into the database once writes pause.
#[test]
fn the_wal_is_copied_into_the_database_in_the_background() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    let database = desk.store().path().to_path_buf();
    let size = || std::fs::metadata(&database).expect("database").len();
    let before = size();
    let body = "The harbour wall gave way overnight. ".repeat(20_000); // ~740 KB
    desk.create_article(draft("Storm", &body, &[]))
        .expect("create");
    let checkpointed = |limit: std::time::Duration| {
        let began = std::time::Instant::now();
        while began.elapsed() < limit {
            if size() > before + 500_000 {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        false
    };
    // Under the automatic checkpoint alone (10,000 pages) this text would stay in the WAL.
    assert!(
        checkpointed(std::time::Duration::from_secs(10)),
        "the database file did not grow: {} -> {}",
        before,
        size()
    );
    let autocheckpoint: i64 = desk
        .store()
        .write(|tx| Ok(tx.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?))
        .expect("pragma");
    assert_eq!(autocheckpoint, 10_000);
}

#[test]
fn a_database_from_a_newer_copydesk_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("copydesk.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.execute_batch(&format!(
            "CREATE TABLE future (x); PRAGMA user_version = {};",
            LATEST_SCHEMA + 1
        ))
        .expect("future schema");
    }
    let before = std::fs::read(&path).expect("read");
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DatabaseTooNew);
    assert!(err.to_string().contains("newer Copydesk"), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert!(!dir.path().join("copydesk.sqlite3-wal").exists());
}

#[test]
fn tag_autocomplete_counts_uses_and_takes_typed_text_literally() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    desk.create_article(draft("A", "", &["Politics", "Police"]))
        .expect("create");
    desk.create_article(draft("B", "", &["politics", "100% Sport"]))
        .expect("create");
    let found = desk.tags("pol", 10).expect("tags");
    let names: Vec<_> = found
        .iter()
        .map(|t| (t.name.as_str(), t.articles))
        .collect();
    assert_eq!(names, [("Politics", 2), ("Police", 1)]);
    assert_eq!(desk.tags("100%", 10).expect("tags").len(), 1);
    assert!(desk.tags("_", 10).expect("tags").is_empty());
    assert_eq!(desk.tags("", 10).expect("tags").len(), 3);
}
