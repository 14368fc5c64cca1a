-- Wire copy shared newsroom-wide: each file once, by the SHA-256 of its original bytes,
-- whichever desk's inbox took it in first. Desks import it from the feed as their own inbox
-- would (the parse is the same code everywhere, so the stories come out the same).
CREATE TABLE wire_files (
  sha256      TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  original    BYTEA NOT NULL,
  added_by    TEXT NOT NULL,
  seq         BIGINT
);
CREATE INDEX wire_files_seq ON wire_files (seq);

-- One touched row gets its seq: the stamps below call this for each, so a new kind of entity
-- is one line here.
CREATE FUNCTION copydesk_stamp_row(kind TEXT, key TEXT, s BIGINT)
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
  END CASE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'copydesk_stamp: no % row %', kind, key;
  END IF;
END $$;

-- As in migration 0001, with the rows stamped by copydesk_stamp_row.
CREATE OR REPLACE FUNCTION copydesk_stamp(kinds TEXT[], keys TEXT[], channel TEXT, op UUID, answer TEXT)
RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  n    INT := coalesce(array_length(kinds, 1), 0);
  last BIGINT;
  s    BIGINT;
BEGIN
  IF op IS NOT NULL THEN
    UPDATE ops SET result = answer WHERE op_id = op;
  END IF;
  IF n = 0 THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(7161976210824626178);
  UPDATE seq_counter SET value = value + n WHERE id = 1 RETURNING value INTO last;
  s := last - n;
  FOR i IN 1 .. n LOOP
    s := s + 1;
    PERFORM copydesk_stamp_row(kinds[i], keys[i], s);
  END LOOP;
  IF op IS NOT NULL THEN
    UPDATE ops SET seq = last WHERE op_id = op;
  END IF;
  PERFORM pg_notify(channel, last::text);
  RETURN last;
END $$;

-- As in migration 0003, with the rows stamped by copydesk_stamp_row.
CREATE OR REPLACE FUNCTION copydesk_stamp_ops(kinds TEXT[], keys TEXT[], channel TEXT, op_ids UUID[],
                                              answers TEXT[], op_last INT[])
RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  n    INT := coalesce(array_length(kinds, 1), 0);
  m    INT := coalesce(array_length(op_ids, 1), 0);
  last BIGINT;
  base BIGINT;
  s    BIGINT;
BEGIN
  FOR j IN 1 .. m LOOP
    UPDATE ops SET result = answers[j] WHERE op_id = op_ids[j];
  END LOOP;
  IF n = 0 THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(7161976210824626178);
  UPDATE seq_counter SET value = value + n WHERE id = 1 RETURNING value INTO last;
  base := last - n;
  s := base;
  FOR i IN 1 .. n LOOP
    s := s + 1;
    PERFORM copydesk_stamp_row(kinds[i], keys[i], s);
  END LOOP;
  FOR j IN 1 .. m LOOP
    IF op_last[j] > 0 THEN
      UPDATE ops SET seq = base + op_last[j] WHERE op_id = op_ids[j];
    END IF;
  END LOOP;
  PERFORM pg_notify(channel, last::text);
  RETURN last;
END $$;
