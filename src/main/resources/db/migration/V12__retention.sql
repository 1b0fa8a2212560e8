-- Retention (issue 9): the purge (journal/RetentionPurge) removes the raw bytes of inbound messages
-- past their period and keeps the row (when, from whom, which id, the outcome, the report made) for
-- the record. raw_purged_at says when the bytes went; the index finds the rows still holding bytes
-- oldest first, so a purge run reads only what it will blank, never the rows blanked before.
-- Rows from before this column keep NULL: they still hold their bytes.
ALTER TABLE inbound_message ADD COLUMN raw_purged_at TIMESTAMP WITH TIME ZONE;

CREATE INDEX ix_inbound_raw_kept ON inbound_message (raw_purged_at, received_at);
