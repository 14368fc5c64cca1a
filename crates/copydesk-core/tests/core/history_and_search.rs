//! Revisions, restore, diff, full-text search and migrating an old database: real SQLite files.
use copydesk_core::store::{Store, MIGRATIONS};
use copydesk_core::{Desk, DiffOp, HitKind, IncomingFile, RevisionKind};
use jiff::SignedDuration;

use crate::common::{clock, draft, edit, open};

#[test]
fn autosaves_coalesce_saves_do_not_and_restore_is_a_new_revision() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = clock();
    let desk = open(dir.path(), clock.clone());
    let mut a = desk
        .create_article(draft("Budget", "v1", &[]))
        .expect("create");
    for body in ["v2", "v3", "v4"] {
        clock.advance(SignedDuration::from_secs(30));
        a = desk.save_article(edit(&a, body, true)).expect("autosave");
    }
    let id = a.id;
    let kinds = |desk: &Desk| -> Vec<RevisionKind> {
        desk.revisions(id)
            .expect("revisions")
            .iter()
            .map(|r| r.kind)
            .collect()
    };
    assert_eq!(
        kinds(&desk),
        [RevisionKind::Autosave, RevisionKind::Created]
    );
    assert_eq!(desk.revisions(a.id).expect("revisions")[0].body, "v4");

    // Past the coalescing window a new autosave revision starts.
    clock.advance(SignedDuration::from_mins(6));
    a = desk.save_article(edit(&a, "v5", true)).expect("autosave");
    a = desk.save_article(edit(&a, "v6", false)).expect("save");
    assert_eq!(
        kinds(&desk),
        [
            RevisionKind::Save,
            RevisionKind::Autosave,
            RevisionKind::Autosave,
            RevisionKind::Created
        ]
    );

    let first = desk
        .revisions(a.id)
        .expect("revisions")
        .pop()
        .expect("first");
    let restored = desk.restore_revision(first.id).expect("restore");
    assert_eq!(restored.body, "v1");
    assert_eq!(restored.version, a.version + 1);
    let revisions = desk.revisions(a.id).expect("revisions");
    assert_eq!(revisions[0].kind, RevisionKind::Restore);
    assert_eq!(revisions.len(), 5, "restoring keeps the history");

    let diff = desk
        .diff_revisions(revisions[1].id, revisions[0].id)
        .expect("diff");
    assert!(diff
        .iter()
        .any(|c| c.op == DiffOp::Delete && c.text == "v6"));
    assert!(diff
        .iter()
        .any(|c| c.op == DiffOp::Insert && c.text == "v1"));
}

#[test]
fn search_finds_drafts_and_wire_ranked_with_highlights() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    let bridge = desk
        .create_article(draft(
            "Harbour bridge to close",
            "Repairs start Monday.",
            &["Transport"],
        ))
        .expect("create");
    desk.create_article(draft(
        "Council meets",
        "The harbour master spoke briefly.",
        &[],
    ))
    .expect("create");
    desk.import_file(IncomingFile {
        name: "wire.txt",
        bytes: b"Storm hits harbour town\n\nWaves damaged the harbour wall overnight.\n",
    })
    .expect("import");

    let hits = desk.search("harbour", 20).expect("search");
    assert_eq!(hits.len(), 3, "{hits:?}");
    assert_eq!(hits[0].id, bridge.id, "a headline match ranks first");
    assert!(hits.iter().any(|h| h.kind == HitKind::Wire));
    assert!(hits.iter().all(|h| h.snippet.contains('\u{E000}')));

    // Prefix matching while typing, tags, and later edits.
    assert_eq!(desk.search("harb", 20).expect("search").len(), 3);
    assert_eq!(desk.search("transp", 20).expect("search")[0].id, bridge.id);
    let mut e = edit(&bridge, "Repairs start Tuesday.", false);
    e.headline = "Quay bridge to close".into();
    desk.save_article(e).expect("save");
    assert_eq!(desk.search("tuesday", 20).expect("search").len(), 1);
    assert_eq!(desk.search("monday", 20).expect("search").len(), 0);
}

#[test]
fn autosaved_text_is_found_by_the_next_search_even_after_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = clock();
    {
        let desk = open(dir.path(), clock.clone());
        let a = desk
            .create_article(draft("Ferry timetable", "Boats leave at noon.", &[]))
            .expect("create");
        let a = desk
            .save_article(edit(&a, "Boats leave at dusk from the lighthouse.", true))
            .expect("autosave");
        let pending: i64 = desk
            .store()
            .read(|c| Ok(c.query_row("SELECT count(*) FROM search_pending", [], |r| r.get(0))?))
            .expect("count");
        assert_eq!(
            pending, 1,
            "an autosave leaves re-indexing to the next search"
        );
        assert_eq!(desk.search("lighthouse", 5).expect("search").len(), 1);
        assert_eq!(desk.search("noon", 5).expect("search").len(), 0);
        // Typing on; the desk is closed before anyone searches again.
        desk.save_article(edit(&a, "Boats leave at dawn from the pier.", true))
            .expect("autosave");
    }
    let desk = open(dir.path(), clock);
    assert_eq!(desk.search("pier", 5).expect("search").len(), 1);
    assert_eq!(desk.search("lighthouse", 5).expect("search").len(), 0);
}

/// A query matching more articles than the rank window ranks only the newest of them: an old
/// article with the word in its headline loses to newer ones mentioning it in passing.
#[test]
fn very_common_words_rank_the_newest_matches() {
    use copydesk_core::search::RANK_WINDOW;
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    let old = desk
        .create_article(draft("Tide tables", "Tide tables for the week.", &[]))
        .expect("create");
    // One transaction for the filler (3,000 create_article calls would fsync 3,000 times).
    desk.store()
        .write(|tx| {
            for i in 0..RANK_WINDOW + 50 {
                tx.execute(
                    "INSERT INTO articles (slug, headline, standfirst, byline, dateline, section,
                                          body, urgency, status, author, word_count, version,
                                          created_at, updated_at)
                     VALUES ('', ?1, '', '', '', '', 'A note on the tide.', 5, 'draft', 'ana',
                             5, 1, 0, 0)",
                    [format!("Harbour notice {i}")],
                )?;
                tx.execute(
                    "INSERT INTO search_index (rowid, headline, standfirst, body, tags)
                     SELECT id * 2, headline, standfirst, body, '' FROM articles WHERE id = ?1",
                    [tx.last_insert_rowid()],
                )?;
            }
            Ok(())
        })
        .expect("filler");
    let hits = desk.search("tide", 20).expect("search");
    assert_eq!(hits.len(), 20);
    assert!(hits.iter().all(|h| h.id != old.id), "outside the window");
    // A rarer word is ranked over all its matches: the old headline match still comes first.
    assert_eq!(desk.search("tables", 20).expect("search")[0].id, old.id);
    let newer = desk
        .create_article(draft("Tide tables corrected", "New tide tables.", &[]))
        .expect("create");
    assert_eq!(desk.search("tide", 20).expect("search")[0].id, newer.id);
}

#[test]
fn hostile_search_strings_never_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    desk.create_article(draft(
        "It's a multi-agent NEAR miss",
        "AND the \"quote\" *stars* 🎉",
        &[],
    ))
    .expect("create");
    for query in [
        "\"unbalanced",
        "AND",
        "it's",
        "multi-agent",
        "*",
        "NEAR(",
        "🎉",
        "\"",
        "OR OR",
        "NOT",
        "a:b",
        "^start",
        "col:value",
        "(((",
        "''",
        "\\",
        "",
        "   ",
        "-",
        "{}",
    ] {
        let result = desk.search(query, 10);
        assert!(result.is_ok(), "{query:?}: {result:?}");
    }
    assert_eq!(desk.search("it's", 10).expect("search").len(), 1);
    assert_eq!(desk.search("multi-agent", 10).expect("search").len(), 1);
    assert_eq!(desk.search("AND", 10).expect("search").len(), 1);
}

#[test]
fn a_database_from_the_first_schema_is_migrated_and_keeps_its_drafts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("copydesk.sqlite3");
    {
        // A database exactly as version 1 of the schema left it.
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.execute_batch(MIGRATIONS[0].sql).expect("schema 1");
        conn.execute_batch(
            "INSERT INTO articles (headline, body, created_at, updated_at)
                VALUES ('Old draft about lighthouses', 'Kept from before.', 1, 1);
             INSERT INTO tags (name) VALUES ('Coast');
             INSERT INTO article_tags VALUES (1, 1, 0);
             PRAGMA user_version = 1;",
        )
        .expect("old data");
    }
    drop(Store::open(&path).expect("migrate"));
    let desk = open(dir.path(), clock());
    let a = desk.article(1).expect("old draft");
    assert_eq!(a.headline, "Old draft about lighthouses");
    assert_eq!(a.tags, ["Coast"]);
    assert_eq!(a.wire_item_id, None);
    assert_eq!(desk.search("lighthouse", 5).expect("search").len(), 1);
    assert_eq!(desk.search("coast", 5).expect("search").len(), 1);
    let revisions = desk.revisions(1).expect("revisions");
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].kind, RevisionKind::Created);
}

/// Wire copy indexed while drafts and wire shared one index (schema 8) is moved to the wire's
/// own index by migration 9 and stays findable, as a wire hit.
#[test]
fn wire_copy_indexed_before_schema_9_is_still_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("copydesk.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        for m in MIGRATIONS.iter().filter(|m| m.version <= 8) {
            conn.execute_batch(m.sql).expect("schema");
        }
        // An import as schema 8 stored it; its trigger indexed the item as rowid id * 2 + 1.
        conn.execute_batch(
            "INSERT INTO wire_files (id, name, size, received_at, outcome)
                VALUES (1, 'storm.txt', 10, 1, 'imported');
             INSERT INTO wire_stories (id, first_at, updated_at) VALUES (1, 1, 1);
             INSERT INTO wire_items (id, story_id, file_id, position, version, role, format,
                                     encoding, headline, body, pub_status, received_at)
                VALUES (7, 1, 1, 0, 1, 'new', 'text', 'utf-8', 'Storm hits harbour town',
                        'Waves damaged the wall.', 'usable', 1);
             PRAGMA user_version = 8;",
        )
        .expect("old data");
        let old: i64 = conn
            .query_row(
                "SELECT rowid FROM search_index WHERE search_index MATCH 'storm'",
                [],
                |r| r.get(0),
            )
            .expect("indexed the old way");
        assert_eq!(old, 15);
    }
    let desk = open(dir.path(), clock());
    let hits = desk.search("storm", 5).expect("search");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        (hits[0].kind, hits[0].id, hits[0].story_id),
        (HitKind::Wire, 7, Some(1))
    );
    let odd: i64 = desk
        .store()
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM search_index WHERE rowid & 1 = 1",
                [],
                |r| r.get(0),
            )?)
        })
        .expect("count");
    assert_eq!(odd, 0, "wire rows left the drafts' index");
}

/// Migration 10 gives every existing article, revision, comment and logged move its own
/// newsroom id (a UUID per row, not one for all), and keeps the revisions' text.
#[test]
fn a_schema_9_database_gets_a_newsroom_id_per_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("copydesk.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        for m in MIGRATIONS.iter().filter(|m| m.version <= 9) {
            conn.execute_batch(m.sql).expect("schema");
        }
        conn.execute_batch(
            "INSERT INTO articles (headline, body, created_at, updated_at)
                VALUES ('One', 'a', 1, 1), ('Two', 'b', 1, 1), ('Three', 'c', 1, 1);
             INSERT INTO revisions (article_id, version, kind, author, created_at, updated_at,
                                    headline, standfirst, body)
                VALUES (1, 1, 'created', 'ana', 1, 1, 'One', '', 'a'),
                       (1, 2, 'conflict', 'ben', 2, 2, 'One', '', 'kept text');
             INSERT INTO comments (article_id, author, body, created_at)
                VALUES (1, 'ana', 'first', 1), (2, 'ben', 'second', 1);
             INSERT INTO transitions (article_id, action, from_status, to_status, actor, role, at)
                VALUES (1, 'submit', 'draft', 'in_review', 'ana', 'writer', 1),
                       (2, 'submit', 'draft', 'in_review', 'ben', 'writer', 1);
             PRAGMA user_version = 9;",
        )
        .expect("old data");
    }
    drop(Store::open(&path).expect("migrate"));
    let conn = rusqlite::Connection::open(&path).expect("open");
    for table in ["articles", "revisions", "comments", "transitions"] {
        let (rows, distinct, shaped): (i64, i64, i64) = conn
            .query_row(
                &format!(
                    "SELECT count(*), count(DISTINCT uuid),
                            sum(uuid GLOB '????????-????-4???-????-????????????')
                       FROM {table}"
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("count");
        assert!(rows >= 2, "{table}");
        assert_eq!(
            (distinct, shaped),
            (rows, rows),
            "{table}: one UUID per row"
        );
    }
    let desk = open(dir.path(), clock());
    let kept = desk.revisions(1).expect("revisions");
    assert!(kept.iter().any(|r| r.body == "kept text"));
    let uuids: Vec<String> = (1..=3)
        .map(|id| desk.article(id).expect("article").uuid)
        .collect();
    assert_eq!(
        uuids.iter().collect::<std::collections::HashSet<_>>().len(),
        3
    );
}
