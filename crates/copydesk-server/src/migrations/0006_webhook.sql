-- The newsroom's webhook: a server started with `--webhook URL` POSTs each publication's ninjs
-- there, once, retried with growing waits, whichever process gets to it first. `webhooks`
-- remembers since when each address has been served, so a restart delivers what was
-- published while it was down and a new address does not receive the whole archive.
CREATE TABLE webhooks (
  url   TEXT PRIMARY KEY,
  since BIGINT NOT NULL
);

CREATE TABLE deliveries (
  publication UUID NOT NULL REFERENCES publications (id),
  url         TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts    INT NOT NULL DEFAULT 0,
  next_at     BIGINT NOT NULL,
  last_status INT,
  last_error  TEXT NOT NULL DEFAULT '',
  updated_at  BIGINT NOT NULL,
  PRIMARY KEY (publication, url)
);
CREATE INDEX deliveries_due ON deliveries (next_at) WHERE state = 'pending';
CREATE INDEX publications_at ON publications (at);
