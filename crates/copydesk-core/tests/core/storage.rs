//! What the desk's database holds, and compacting it: the room freed rows leave is given back
//! and nothing else changes.
use crate::common::{draft, open};
use copydesk_core::wire::IncomingFile;

#[test]
fn compacting_gives_back_free_room_and_keeps_everything() {
    let dir = tempfile::tempdir().expect("tmp");
    let desk = open(dir.path(), crate::common::clock());
    let story = desk
        .create_article(draft("Harbour wall", "Repairs start Monday.", &["port"]))
        .expect("create");
    for n in 0..20 {
        let text = format!("Storm number {n} hits the coast\n\nWaves damaged the sea wall.\n");
        desk.import_file(IncomingFile {
            name: &format!("storm-{n}.txt"),
            bytes: text.as_bytes(),
        })
        .expect("import");
    }
    let report = desk.storage().expect("report");
    assert_eq!(report.articles, 1);
    assert_eq!(report.wire_files, 20);
    assert_eq!(report.wire_items, 20);
    assert!(report.wire_original_bytes > 20 * 40, "{report:?}");
    assert!(report.bytes_per_wire_item > 40, "{report:?}");
    assert!(report.database_bytes > 0, "{report:?}");

    // About 12 MB written and dropped: free room inside the file.
    desk.store()
        .write(|tx| {
            tx.execute_batch(
                "CREATE TABLE scratch (b BLOB);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
                 INSERT INTO scratch SELECT zeroblob(65536) FROM n;
                 DROP TABLE scratch;",
            )?;
            Ok(())
        })
        .expect("scratch");
    let before = desk.storage().expect("report");
    assert!(before.free_bytes > 10_000_000, "{before:?}");

    let done = desk.compact().expect("compact");
    let after = desk.storage().expect("report");
    assert_eq!(after.free_bytes, 0, "{after:?}");
    assert!(
        done.after_bytes + 10_000_000 < done.before_bytes,
        "{done:?}"
    );
    assert_eq!(done.after_bytes, after.database_bytes);
    // Everything is still there, and the file is sound.
    assert_eq!(
        desk.article(story.id).expect("article").body,
        "Repairs start Monday."
    );
    assert_eq!(after.wire_items, 20);
    let check: String = desk
        .store()
        .read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .expect("check");
    assert_eq!(check, "ok");
    // And it saves as before.
    desk.create_article(draft("After compacting", "", &[]))
        .expect("create after");
}
