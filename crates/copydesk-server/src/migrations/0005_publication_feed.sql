-- Publications in the feed: every desk sees what went out for a story (first publish,
-- corrections, kill) and where the newsroom's outbox wrote it, whichever desk or server
-- scheduler made the move.
ALTER TABLE publications ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX publications_seq ON publications (seq);

CREATE OR REPLACE FUNCTION copydesk_stamp_row(kind TEXT, key TEXT, s BIGINT)
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
  CASE kind
    WHEN 'account' THEN UPDATE accounts SET seq = s WHERE name = key;
    WHEN 'article' THEN UPDATE articles SET seq = s WHERE id = key::uuid;
    WHEN 'revision' THEN UPDATE revisions SET seq = s WHERE id = key::uuid;
    WHEN 'comment' THEN UPDATE comments SET seq = s WHERE id = key::uuid;
    WHEN 'transition' THEN UPDATE transitions SET seq = s WHERE id = key::uuid;
    WHEN 'lease' THEN UPDATE leases SET seq = s WHERE article = key::uuid;
    WHEN 'wire_file' THEN UPDATE wire_files SET seq = s WHERE sha256 = key;
    WHEN 'publication' THEN UPDATE publications SET seq = s WHERE id = key::uuid;
  END CASE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'copydesk_stamp: no % row %', kind, key;
  END IF;
END $$;

-- Publications recorded before this version get seqs now (in the order they went out), so a
-- desk that pulls from the start sees them too. Under the seq lock, as copydesk_stamp takes it.
DO $$
DECLARE
  n    BIGINT;
  last BIGINT;
BEGIN
  SELECT count(*) INTO n FROM publications;
  IF n > 0 THEN
    PERFORM pg_advisory_xact_lock(7161976210824626178);
    UPDATE seq_counter SET value = value + n WHERE id = 1 RETURNING value INTO last;
    UPDATE publications p SET seq = last - n + o.rn
      FROM (SELECT id, row_number() OVER (ORDER BY at, id) AS rn FROM publications) o
     WHERE o.id = p.id;
  END IF;
END $$;
