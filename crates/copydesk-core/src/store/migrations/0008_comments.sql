-- Editorial comments on an article: threaded, private to the newsroom (never indexed for
-- search, never written to the outbox). Bodies are plain text as typed. Times are UTC ms.
CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    -- The thread's first comment; NULL for that first comment itself. Threads are one level
    -- deep, so a thread is every row with this parent plus the parent.
    parent_id   INTEGER REFERENCES comments (id),
    -- The comment a reply answers (the first comment or another reply in the same thread).
    -- Neither reference cascades: removing a comment that something hangs from fails loudly
    -- rather than taking the replies with it (an article's deletion removes them all at once).
    reply_to_id INTEGER REFERENCES comments (id),
    author      TEXT    NOT NULL,
    -- '' once deleted: the row stays as a "comment deleted" placeholder while replies need it.
    body        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    edited_at   INTEGER,
    deleted_at  INTEGER,
    -- Only on a thread's first comment: who closed the thread, and when (NULL: open).
    resolved_at INTEGER,
    resolved_by TEXT,
    CHECK (parent_id IS NULL OR (resolved_at IS NULL AND resolved_by IS NULL)),
    CHECK ((parent_id IS NULL) = (reply_to_id IS NULL))
);
CREATE INDEX comments_article ON comments (article_id, id);
CREATE INDEX comments_parent ON comments (parent_id, id);
CREATE INDEX comments_reply_to ON comments (reply_to_id);
