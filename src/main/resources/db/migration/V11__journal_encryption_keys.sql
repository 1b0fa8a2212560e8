-- Personal data at rest (journal/JournalCipher): inbound_message.raw (every channel's raw message,
-- shelter documents' included) and report.body are sealed with AES-GCM under one of the configured
-- journal keys. The key that sealed a row is named here, so keys can rotate and the `rekey` command
-- can find the rows still under an old key. NULL: a row stored before encryption, in plaintext, still
-- read as it is. report.body keeps its TEXT type: a sealed body is the Base64 of nonce || ciphertext.

ALTER TABLE inbound_message ADD COLUMN raw_key_id VARCHAR(32);
ALTER TABLE report ADD COLUMN body_key_id VARCHAR(32);
