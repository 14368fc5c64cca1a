-- Desk settings that the app changes at run time (the webhook address, …).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Each POST of a publication's ninjs to the webhook: retried with backoff, always visible.
CREATE TABLE deliveries (
    id             INTEGER PRIMARY KEY,
    publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    url            TEXT    NOT NULL,
    -- pending | delivered | failed (gave up after the last attempt)
    state          TEXT    NOT NULL DEFAULT 'pending',
    attempts       INTEGER NOT NULL DEFAULT 0,
    next_at        INTEGER NOT NULL,
    last_status    INTEGER,
    last_error     TEXT    NOT NULL DEFAULT '',
    updated_at     INTEGER NOT NULL
);
CREATE INDEX deliveries_pending ON deliveries (next_at) WHERE state = 'pending';
