//! Lists read a page at a time, on real SQLite files: every order and filter paged through
//! equals the whole list sorted and filtered here; pages stay put when rows arrive; the ends.

use crate::common::{clock, draft, edit, open};
use copydesk_core::store::{Store, LATEST_SCHEMA, MIGRATIONS};
use copydesk_core::{
    ArticleFilter, ArticleKey, ArticleSort, ArticleStatus, ArticleSummary, Desk, IncomingFile,
    Page, Seek, WireFilter, WireKey,
};
use jiff::SignedDuration;

/// Every row of a list, read forwards `limit` at a time; checks each page's bookkeeping.
fn page_through(desk: &Desk, filter: &ArticleFilter, limit: u32) -> Vec<ArticleSummary> {
    let mut out = Vec::new();
    let mut page = desk
        .article_page(filter, &Seek::First, limit)
        .expect("first page");
    assert_eq!(page.start, Some(0));
    assert_eq!(page.previous, None, "nothing before the first page");
    loop {
        assert!(page.items.len() <= limit as usize);
        out.extend(page.items.iter().cloned());
        match page.next.clone() {
            Some(next) => {
                assert_eq!(
                    Some(&next),
                    page.items.last().map(ArticleKey::from).as_ref()
                );
                page = desk
                    .article_page(filter, &Seek::After(next), limit)
                    .expect("next page");
                assert!(page.previous.is_some());
            }
            None => break,
        }
    }
    assert_eq!(out.len() as u32, page.total, "total counts every row");
    out
}

fn ids(list: &[ArticleSummary]) -> Vec<i64> {
    list.iter().map(|a| a.id).collect()
}

/// A desk with `n` drafts: varied headlines (some only differing in case), sections, tags,
/// lengths and urgencies; many saved within the same millisecond, so ties are exercised.
fn newsroom_desk(dir: &std::path::Path, n: usize) -> Desk {
    let clock = clock();
    let desk = open(dir, clock.clone());
    for i in 0..n {
        let mut d = draft(
            &format!(
                "{} {} report",
                ["harbour", "Harbour", "bridge", "Council", "zoo"][i % 5],
                i % 7
            ),
            &"word ".repeat(i % 11),
            if i % 3 == 0 {
                &["Ports"]
            } else {
                &["Council", "Budget"]
            },
        );
        d.section = ["News", "Sport", ""][i % 3].into();
        d.urgency = Some((i % 8 + 1) as u8);
        desk.create_article(d).expect("create");
        // Two drafts per millisecond: the id breaks the tie.
        if i % 2 == 1 {
            clock.advance(SignedDuration::from_millis(1));
        }
    }
    desk
}

fn sorted(mut list: Vec<ArticleSummary>, sort: ArticleSort) -> Vec<ArticleSummary> {
    let newest = |a: &ArticleSummary, b: &ArticleSummary| {
        b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id))
    };
    list.sort_by(|a, b| match sort {
        ArticleSort::Updated => newest(a, b),
        ArticleSort::Headline => a
            .headline
            .to_ascii_lowercase()
            .cmp(&b.headline.to_ascii_lowercase())
            .then(newest(a, b)),
        ArticleSort::Words => b.word_count.cmp(&a.word_count).then(newest(a, b)),
        ArticleSort::Urgency => a.urgency.cmp(&b.urgency).then(newest(a, b)),
    });
    list
}

#[test]
fn every_order_paged_through_is_the_whole_list_in_that_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = newsroom_desk(dir.path(), 120);
    let all = desk.articles().expect("all");
    assert_eq!(all.len(), 120);
    for sort in [
        ArticleSort::Updated,
        ArticleSort::Headline,
        ArticleSort::Words,
        ArticleSort::Urgency,
    ] {
        let filter = ArticleFilter {
            queue: Some(ArticleStatus::Draft),
            sort,
            ..Default::default()
        };
        for limit in [1, 7, 50, 500] {
            let paged = page_through(&desk, &filter, limit);
            assert_eq!(
                ids(&paged),
                ids(&sorted(all.clone(), sort)),
                "{sort:?} by {limit}"
            );
        }
    }
}

/// Which articles a filter should let through, worked out here from the whole list.
type Keep = Box<dyn Fn(&ArticleSummary) -> bool>;

#[test]
fn filters_page_like_the_filtered_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = newsroom_desk(dir.path(), 90);
    let all = desk.articles().expect("all");
    let cases: Vec<(ArticleFilter, Keep)> = vec![
        (
            ArticleFilter {
                tag: "ports".into(),
                ..Default::default()
            },
            Box::new(|a| a.tags.contains(&"Ports".to_string())),
        ),
        (
            ArticleFilter {
                section: "Sport".into(),
                sort: ArticleSort::Headline,
                ..Default::default()
            },
            Box::new(|a| a.section == "Sport"),
        ),
        (
            // Words match headline, slug, section or a tag, any ASCII case.
            ArticleFilter {
                text: "HARBOUR budg".into(),
                ..Default::default()
            },
            Box::new(|a| {
                a.headline.to_lowercase().contains("harbour")
                    && a.tags.iter().any(|t| t.to_lowercase().contains("budg"))
            }),
        ),
        (
            // LIKE's wildcards typed in the box match themselves only.
            ArticleFilter {
                text: "%".into(),
                ..Default::default()
            },
            Box::new(|_| false),
        ),
    ];
    for (filter, keep) in cases {
        let expected: Vec<ArticleSummary> = all.iter().filter(|a| keep(a)).cloned().collect();
        let paged = page_through(&desk, &filter, 8);
        assert_eq!(
            ids(&paged),
            ids(&sorted(expected, filter.sort)),
            "{filter:?}"
        );
    }
}

#[test]
fn queues_and_authors_and_killed_stories_with_the_published() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = newsroom_desk(dir.path(), 12);
    // States and authors set in the database: the workflow's rules are tested elsewhere.
    desk.store()
        .write(|tx| {
            tx.execute_batch(
                "UPDATE articles SET status = 'published' WHERE id IN (1, 2);
                 UPDATE articles SET status = 'killed' WHERE id = 3;
                 UPDATE articles SET status = 'in_review' WHERE id = 4;
                 UPDATE articles SET author = 'ben' WHERE id IN (5, 6);",
            )?;
            Ok(())
        })
        .expect("states");
    let list = |queue, author: Option<&str>| {
        let filter = ArticleFilter {
            queue: Some(queue),
            author: author.map(str::to_string),
            ..Default::default()
        };
        let mut got = ids(&page_through(&desk, &filter, 5));
        got.sort();
        got
    };
    assert_eq!(list(ArticleStatus::Published, None), [1, 2, 3]);
    assert_eq!(list(ArticleStatus::InReview, None), [4]);
    assert_eq!(list(ArticleStatus::Draft, Some("ben")), [5, 6]);
    assert_eq!(
        list(ArticleStatus::Draft, Some("ana")),
        [7, 8, 9, 10, 11, 12]
    );
    let counts = desk.list_counts().expect("counts");
    assert_eq!(
        (
            counts.my_drafts,
            counts.drafts,
            counts.in_review,
            counts.published,
            counts.ready,
            counts.wire
        ),
        (6, 8, 1, 3, 0, 0)
    );
    let facets = desk
        .article_facets(Some(ArticleStatus::InReview))
        .expect("facets");
    // Article 4 (i = 3): section "News", tag "Ports".
    assert_eq!(facets.sections, ["News"]);
    assert_eq!(facets.tags, ["Ports"]);
    let every = desk.article_facets(None).expect("facets");
    assert_eq!(every.sections, ["News", "Sport"]);
    assert_eq!(every.tags, ["Budget", "Council", "Ports"]);
}

#[test]
fn a_page_after_a_key_stays_put_when_stories_arrive_or_move() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = clock();
    let desk = open(dir.path(), clock.clone());
    for i in 0..30 {
        desk.create_article(draft(&format!("Story {i}"), "", &[]))
            .expect("create");
        clock.advance(SignedDuration::from_secs(1));
    }
    let filter = ArticleFilter::default();
    let first = desk.article_page(&filter, &Seek::First, 10).expect("first");
    let expected_next = desk
        .article_page(&filter, &Seek::After(first.next.clone().expect("more")), 10)
        .expect("second");
    // New drafts on top, and one from the first page saved (moves to the top): the page after
    // the first page's last row is the same rows, and the total follows.
    for i in 0..5 {
        desk.create_article(draft(&format!("Late {i}"), "", &[]))
            .expect("create");
    }
    clock.advance(SignedDuration::from_secs(1));
    let moved = desk.article(first.items[3].id).expect("article");
    desk.save_article(edit(&moved, "new text", false))
        .expect("save");
    let second = desk
        .article_page(&filter, &Seek::After(first.next.clone().expect("more")), 10)
        .expect("second again");
    assert_eq!(ids(&second.items), ids(&expected_next.items));
    assert_eq!(second.total, 35);
    // Reading back from the second page's first row gives the first page's last rows, less
    // the one that moved to the top.
    let back = desk
        .article_page(
            &filter,
            &Seek::Before(ArticleKey::from(&second.items[0])),
            10,
        )
        .expect("back");
    let kept: Vec<i64> = ids(&first.items)
        .into_iter()
        .filter(|&id| id != moved.id)
        .collect();
    assert_eq!(ids(&back.items[1..]), kept);
    assert_eq!(back.items[0].headline, "Late 0");
    assert_eq!(back.start, None);
    assert_eq!(back.next.as_ref().map(|k| k.id), Some(first.items[9].id));
}

#[test]
fn the_last_page_and_an_offset_and_an_empty_desk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = newsroom_desk(dir.path(), 25);
    let all = desk.articles().expect("all");
    let filter = ArticleFilter::default();
    let last = desk.article_page(&filter, &Seek::Last, 10).expect("last");
    assert_eq!(ids(&last.items), ids(&all[15..]));
    assert_eq!(
        (last.start, last.total, last.next.clone()),
        (Some(15), 25, None)
    );
    assert_eq!(last.previous.as_ref().map(|k| k.id), Some(all[15].id));
    // Reading back from the end reaches the top.
    let before = desk
        .article_page(&filter, &Seek::Before(last.previous.expect("more")), 10)
        .expect("before");
    assert_eq!(ids(&before.items), ids(&all[5..15]));
    let top = desk
        .article_page(&filter, &Seek::Before(before.previous.expect("more")), 10)
        .expect("top");
    assert_eq!(ids(&top.items), ids(&all[..5]));
    assert_eq!(top.previous, None, "nothing before the first row");
    let middle = desk
        .article_page(&filter, &Seek::Offset(12), 5)
        .expect("offset");
    assert_eq!(ids(&middle.items), ids(&all[12..17]));
    assert_eq!(middle.start, Some(12));
    // A short list: one page, both ends.
    let whole = desk.article_page(&filter, &Seek::Last, 100).expect("whole");
    assert_eq!(
        (
            whole.items.len(),
            whole.start,
            whole.previous.clone(),
            whole.next.clone()
        ),
        (25, Some(0), None, None)
    );
    assert!(
        desk.article_page(&filter, &Seek::First, 0).is_err(),
        "a page holds a row"
    );
    assert!(desk.article_page(&filter, &Seek::First, 501).is_err());

    let empty_dir = tempfile::tempdir().expect("tempdir");
    let empty = open(empty_dir.path(), clock());
    for seek in [Seek::First, Seek::Last, Seek::Offset(3)] {
        let page = empty.article_page(&filter, &seek, 50).expect("page");
        assert_eq!(page.items, []);
        assert_eq!(
            (page.total, page.next, page.start.is_some()),
            (0, None, true)
        );
    }
    assert_eq!(empty.list_counts().expect("counts").drafts, 0);
}

fn wire_story(desk: &Desk, n: usize, urgency: u8, provider: &str) {
    let json = format!(
        r#"{{"uri": "urn:test:{provider}:{n}", "version": "1", "headline": "Wire story {n}",
            "body_text": "Text of story {n}.", "urgency": {urgency},
            "copyrightholder": "{provider}", "type": "text"}}"#
    );
    let report = desk
        .import_file(IncomingFile {
            name: &format!("story-{n}.json"),
            bytes: json.as_bytes(),
        })
        .expect("import");
    assert_eq!(
        report.lines[0].outcome,
        copydesk_core::ImportOutcome::New,
        "{:?}",
        report.lines[0]
    );
}

#[test]
fn the_wire_queue_pages_newest_first_with_its_filter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = clock();
    let desk = open(dir.path(), clock.clone());
    for n in 0..23 {
        wire_story(&desk, n, if n % 4 == 0 { 1 } else { 5 }, "AAP");
        if n % 3 == 0 {
            clock.advance(SignedDuration::from_secs(60));
        }
    }
    let whole = desk.wire_items(&WireFilter::default()).expect("whole");
    assert_eq!(whole.len(), 23);
    let read = |filter: &WireFilter| {
        let mut out = Vec::new();
        let mut page: Page<_, WireKey> = desk.wire_page(filter, &Seek::First, 4).expect("page");
        loop {
            out.extend(page.items.iter().map(|s| s.id));
            let Some(next) = page.next.clone() else { break };
            page = desk.wire_page(filter, &Seek::After(next), 4).expect("page");
        }
        assert_eq!(out.len() as u32, page.total);
        out
    };
    let all_ids: Vec<i64> = whole.iter().map(|s| s.id).collect();
    assert_eq!(read(&WireFilter::default()), all_ids);
    let urgent = WireFilter {
        max_urgency: Some(2),
        ..Default::default()
    };
    let urgent_ids: Vec<i64> = desk
        .wire_items(&urgent)
        .expect("urgent")
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(urgent_ids.len(), 6);
    assert_eq!(read(&urgent), urgent_ids);
    // Since a time: the stories that arrived after the first minutes.
    let since = WireFilter {
        received_since: Some(whole[9].received_at),
        ..Default::default()
    };
    let recent = read(&since);
    assert!(recent.len() >= 10 && recent.len() < 23, "{recent:?}");
    assert_eq!(recent[..], all_ids[..recent.len()]);
    // The end, and back.
    let last = desk
        .wire_page(&WireFilter::default(), &Seek::Last, 5)
        .expect("last");
    assert_eq!(
        last.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        all_ids[18..]
    );
    assert_eq!(last.start, Some(18));
    let stories = desk
        .wire_stories(&[whole[2].story_id, 999, whole[0].story_id])
        .expect("by story");
    assert_eq!(
        stories.iter().map(|s| s.id).collect::<Vec<_>>(),
        [whole[2].id, whole[0].id]
    );
    let facets = desk.wire_facets().expect("facets");
    assert_eq!(facets.formats.len(), 1, "{facets:?}");
    assert_eq!(desk.list_counts().expect("counts").wire, 23);
}

/// A list, an author and a count.
type CountRow = (String, String, i64);

/// The counts kept by triggers agree with counting the rows, after creates, saves, moves
/// between queues and authors, deletions and wire imports.
#[test]
fn the_kept_counts_agree_with_a_recount() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = newsroom_desk(dir.path(), 40);
    let a = desk.article(5).expect("article");
    desk.save_article(edit(&a, "more words here", false))
        .expect("save");
    for n in 0..7 {
        wire_story(&desk, n, 5, "NTB");
    }
    desk.store()
        .write(|tx| {
            tx.execute_batch(
                "UPDATE articles SET status = 'published' WHERE id IN (1, 2, 3);
                 UPDATE articles SET status = 'killed' WHERE id = 3;
                 UPDATE articles SET status = 'spiked', author = 'ben' WHERE id = 4;
                 UPDATE articles SET author = 'eva' WHERE id IN (6, 7);
                 DELETE FROM article_tags WHERE article_id = 8;
                 DELETE FROM revisions WHERE article_id = 8;
                 DELETE FROM articles WHERE id = 8;",
            )?;
            Ok(())
        })
        .expect("moves");
    let (kept, counted): (Vec<CountRow>, Vec<CountRow>) = desk
        .store()
        .read(|c| {
            let rows = |sql: &str| -> rusqlite::Result<Vec<CountRow>> {
                c.prepare(sql)?
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect()
            };
            Ok((
                rows("SELECT list, author, n FROM list_counts WHERE n != 0 ORDER BY 1, 2")?,
                rows(
                    "SELECT queue, author, count(*) FROM articles GROUP BY 1, 2
                     UNION ALL
                     SELECT 'wire', '', count(*) FROM wire_stories WHERE latest_item_id IS NOT NULL
                     ORDER BY 1, 2",
                )?,
            ))
        })
        .expect("counts");
    assert_eq!(kept, counted);
    assert!(
        kept.contains(&("published".into(), "ana".into(), 3)),
        "{kept:?}"
    );
    assert!(
        kept.contains(&("wire".into(), String::new(), 7)),
        "{kept:?}"
    );
    let counts = desk.list_counts().expect("counts");
    assert_eq!(
        (
            counts.drafts,
            counts.my_drafts,
            counts.published,
            counts.spiked,
            counts.wire
        ),
        (35, 33, 3, 1, 7)
    );
    // An unfiltered list's total comes from the kept counts; a filtered one counts rows.
    let total = |filter: ArticleFilter| {
        desk.article_page(&filter, &Seek::First, 1)
            .expect("page")
            .total
    };
    assert_eq!(total(ArticleFilter::default()), 39);
    assert_eq!(
        total(ArticleFilter {
            queue: Some(ArticleStatus::Draft),
            author: Some("eva".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        total(ArticleFilter {
            queue: Some(ArticleStatus::Draft),
            section: "Sport".into(),
            ..Default::default()
        }) as usize,
        desk.articles()
            .expect("all")
            .iter()
            .filter(|a| a.status == ArticleStatus::Draft && a.section == "Sport")
            .count()
    );
}

/// A database from before migration 11 (schema 10) gains the queue column and the list
/// indexes, and its articles page (killed with published) at once.
#[test]
fn a_schema_10_database_is_migrated_and_its_lists_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("copydesk.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        for m in MIGRATIONS.iter().filter(|m| m.version <= 10) {
            conn.execute_batch(m.sql).expect("schema");
        }
        conn.execute_batch(
            "INSERT INTO articles (headline, status, created_at, updated_at, uuid)
                VALUES ('Old published', 'published', 1, 3, 'u1'),
                       ('Old killed', 'killed', 1, 2, 'u2'),
                       ('Old draft', 'draft', 1, 1, 'u3');
             INSERT INTO wire_files (id, name, size, received_at, outcome)
                VALUES (1, 'storm.txt', 10, 1, 'imported');
             INSERT INTO wire_stories (id, first_at, updated_at) VALUES (1, 1, 1);
             INSERT INTO wire_items (id, story_id, file_id, position, version, role, format,
                                     encoding, headline, body, pub_status, received_at)
                VALUES (7, 1, 1, 0, 1, 'new', 'text', 'utf-8', 'Storm hits harbour town',
                        'Waves damaged the wall.', 'usable', 1);
             UPDATE wire_stories SET latest_item_id = 7 WHERE id = 1;
             PRAGMA user_version = 10;",
        )
        .expect("old data");
    }
    drop(Store::open(&path).expect("migrate"));
    let conn = rusqlite::Connection::open(&path).expect("open");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, LATEST_SCHEMA);
    let indexes: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'articles_queue_%' ORDER BY name")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    assert_eq!(
        indexes,
        [
            "articles_queue_author",
            "articles_queue_headline",
            "articles_queue_updated",
            "articles_queue_urgency",
            "articles_queue_words"
        ]
    );
    drop(conn);
    let desk = open(dir.path(), clock());
    let published = desk
        .article_page(
            &ArticleFilter {
                queue: Some(ArticleStatus::Published),
                ..Default::default()
            },
            &Seek::First,
            10,
        )
        .expect("page");
    let headlines: Vec<&str> = published
        .items
        .iter()
        .map(|a| a.headline.as_str())
        .collect();
    assert_eq!(headlines, ["Old published", "Old killed"]);
    assert_eq!(published.total, 2);
    let counts = desk.list_counts().expect("counts");
    assert_eq!((counts.published, counts.drafts, counts.wire), (2, 1, 1));
    let wire = desk
        .wire_page(&WireFilter::default(), &Seek::First, 10)
        .expect("wire");
    assert_eq!((wire.total, wire.items.len()), (1, 1));
}
