-- Lists are read a page at a time (keyset paging), so each list order needs an index that
-- walks it from any row: one per article sort within a queue, and the wire queue's order.

-- The queue an article is listed in: its status, except that killed stories stay with the
-- published ones. Virtual: computed when read, stored only in the indexes below.
ALTER TABLE articles ADD COLUMN queue TEXT
    GENERATED ALWAYS AS (CASE status WHEN 'killed' THEN 'published' ELSE status END) VIRTUAL;

-- Each sort ends in (updated_at DESC, id DESC), so a page boundary is always one row.
CREATE INDEX articles_queue_updated ON articles (queue, updated_at DESC, id DESC);
CREATE INDEX articles_queue_author ON articles (queue, author, updated_at DESC, id DESC);
CREATE INDEX articles_queue_headline
    ON articles (queue, headline COLLATE NOCASE, updated_at DESC, id DESC);
CREATE INDEX articles_queue_words ON articles (queue, word_count DESC, updated_at DESC, id DESC);
CREATE INDEX articles_queue_urgency ON articles (queue, urgency, updated_at DESC, id DESC);

-- The wire queue: the latest version of each story, newest first. A story's updated_at is
-- its latest version's received_at (both are the import's time).
CREATE INDEX wire_stories_latest
    ON wire_stories (updated_at DESC, latest_item_id DESC) WHERE latest_item_id IS NOT NULL;

-- How many articles each queue holds per author, and how many stories the wire shows, kept by
-- triggers in the writing transaction: the navigator's counts and an unfiltered list's total
-- then cost a few rows, not a walk over a year of entries.
CREATE TABLE list_counts (
    -- A queue (articles.queue), or 'wire'.
    list   TEXT    NOT NULL,
    author TEXT    NOT NULL DEFAULT '',
    n      INTEGER NOT NULL,
    PRIMARY KEY (list, author)
) WITHOUT ROWID;
INSERT INTO list_counts (list, author, n)
    SELECT queue, author, count(*) FROM articles GROUP BY queue, author;
INSERT INTO list_counts (list, author, n)
    SELECT 'wire', '', count(*) FROM wire_stories WHERE latest_item_id IS NOT NULL;

CREATE TRIGGER articles_counted AFTER INSERT ON articles BEGIN
    INSERT INTO list_counts (list, author, n) VALUES (new.queue, new.author, 1)
        ON CONFLICT (list, author) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER articles_uncounted AFTER DELETE ON articles BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = old.queue AND author = old.author;
END;
CREATE TRIGGER articles_recounted AFTER UPDATE OF status, author ON articles
    WHEN old.queue IS NOT new.queue OR old.author IS NOT new.author BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = old.queue AND author = old.author;
    INSERT INTO list_counts (list, author, n) VALUES (new.queue, new.author, 1)
        ON CONFLICT (list, author) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER wire_stories_counted AFTER INSERT ON wire_stories
    WHEN new.latest_item_id IS NOT NULL BEGIN
    UPDATE list_counts SET n = n + 1 WHERE list = 'wire' AND author = '';
END;
CREATE TRIGGER wire_stories_recounted AFTER UPDATE OF latest_item_id ON wire_stories
    WHEN (old.latest_item_id IS NULL) != (new.latest_item_id IS NULL) BEGIN
    UPDATE list_counts SET n = n + CASE WHEN new.latest_item_id IS NULL THEN -1 ELSE 1 END
     WHERE list = 'wire' AND author = '';
END;
CREATE TRIGGER wire_stories_uncounted AFTER DELETE ON wire_stories
    WHEN old.latest_item_id IS NOT NULL BEGIN
    UPDATE list_counts SET n = n - 1 WHERE list = 'wire' AND author = '';
END;
