-- One stamp for a whole push: a push's operations are applied in one transaction (a savepoint
-- each), so the seq lock, the counter and the NOTIFY are paid once per push, not per operation.
-- kinds[i]/keys[i] name the touched rows in the order their final seqs go (each row once);
-- op_ids[j] gets answers[j] and, when it touched rows, seq = base + op_last[j] (the highest final
-- position among its rows; 0 = none). Returns the newest seq, or NULL when nothing was touched.
CREATE FUNCTION copydesk_stamp_ops(kinds TEXT[], keys TEXT[], channel TEXT, op_ids UUID[],
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
  -- The same lock as copydesk_stamp: seq order is commit order.
  PERFORM pg_advisory_xact_lock(7161976210824626178);
  UPDATE seq_counter SET value = value + n WHERE id = 1 RETURNING value INTO last;
  base := last - n;
  s := base;
  FOR i IN 1 .. n LOOP
    s := s + 1;
    CASE kinds[i]
      WHEN 'account' THEN UPDATE accounts SET seq = s WHERE name = keys[i];
      WHEN 'article' THEN UPDATE articles SET seq = s WHERE id = keys[i]::uuid;
      WHEN 'revision' THEN UPDATE revisions SET seq = s WHERE id = keys[i]::uuid;
      WHEN 'comment' THEN UPDATE comments SET seq = s WHERE id = keys[i]::uuid;
      WHEN 'transition' THEN UPDATE transitions SET seq = s WHERE id = keys[i]::uuid;
      WHEN 'lease' THEN UPDATE leases SET seq = s WHERE article = keys[i]::uuid;
    END CASE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'copydesk_stamp_ops: no % row %', kinds[i], keys[i];
    END IF;
  END LOOP;
  FOR j IN 1 .. m LOOP
    IF op_last[j] > 0 THEN
      UPDATE ops SET seq = base + op_last[j] WHERE op_id = op_ids[j];
    END IF;
  END LOOP;
  PERFORM pg_notify(channel, last::text);
  RETURN last;
END $$;

-- Which revision of a story is the newest, also among those made earlier in the same push
-- (they have no seq until the push's stamp): the order they were made in. Existing rows take
-- their seq, which was that order.
ALTER TABLE revisions ADD COLUMN made BIGSERIAL;
UPDATE revisions SET made = seq;
SELECT setval(pg_get_serial_sequence('revisions', 'made'),
              (SELECT coalesce(max(made), 0) + 1 FROM revisions), false);
CREATE INDEX revisions_made ON revisions (article, made);
