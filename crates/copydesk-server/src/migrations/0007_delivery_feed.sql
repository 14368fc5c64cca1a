-- The server's webhook deliveries in the feed, so every desk's Log shows whether a story the
-- newsroom published reached the site. Desks see the address's host only (the rest may carry
-- a token).
ALTER TABLE deliveries ADD COLUMN id UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE;
ALTER TABLE deliveries ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX deliveries_seq ON deliveries (seq);

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
    WHEN 'delivery' THEN UPDATE deliveries SET seq = s WHERE id = key::uuid;
  END CASE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'copydesk_stamp: no % row %', kind, key;
  END IF;
END $$;
