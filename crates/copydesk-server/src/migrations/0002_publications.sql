-- What the newsroom put out: one row per publish, correction or kill, made in the same
-- transaction as the move, with the story as it was published (so the files say exactly what
-- went out, whatever is edited later). A server started with an outbox folder writes each
-- row's files once and marks it written (see `outputs.rs`).
CREATE TABLE publications (
  id         UUID PRIMARY KEY,
  article    UUID NOT NULL REFERENCES articles (id),
  kind       TEXT NOT NULL CHECK (kind IN ('publish', 'correction', 'kill')),
  number     INT NOT NULL,
  at         BIGINT NOT NULL,
  story      TEXT NOT NULL,
  written_at BIGINT,
  written_to TEXT,
  UNIQUE (article, number)
);
CREATE INDEX publications_unwritten ON publications (at) WHERE written_at IS NULL;
