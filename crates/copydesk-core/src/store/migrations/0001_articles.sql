-- Articles: the stories journalists write. Times are UTC epoch milliseconds.
CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL DEFAULT '',
    headline    TEXT    NOT NULL,
    standfirst  TEXT    NOT NULL DEFAULT '',
    byline      TEXT    NOT NULL DEFAULT '',
    dateline    TEXT    NOT NULL DEFAULT '',
    section     TEXT    NOT NULL DEFAULT '',
    body        TEXT    NOT NULL DEFAULT '',
    urgency     INTEGER NOT NULL DEFAULT 5 CHECK (urgency BETWEEN 1 AND 8),
    status      TEXT    NOT NULL DEFAULT 'draft',
    author      TEXT    NOT NULL DEFAULT '',
    word_count  INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX articles_updated ON articles (updated_at DESC);

-- Tags are unique whatever their case; the first spelling used is kept.
CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags (tag_id);
