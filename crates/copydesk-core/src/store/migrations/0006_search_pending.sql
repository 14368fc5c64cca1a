-- Autosaves no longer re-index the article's text on every keystroke burst: they only note
-- that the index is behind. A search (or an explicit save) brings those articles up to date
-- first, so a search never misses what was typed. Kept in a table, not in memory, so a crash
-- between an autosave and the next search cannot leave the index stale.
CREATE TABLE search_pending (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE
) WITHOUT ROWID;

