-- What an idempotency key first carried: SHA-256 (hex) of the message's content in its channel's
-- normal form, without what a genuine resend may change (HL7 MSH-7, FHIR Bundle.timestamp, meta and
-- signature, the SOAP header, the CMS envelope). A later message with the same key and another hash
-- is refused as a reused key instead of being answered as a duplicate. Rows from before this column
-- keep NULL, and a NULL hash still answers as a duplicate, as it always did.

ALTER TABLE report ADD COLUMN content_sha256 VARCHAR(64);
ALTER TABLE shelter_document ADD COLUMN content_sha256 VARCHAR(64);
