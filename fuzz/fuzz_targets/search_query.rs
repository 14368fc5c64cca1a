//! Anything typed in the search box: the FTS5 expression built from it must be one SQLite
//! accepts (a typed query never becomes a syntax error shown to the user).
#![no_main]
use libfuzzer_sys::fuzz_target;

thread_local! {
    static DB: rusqlite::Connection = {
        let db = rusqlite::Connection::open_in_memory().expect("memory");
        db.execute_batch(
            // As the desk's search_index (migration 0003).
            "CREATE VIRTUAL TABLE t USING fts5(headline, standfirst, body, tags,
                 tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
             INSERT INTO t VALUES ('Storm hits harbour', '', 'Waves damaged the sea wall.', '');",
        )
        .expect("fts5");
        db
    };
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(query) = std::str::from_utf8(bytes) else {
        return;
    };
    let Some(expression) = copydesk_core::search::match_expression(query) else {
        return;
    };
    DB.with(|db| {
        let mut stmt = db
            .prepare_cached("SELECT count(*) FROM t WHERE t MATCH ?1")
            .expect("prepare");
        let found: rusqlite::Result<i64> = stmt.query_row([&expression], |r| r.get(0));
        assert!(found.is_ok(), "{query:?} -> {expression:?}: {found:?}");
    });
});
