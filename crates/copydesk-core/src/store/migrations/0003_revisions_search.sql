-- Revisions: every explicit save, coalesced autosaves, restores, and the losing side of a
-- conflicting save, so no text is ever lost.
CREATE TABLE revisions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    -- The article version this text became (for a conflict: the version it was based on).
    version     INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('created', 'save', 'autosave', 'restore', 'conflict')),
    author      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    headline    TEXT    NOT NULL,
    standfirst  TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    tags        TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX revisions_article ON revisions (article_id, id DESC);

-- One full-text index over drafts and wire copy. The rowid says what a row is: an article's
-- is id * 2, a wire item's id * 2 + 1, so a row is found and replaced without a scan.
CREATE VIRTUAL TABLE search_index USING fts5 (
    headline, standfirst, body, tags,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- Wire items never change once stored: indexed as they arrive.
CREATE TRIGGER wire_items_search AFTER INSERT ON wire_items BEGIN
    INSERT INTO search_index (rowid, headline, standfirst, body, tags)
    VALUES (new.id * 2 + 1, new.headline, coalesce(new.standfirst, ''), new.body,
            (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.keywords)));
END;

-- Bring what is already stored into the index.
INSERT INTO search_index (rowid, headline, standfirst, body, tags)
SELECT a.id * 2, a.headline, a.standfirst, a.body,
       coalesce((SELECT group_concat(t.name, ' ') FROM article_tags x JOIN tags t ON t.id = x.tag_id
                  WHERE x.article_id = a.id), '')
  FROM articles a;
INSERT INTO search_index (rowid, headline, standfirst, body, tags)
SELECT w.id * 2 + 1, w.headline, coalesce(w.standfirst, ''), w.body,
       (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(w.keywords))
  FROM wire_items w;

-- Every existing article starts its history with what it is now.
INSERT INTO revisions (article_id, version, kind, author, created_at, updated_at, headline,
                       standfirst, body, tags)
SELECT a.id, a.version, 'created', a.author, a.updated_at, a.updated_at, a.headline,
       a.standfirst, a.body,
       coalesce((SELECT json_group_array(t.name) FROM article_tags x JOIN tags t ON t.id = x.tag_id
                  WHERE x.article_id = a.id), '[]')
  FROM articles a;
