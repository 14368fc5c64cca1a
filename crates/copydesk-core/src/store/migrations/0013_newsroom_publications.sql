-- A newsroom's publications, as its server recorded them: `uuid` is the server's id (NULL for a
-- desk's own). Their files are the newsroom outbox's to write (outbox = 'newsroom'; detail
-- says where, once written), never this desk's.
ALTER TABLE publications ADD COLUMN uuid TEXT;
CREATE UNIQUE INDEX publications_uuid ON publications (uuid) WHERE uuid IS NOT NULL;
