-- The newsroom server's webhook deliveries (copydesk-server --webhook), as its feed reports
-- them: `uuid` is the server's id (NULL for this desk's own). This desk never sends them.
ALTER TABLE deliveries ADD COLUMN uuid TEXT;
CREATE UNIQUE INDEX deliveries_uuid ON deliveries (uuid) WHERE uuid IS NOT NULL;
