-- Editorial workflow: states, who may move them, schedules in a zone, embargoes, the outbox.

-- Schedules keep the instant (UTC ms) and what the editor chose: the zone and the wall time.
ALTER TABLE articles ADD COLUMN scheduled_at INTEGER;
ALTER TABLE articles ADD COLUMN schedule_zone TEXT;
ALTER TABLE articles ADD COLUMN schedule_wall TEXT;
ALTER TABLE articles ADD COLUMN embargo_until INTEGER;
ALTER TABLE articles ADD COLUMN embargo_zone TEXT;
ALTER TABLE articles ADD COLUMN published_at INTEGER;
-- Where a spiked article came from, so unspiking puts it back.
ALTER TABLE articles ADD COLUMN spiked_from TEXT;
CREATE INDEX articles_status ON articles (status, scheduled_at);

-- Every move between states: who, as what, when, from, to, and why.
CREATE TABLE transitions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    action      TEXT    NOT NULL,
    from_status TEXT    NOT NULL,
    to_status   TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    note        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX transitions_article ON transitions (article_id, id);

-- What was written to the outbox for each publication (publish, correction, kill).
CREATE TABLE publications (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('publish', 'correction', 'kill')),
    number      INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    -- written | pending | failed; a failed write is retried and never undoes the publish.
    outbox      TEXT    NOT NULL DEFAULT 'pending',
    detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX publications_pending ON publications (outbox) WHERE outbox != 'written';
