//! Backups a desk can count on: a snapshot taken while saves go on holds every save
//! acknowledged before it began, passes SQLite's integrity check, and restores; a restore
//! keeps the database it replaces and is refused while a desk is open.

use crate::common::{draft, edit};
use copydesk_core::backup::{self, KEEP};
use copydesk_core::{DataDir, Desk, DeskConfig, ErrorCode};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const SAVES: usize = 1_000;

fn open(data: &Path) -> Desk {
    let mut config = DeskConfig::new(DataDir::new(data));
    config.author = "ana".into();
    config.outbox = data.join("Outbox");
    Desk::open(config).expect("open desk")
}

fn body(i: usize) -> String {
    // Long enough that a save rewrites pages, and each save's text is its own.
    format!(
        "save {i}\n\n{}",
        format!("Paragraph of save {i}. ").repeat(40)
    )
}

fn integrity(desk: &Desk) -> String {
    desk.store()
        .read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .expect("integrity_check")
}

#[test]
fn a_snapshot_taken_during_1000_autosaves_holds_every_save_acknowledged_before_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("desk");
    let backups = dir.path().join("Backups");
    let desk = Arc::new(open(&data));
    let article = desk
        .create_article(draft("Autosaved all afternoon", &body(0), &[]))
        .expect("create");
    let id = article.id;

    // The reporter types: 1,000 autosaves, each acknowledged before the next.
    let acked = Arc::new(AtomicUsize::new(0));
    let writer = {
        let desk = desk.clone();
        let acked = acked.clone();
        std::thread::spawn(move || {
            let mut current = article;
            for i in 1..=SAVES {
                current = desk
                    .save_article(edit(&current, &body(i), true))
                    .expect("autosave");
                assert_eq!(current.version, i as i64 + 1);
                acked.store(i, Ordering::SeqCst);
            }
        })
    };
    // Snapshots while it types: each notes how many saves were acknowledged before it began.
    let mut snapshots = Vec::new();
    for target in [1, 150, 400, 650, 900] {
        while acked.load(Ordering::SeqCst) < target && !writer.is_finished() {
            std::thread::sleep(Duration::from_millis(1));
        }
        let before = acked.load(Ordering::SeqCst);
        let snapshot = desk.back_up(Some(&backups)).expect("back up");
        snapshots.push((before, snapshot));
    }
    writer.join().expect("the autosaves");
    let figures: Vec<String> = snapshots
        .iter()
        .map(|(before, s)| format!("{before} acknowledged before, {} bytes", s.bytes))
        .collect();
    eprintln!("snapshots during {SAVES} autosaves: {figures:?}");
    assert!(
        snapshots.iter().any(|(before, _)| *before < SAVES),
        "every snapshot came after the last save: nothing was taken during the saves"
    );

    for (k, (before, snapshot)) in snapshots.iter().enumerate() {
        // Restored into a desk of its own, opened as the app would.
        let restored_to = dir.path().join(format!("restored-{k}"));
        let restored = backup::restore(
            &DataDir::new(&restored_to),
            Path::new(&snapshot.path),
            desk.now(),
        )
        .expect("restore");
        assert_eq!(restored.kept_aside, None);
        let copy = open(&restored_to);
        assert_eq!(integrity(&copy), "ok");
        let got = copy.article(id).expect("the article");
        let saves = usize::try_from(got.version - 1).expect("version");
        assert!(
            saves >= *before,
            "snapshot {k}: {before} saves acknowledged before it, it holds {saves}"
        );
        // Whole saves only: the text is the one acknowledged with that version.
        assert_eq!(got.body, body(saves), "snapshot {k}: a torn save");
    }

    // Restoring into the live desk's folder is refused while it is open.
    let last = Path::new(&snapshots[0].1.path).to_path_buf();
    let refused = backup::restore(&DataDir::new(&data), &last, desk.now()).expect_err("open");
    assert_eq!(refused.code(), ErrorCode::Invalid);
    assert!(refused.to_string().contains("open"), "{refused}");
    assert_eq!(
        desk.article(id).expect("untouched").version,
        SAVES as i64 + 1
    );

    // Closed, it restores; the database it replaced is kept aside with all 1,000 saves.
    let now = desk.now();
    drop(Arc::into_inner(desk).expect("the only handle"));
    let restored = backup::restore(&DataDir::new(&data), &last, now).expect("restore");
    let aside = restored.kept_aside.expect("kept aside");
    let desk = open(&data);
    assert_eq!(integrity(&desk), "ok");
    let got = desk.article(id).expect("article");
    let saves = usize::try_from(got.version - 1).expect("version");
    assert!(saves >= snapshots[0].0);
    assert_eq!(got.body, body(saves));
    let old = rusqlite::Connection::open(&aside).expect("the kept database");
    let (version, kept_body): (i64, String) = old
        .query_row(
            "SELECT version, body FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the article in the kept database");
    assert_eq!((version, kept_body), (SAVES as i64 + 1, body(SAVES)));
}

#[test]
fn the_folder_keeps_the_newest_snapshots_and_can_be_chosen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("desk");
    let desk = open(&data);
    let folder = desk.backup_folder().expect("folder");
    assert!(folder.is_default);
    assert_eq!(Path::new(&folder.path), data.join("Backups"));
    for _ in 0..KEEP + 3 {
        desk.back_up(None).expect("back up");
    }
    let listed = desk.list_backups().expect("list");
    assert_eq!(listed.len(), KEEP);
    assert!(listed.windows(2).all(|w| w[0].taken_at >= w[1].taken_at));
    // A snapshot put elsewhere (`copydesk backup --to`) deletes nothing there.
    let usb = dir.path().join("usb");
    for _ in 0..KEEP + 2 {
        desk.back_up(Some(&usb)).expect("back up elsewhere");
    }
    assert_eq!(backup::list(&usb).expect("list").len(), KEEP + 2);

    let chosen = dir.path().join("elsewhere/Backups");
    let folder = desk.set_backup_folder(Some(&chosen)).expect("choose");
    assert!(!folder.is_default);
    assert!(desk.list_backups().expect("list").is_empty());
    let snapshot = desk.back_up(None).expect("back up");
    assert!(Path::new(&snapshot.path).starts_with(&chosen));
    assert_eq!(
        desk.set_backup_folder(Some(Path::new("relative/folder")))
            .expect_err("relative")
            .code(),
        ErrorCode::Invalid
    );
    assert!(desk.set_backup_folder(None).expect("default").is_default);
}

#[test]
fn a_file_that_is_not_a_sound_desk_is_not_restored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = DataDir::new(dir.path().join("desk"));
    drop(open(data.path()));
    let now = jiff::Timestamp::now();
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, b"not a database at all, just text").expect("write");
    assert!(backup::restore(&data, &junk, now).is_err());
    let other = dir.path().join("other.sqlite3");
    rusqlite::Connection::open(&other)
        .and_then(|c| c.execute_batch("CREATE TABLE notes (x)"))
        .expect("other db");
    let e = backup::restore(&data, &other, now).expect_err("not a desk");
    assert!(e.to_string().contains("not a Copydesk desk"), "{e}");
    assert!(backup::restore(&data, &dir.path().join("missing"), now).is_err());
    // The desk is as it was.
    assert!(data.database().is_file());
    drop(open(data.path()));
}

#[test]
fn the_timer_takes_a_snapshot_after_each_interval_of_use_and_stops_when_dropped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = Arc::new(open(&dir.path().join("desk")));
    let timer = desk.start_backups(Duration::from_millis(200), Duration::from_millis(20));
    let started = std::time::Instant::now();
    while desk.list_backups().expect("list").len() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no snapshots from the timer"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(timer);
    // Stopped: the join in drop returned, so no snapshot is being taken now.
    let after = desk.list_backups().expect("list").len();
    assert!((2..=KEEP).contains(&after));
}
