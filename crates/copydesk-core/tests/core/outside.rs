//! What another process writes to the desk (the CLI, a second app) reaches this desk's change
//! stream: read from the database's change log, woken by the folder watcher.
use crate::common::{draft, edit, open};
use copydesk_core::wire::IncomingFile;
use copydesk_core::Change;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

fn kinds(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            serde_json::to_value(c).expect("json")["kind"]
                .as_str()
                .expect("kind")
                .to_string()
        })
        .collect()
}

#[test]
fn another_connections_writes_are_read_back_as_changes_and_our_own_are_not() {
    let dir = tempfile::tempdir().expect("tmp");
    let clock = crate::common::clock();
    let app = open(dir.path(), clock.clone());
    let mut mark = app.outside_mark().expect("mark");

    // Our own writes: nothing from outside.
    let mine = app
        .create_article(draft("Ours", "Typed here.", &[]))
        .expect("create");
    assert!(app.take_outside_writes(&mut mark).expect("take").is_empty());

    // The CLI, as another connection on the same files.
    let cli = open(dir.path(), clock);
    let theirs = cli
        .create_article(draft("Harbour closes", "From the CLI.", &["port"]))
        .expect("create");
    cli.save_article(edit(&mine, "Edited by the CLI.", false))
        .expect("save");
    cli.add_comment(theirs.id, "Who confirmed?", None)
        .expect("comment");
    cli.import_file(IncomingFile {
        name: "storm.txt",
        bytes: b"Storm hits harbour town\n\nWaves damaged the sea wall on Monday night.\n",
    })
    .expect("import");
    cli.import_file(IncomingFile {
        name: "junk.bin",
        bytes: &[0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0, 0, 7, 255, 254, 0, 0],
    })
    .expect("import junk");

    let changes = app.take_outside_writes(&mut mark).expect("take");
    assert_eq!(
        kinds(&changes),
        [
            "article_created",
            "article_saved",
            "comments_changed",
            "wire_received",
            "wire_quarantined"
        ],
        "{changes:#?}"
    );
    match &changes[0] {
        Change::ArticleCreated { article } => {
            assert_eq!(article.headline, "Harbour closes");
            assert_eq!(article.tags, ["port"]);
        }
        other => panic!("{other:?}"),
    }
    match &changes[1] {
        Change::ArticleSaved { article } => {
            assert_eq!(article.id, mine.id);
            assert_eq!(article.version, mine.version + 1);
        }
        other => panic!("{other:?}"),
    }
    match &changes[2] {
        Change::CommentsChanged {
            article_id,
            thread,
            open_threads,
            ..
        } => {
            assert_eq!(*article_id, theirs.id);
            assert_eq!(*open_threads, 1);
            assert!(thread.is_some());
        }
        other => panic!("{other:?}"),
    }
    match &changes[3] {
        Change::WireReceived { stories } => {
            assert_eq!(stories.len(), 1);
            assert_eq!(stories[0].headline, "Storm hits harbour town");
        }
        other => panic!("{other:?}"),
    }

    // Read once: the next look finds nothing new.
    assert!(app.take_outside_writes(&mut mark).expect("take").is_empty());

    // A thread whose only comment is deleted reads as gone.
    let threads = cli.comments(theirs.id).expect("threads");
    cli.delete_comment(threads[0].id).expect("delete comment");
    let changes = app.take_outside_writes(&mut mark).expect("take");
    match changes.as_slice() {
        [Change::CommentsChanged {
            thread: None,
            open_threads: 0,
            ..
        }] => {}
        other => panic!("{other:#?}"),
    }

    // No verb deletes a story today; another process removing the row still reads as a
    // deletion, its comments with it.
    cli.add_comment(theirs.id, "Still there?", None)
        .expect("comment");
    cli.store()
        .write(|tx| {
            tx.execute("DELETE FROM articles WHERE id = ?1", [theirs.id])?;
            Ok(())
        })
        .expect("delete");
    let changes = app.take_outside_writes(&mut mark).expect("take");
    assert_eq!(changes, [Change::ArticleDeleted { id: theirs.id }]);
}

#[test]
fn the_follower_announces_another_process_writes_without_being_asked() {
    let dir = tempfile::tempdir().expect("tmp");
    let clock = crate::common::clock();
    let app = Arc::new(open(dir.path(), clock.clone()));
    let (tx, rx) = mpsc::channel();
    app.on_change(move |c| {
        let _ = tx.send(c.clone());
    });
    let follower = app.follow_outside_writes().expect("follow");

    let cli = open(dir.path(), clock);
    let filed = cli
        .create_article(draft("Ferry strike called off", "Talks worked.", &[]))
        .expect("create");
    let deadline = Instant::now() + Duration::from_secs(10);
    let seen = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Change::ArticleCreated { article }) => break article,
            Ok(_) => continue,
            Err(e) => panic!("no change within 10 s: {e}"),
        }
    };
    assert_eq!(seen.id, filed.id);

    // Stopped on drop: later writes are no longer announced. The positive signal that such a
    // write would have been seen is a second window that still follows: once it has the
    // story, the stopped one must not.
    drop(follower);
    while rx.try_recv().is_ok() {}
    let other = Arc::new(open(dir.path(), crate::common::clock()));
    let (other_tx, other_rx) = mpsc::channel();
    other.on_change(move |c| {
        let _ = other_tx.send(c.clone());
    });
    let _still_following = other.follow_outside_writes().expect("follow");
    let late = cli
        .create_article(draft("After the window closed", "", &[]))
        .expect("create");
    loop {
        match other_rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Change::ArticleCreated { article }) if article.id == late.id => break,
            Ok(_) => continue,
            Err(e) => panic!("the window still following saw nothing within 10 s: {e}"),
        }
    }
    assert!(
        rx.try_recv().is_err(),
        "a stopped follower announced a change"
    );
}
