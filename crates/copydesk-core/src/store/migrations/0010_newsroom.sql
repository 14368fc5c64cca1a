-- A desk can join a newsroom: every shared row gets an id unique across desks (a UUID, made
-- here for what exists), the changes made while connected wait in a queue until the server
-- has answered them, and the desk remembers where it is in the server's feed.

-- Each row gets a random (version 4) UUID. The expression is written out at each use: a
-- subquery without a reference to the row would be computed once for all rows.
ALTER TABLE articles ADD COLUMN uuid TEXT;
UPDATE articles SET uuid = 
    lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
        substr(lower(hex(randomblob(2))), 2) || '-' ||
        substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||
        lower(hex(randomblob(6)))
;
CREATE UNIQUE INDEX articles_uuid ON articles (uuid);

ALTER TABLE comments ADD COLUMN uuid TEXT;
UPDATE comments SET uuid = 
    lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
        substr(lower(hex(randomblob(2))), 2) || '-' ||
        substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||
        lower(hex(randomblob(6)))
;
CREATE UNIQUE INDEX comments_uuid ON comments (uuid);

ALTER TABLE transitions ADD COLUMN uuid TEXT;
UPDATE transitions SET uuid = 
    lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
        substr(lower(hex(randomblob(2))), 2) || '-' ||
        substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||
        lower(hex(randomblob(6)))
;
CREATE UNIQUE INDEX transitions_uuid ON transitions (uuid);

-- Revisions gain the newsroom's kinds (text refused without the lease, text kept when an
-- editor took a story over) and say whether the server has them (`shared`): a desk's own
-- record of a save gives way to the server's once that arrives.
CREATE TABLE revisions_v10 (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN
                    ('created', 'save', 'autosave', 'restore', 'conflict', 'unleased', 'take_over')),
    author      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    headline    TEXT    NOT NULL,
    standfirst  TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    tags        TEXT    NOT NULL DEFAULT '[]',
    uuid        TEXT    NOT NULL UNIQUE,
    shared      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO revisions_v10
SELECT id, article_id, version, kind, author, created_at, updated_at, headline, standfirst,
       body, tags, 
    lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
        substr(lower(hex(randomblob(2))), 2) || '-' ||
        substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||
        lower(hex(randomblob(6)))
, 0
  FROM revisions;
DROP TABLE revisions;
ALTER TABLE revisions_v10 RENAME TO revisions;
CREATE INDEX revisions_article ON revisions (article_id, id DESC);

ALTER TABLE transitions ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;

-- Stories a desk had before it joined the newsroom and that were past review then stay its own:
-- their changes are not sent (the server could not take them in mid-workflow).
ALTER TABLE articles ADD COLUMN local_only INTEGER NOT NULL DEFAULT 0;

-- The newsroom this desk is connected to (at most one). The session token lets the CLI act
-- between runs; it is as private as the drafts in this file.
CREATE TABLE newsroom (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    server      TEXT    NOT NULL,
    account     TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    token       TEXT,
    -- The last sequence number of the server's feed applied here.
    last_seq    INTEGER NOT NULL DEFAULT 0,
    connected_at INTEGER NOT NULL,
    last_sync_at INTEGER,
    last_error  TEXT
);

-- Changes made while connected, oldest first, each with the id the server dedupes by. A row
-- leaves only when the server has answered it (applied or refused).
CREATE TABLE pending_ops (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id       TEXT    NOT NULL UNIQUE,
    article     TEXT,
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX pending_ops_article ON pending_ops (article);

-- What the server refused, for the person to see (the text is kept as a revision).
CREATE TABLE newsroom_refusals (
    id          INTEGER PRIMARY KEY,
    op_id       TEXT    NOT NULL,
    article     TEXT,
    kind        TEXT    NOT NULL,
    code        TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    at          INTEGER NOT NULL
);

-- Who holds each article's body (edit lease), as the server last said.
CREATE TABLE article_leases (
    article     TEXT    PRIMARY KEY,
    account     TEXT    NOT NULL,
    desk        TEXT    NOT NULL,
    acquired_at INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);

-- Pulled changes that name something not here yet (a reply before its thread's first
-- comment, a revision before its article): kept, and applied as soon as what they need is.
CREATE TABLE newsroom_orphans (
    seq         INTEGER PRIMARY KEY,
    entity      TEXT    NOT NULL
);
