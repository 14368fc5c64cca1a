-- The newsroom's first schema. Times are Unix milliseconds (BIGINT), as in the desk's SQLite.
-- Every shared entity row carries `seq`: the global sequence number of its last change
-- (assigned at the end of the writing transaction under an advisory lock, so seq order is
-- commit order). Pull reads `WHERE seq > $since ORDER BY seq`.

CREATE TABLE seq_counter (
  id    INT PRIMARY KEY CHECK (id = 1),
  value BIGINT NOT NULL
);
INSERT INTO seq_counter (id, value) VALUES (1, 0);

CREATE TABLE accounts (
  name          TEXT PRIMARY KEY,
  role          TEXT NOT NULL CHECK (role IN ('writer', 'editor', 'admin')),
  password_hash TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  revoked_at    BIGINT,
  seq           BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX accounts_seq ON accounts (seq);

-- Only the SHA-256 of a bearer token is stored.
CREATE TABLE sessions (
  token_hash BYTEA PRIMARY KEY,
  account    TEXT NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
  desk       UUID NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account);

CREATE TABLE articles (
  id            UUID PRIMARY KEY,
  slug          TEXT NOT NULL,
  headline      TEXT NOT NULL,
  standfirst    TEXT NOT NULL,
  byline        TEXT NOT NULL,
  dateline      TEXT NOT NULL,
  section       TEXT NOT NULL,
  body          TEXT NOT NULL,
  tags          TEXT[] NOT NULL,
  urgency       SMALLINT NOT NULL CHECK (urgency BETWEEN 1 AND 8),
  status        TEXT NOT NULL,
  spiked_from   TEXT,
  author        TEXT NOT NULL,
  word_count    INT NOT NULL,
  version       BIGINT NOT NULL,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  scheduled_at  BIGINT,
  schedule_zone TEXT,
  schedule_wall TEXT,
  embargo_until BIGINT,
  embargo_zone  TEXT,
  published_at  BIGINT,
  seq           BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX articles_seq ON articles (seq);
-- For the later server-side scheduler: `UPDATE … WHERE status = 'scheduled'`.
CREATE INDEX articles_due ON articles (scheduled_at) WHERE status = 'scheduled';

CREATE TABLE revisions (
  id         UUID PRIMARY KEY,
  article    UUID NOT NULL REFERENCES articles (id),
  version    BIGINT NOT NULL,
  kind       TEXT NOT NULL,
  author     TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  headline   TEXT NOT NULL,
  standfirst TEXT NOT NULL,
  body       TEXT NOT NULL,
  tags       TEXT[] NOT NULL,
  seq        BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX revisions_seq ON revisions (seq);
CREATE INDEX revisions_article ON revisions (article, created_at);

CREATE TABLE comments (
  id          UUID PRIMARY KEY,
  article     UUID NOT NULL REFERENCES articles (id),
  parent      UUID REFERENCES comments (id),
  reply_to    UUID REFERENCES comments (id),
  author      TEXT NOT NULL,
  body        TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  edited_at   BIGINT,
  deleted_at  BIGINT,
  resolved_at BIGINT,
  resolved_by TEXT,
  seq         BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX comments_seq ON comments (seq);
CREATE INDEX comments_parent ON comments (parent);

CREATE TABLE transitions (
  id          UUID PRIMARY KEY,
  article     UUID NOT NULL REFERENCES articles (id),
  action      TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  actor       TEXT NOT NULL,
  role        TEXT NOT NULL,
  at          BIGINT NOT NULL,
  note        TEXT NOT NULL,
  seq         BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX transitions_seq ON transitions (seq);

-- One row per article that ever had a lease; a released lease keeps its row with no holder,
-- so the release itself is a change desks pull.
CREATE TABLE leases (
  article     UUID PRIMARY KEY REFERENCES articles (id),
  account     TEXT,
  desk        UUID,
  acquired_at BIGINT,
  expires_at  BIGINT,
  seq         BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX leases_seq ON leases (seq);

-- Every operation ever answered, with the answer, so a replay returns it. `result` is the
-- OpResult as JSON without its seq, which is in `seq` (set by copydesk_stamp).
CREATE TABLE ops (
  op_id       UUID PRIMARY KEY,
  account     TEXT NOT NULL,
  kind        TEXT NOT NULL,
  digest      BYTEA NOT NULL,
  result      TEXT NOT NULL,
  seq         BIGINT,
  answered_at BIGINT NOT NULL
);

-- The last step of every writing transaction, in one round trip: stores the operation's
-- answer (when there is one), then gives every touched row the next seqs under a
-- transaction-scoped advisory lock, so seq order is commit order (the lock, like the counter
-- row's, is held until commit), and NOTIFYs the newest seq (delivered at commit). Returns the
-- newest seq, or NULL when nothing was touched. kinds[i] names the table of keys[i].
CREATE FUNCTION copydesk_stamp(kinds TEXT[], keys TEXT[], channel TEXT, op UUID, answer TEXT)
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
  -- 0x6364736b00000002: "cdsk", 2.
  PERFORM pg_advisory_xact_lock(7161976210824626178);
  UPDATE seq_counter SET value = value + n WHERE id = 1 RETURNING value INTO last;
  s := last - n;
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
      RAISE EXCEPTION 'copydesk_stamp: no % row %', kinds[i], keys[i];
    END IF;
  END LOOP;
  IF op IS NOT NULL THEN
    UPDATE ops SET seq = last WHERE op_id = op;
  END IF;
  PERFORM pg_notify(channel, last::text);
  RETURN last;
END $$;
