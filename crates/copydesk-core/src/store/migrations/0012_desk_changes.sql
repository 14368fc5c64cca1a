-- What each write touched, in commit order, so that a window open on this desk can show what
-- another process (the `copydesk` CLI, a script, a second app) wrote: it reads the rows after
-- the last one it saw and announces those things. Kept by triggers, so every writer records,
-- whatever its version of the code does. Pruned to the newest rows when a desk opens.
CREATE TABLE desk_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    -- article_new, article, article_gone, comment (id: the thread), wire_story, quarantine
    kind       TEXT    NOT NULL,
    id         INTEGER NOT NULL,
    -- For comments: the article the thread is on.
    article_id INTEGER
);

CREATE TRIGGER desk_changes_article_new AFTER INSERT ON articles BEGIN
    INSERT INTO desk_changes (kind, id) VALUES ('article_new', NEW.id);
END;
CREATE TRIGGER desk_changes_article AFTER UPDATE ON articles BEGIN
    INSERT INTO desk_changes (kind, id) VALUES ('article', NEW.id);
END;
CREATE TRIGGER desk_changes_article_gone AFTER DELETE ON articles BEGIN
    INSERT INTO desk_changes (kind, id) VALUES ('article_gone', OLD.id);
END;
CREATE TRIGGER desk_changes_tag_on AFTER INSERT ON article_tags BEGIN
    INSERT INTO desk_changes (kind, id) VALUES ('article', NEW.article_id);
END;
CREATE TRIGGER desk_changes_tag_off AFTER DELETE ON article_tags BEGIN
    INSERT INTO desk_changes (kind, id) VALUES ('article', OLD.article_id);
END;

CREATE TRIGGER desk_changes_comment_new AFTER INSERT ON comments BEGIN
    INSERT INTO desk_changes (kind, id, article_id)
    VALUES ('comment', COALESCE(NEW.parent_id, NEW.id), NEW.article_id);
END;
CREATE TRIGGER desk_changes_comment AFTER UPDATE ON comments BEGIN
    INSERT INTO desk_changes (kind, id, article_id)
    VALUES ('comment', COALESCE(NEW.parent_id, NEW.id), NEW.article_id);
END;
CREATE TRIGGER desk_changes_comment_gone AFTER DELETE ON comments BEGIN
    INSERT INTO desk_changes (kind, id, article_id)
    VALUES ('comment', COALESCE(OLD.parent_id, OLD.id), OLD.article_id);
END;

-- A new story or a new version of one (the story row's latest item moves).
CREATE TRIGGER desk_changes_wire_new AFTER INSERT ON wire_stories BEGIN
    INSERT INTO desk_changes (kind, id) VALUES ('wire_story', NEW.id);
END;
CREATE TRIGGER desk_changes_wire AFTER UPDATE ON wire_stories BEGIN
    INSERT INTO desk_changes (kind, id) VALUES ('wire_story', NEW.id);
END;

CREATE TRIGGER desk_changes_quarantine AFTER INSERT ON wire_files
WHEN NEW.outcome = 'quarantined' BEGIN
    INSERT INTO desk_changes (kind, id) VALUES ('quarantine', NEW.id);
END;
