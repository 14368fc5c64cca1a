-- The wire: every file ever received (the ledger), the stories it carried, and each version.

-- One row per distinct file content received. sha256 makes a re-delivered file a duplicate and
-- lets a file that was committed but not yet moved (a crash) be recognised, not re-imported.
-- Refused entries (symlinks, FIFOs, files over the cap) are never read: no hash, no bytes.
CREATE TABLE wire_files (
    id           INTEGER PRIMARY KEY,
    sha256       TEXT UNIQUE,
    name         TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    outcome      TEXT    NOT NULL CHECK (outcome IN ('imported', 'quarantined')),
    reason_code  TEXT,
    reason       TEXT,
    format       TEXT,
    encoding     TEXT,
    -- Where the file went (archive or quarantine), once moved.
    shelved_at_path TEXT,
    -- The bytes as received, so nothing is ever lost even if the folders are cleaned.
    original     BLOB
);
CREATE INDEX wire_files_quarantined ON wire_files (received_at DESC) WHERE outcome = 'quarantined';

-- A story: the versions of one wire item (same provider + guid, or for formats without ids the
-- same provider + keyword within a couple of days).
CREATE TABLE wire_stories (
    id             INTEGER PRIMARY KEY,
    provider       TEXT    NOT NULL DEFAULT '',
    story_key      TEXT,
    latest_item_id INTEGER,
    latest_version INTEGER NOT NULL DEFAULT 0,
    killed         INTEGER NOT NULL DEFAULT 0,
    first_at       INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX wire_stories_key ON wire_stories (provider, story_key, updated_at) WHERE story_key IS NOT NULL;

CREATE TABLE wire_items (
    id            INTEGER PRIMARY KEY,
    story_id      INTEGER NOT NULL REFERENCES wire_stories (id),
    file_id       INTEGER NOT NULL REFERENCES wire_files (id),
    position      INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    -- new: first of its story; update: a newer version; history: same or older, kept only.
    role          TEXT    NOT NULL CHECK (role IN ('new', 'update', 'history')),
    format        TEXT    NOT NULL,
    encoding      TEXT    NOT NULL,
    provider      TEXT,
    source        TEXT,
    guid          TEXT,
    headline      TEXT    NOT NULL,
    standfirst    TEXT,
    byline        TEXT,
    dateline      TEXT,
    slugline      TEXT,
    urgency       INTEGER,
    priority      INTEGER,
    language      TEXT,
    ednote        TEXT,
    body          TEXT    NOT NULL,
    embargo       INTEGER,
    pub_status    TEXT    NOT NULL,
    sent_at       INTEGER,
    edit_marker   TEXT,
    previous_guid TEXT,
    story_key     TEXT,
    subjects      TEXT    NOT NULL DEFAULT '[]',
    keywords      TEXT    NOT NULL DEFAULT '[]',
    warnings      TEXT    NOT NULL DEFAULT '[]',
    removed       TEXT    NOT NULL DEFAULT '[]',
    received_at   INTEGER NOT NULL
);
CREATE INDEX wire_items_story ON wire_items (story_id, version);
CREATE INDEX wire_items_received ON wire_items (received_at DESC);
-- Versions find their story through any earlier item's guid (NITF points at the previous
-- document's id, NewsML-G2 repeats its own guid).
CREATE INDEX wire_items_guid ON wire_items (provider, guid) WHERE guid IS NOT NULL;
CREATE INDEX wire_items_file ON wire_items (file_id);

-- A draft taken from the wire remembers the item and version it came from.
ALTER TABLE articles ADD COLUMN wire_item_id INTEGER REFERENCES wire_items (id);
