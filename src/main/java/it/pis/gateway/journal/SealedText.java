package it.pis.gateway.journal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A TEXT column sealed by the journal's cipher (handover.body, placement_decision.note): the text as
 * it is when no key sealed it (rows from before encryption), else the Base64 of the sealed UTF-8, so
 * the column keeps its type on both databases. {@code table} is the associated data's table part.
 */
final class SealedText {

    /** A value ready for its row: its text and the id of the key that sealed it (null: plaintext). */
    record Stored(String text, String keyId) {
    }

    private final JournalCipher cipher;
    private final String table;

    SealedText(JournalCipher cipher, String table) {
        this.cipher = cipher;
        this.table = table;
    }

    Stored seal(String rowId, String text) {
        if (text == null) {
            return new Stored(null, null);
        }
        JournalCipher.Sealed sealed = cipher.seal(table, rowId, text.getBytes(StandardCharsets.UTF_8));
        return sealed.keyId() == null ? new Stored(text, null)
                : new Stored(Base64.getEncoder().encodeToString(sealed.bytes()), sealed.keyId());
    }

    /** The text of row {@code rowId}, stored as {@code stored} under {@code keyId} (null: plaintext). */
    String open(String rowId, String keyId, String stored) {
        if (keyId == null || stored == null) {
            return stored;
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(stored);
        } catch (IllegalArgumentException e) {
            throw new UnreadableJournalRow(table, rowId, "not Base64: changed outside the gateway");
        }
        return new String(cipher.open(table, rowId, keyId, sealed), StandardCharsets.UTF_8);
    }
}
