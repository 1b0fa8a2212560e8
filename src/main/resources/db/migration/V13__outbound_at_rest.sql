-- Personal data at rest and retention on the outbound side (issue 9), as V11 and V12 did for the inbound one.
--
-- Sealed with AES-GCM (journal/JournalCipher) under one of the journal keys, the key named per value so
-- that keys rotate and `rekey` finds what is still under an old one; NULL: stored before this version,
-- in plaintext, read as it is:
--   handover.body (the canonical handover, TEXT: Base64 of nonce || ciphertext when sealed),
--   delivery.content (exactly the bytes sent) and delivery.receipt (the receiver's answer as received),
--   placement_decision.note (a shelter's free text about the person; widened to TEXT for the Base64).
-- The lengths of what was sent and received are kept apart: a sealed value is longer than the bytes,
-- and a purged one has none, while the record of a delivery keeps saying how long its content was.
ALTER TABLE handover ADD COLUMN body_key_id VARCHAR(32);
ALTER TABLE delivery ADD COLUMN content_key_id VARCHAR(32);
ALTER TABLE delivery ADD COLUMN content_length INTEGER;
ALTER TABLE delivery ADD COLUMN receipt_key_id VARCHAR(32);
ALTER TABLE delivery ADD COLUMN receipt_length INTEGER;
UPDATE delivery SET content_length = LENGTH(content), receipt_length = LENGTH(receipt);
ALTER TABLE placement_decision ALTER COLUMN note SET DATA TYPE TEXT;
ALTER TABLE placement_decision ADD COLUMN note_key_id VARCHAR(32);

-- Retention (journal/RetentionPurge): like inbound_message.raw, what goes is the personal data, and the
-- rows stay as the record of what was sent to whom, when, under which agreement and with which digest.
-- content_purged_at: content and receipt blanked, purge_rule the period that applied (named in the
-- staff API's 410); body_purged_at: the handover's body cut down to its envelope (ids, times, author,
-- recipients, confidentiality, placement id) once no delivery of it keeps its content;
-- note_purged_at: a placement decision's note removed. The indexes find what still holds data, oldest first.
ALTER TABLE delivery ADD COLUMN content_purged_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE delivery ADD COLUMN purge_rule VARCHAR(256);
ALTER TABLE handover ADD COLUMN body_purged_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE placement_decision ADD COLUMN note_purged_at TIMESTAMP WITH TIME ZONE;

CREATE INDEX ix_delivery_content_kept ON delivery (content_purged_at, state, updated_at);
CREATE INDEX ix_handover_body_kept ON handover (body_purged_at, created_at);
CREATE INDEX ix_placement_decision_note_kept ON placement_decision (note_purged_at, received_at);
