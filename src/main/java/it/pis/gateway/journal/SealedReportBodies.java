package it.pis.gateway.journal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * report.body as stored: the report's JSON in plaintext when no key sealed it (rows from before
 * encryption), else the Base64 of the sealed UTF-8 JSON (the column stays TEXT on both databases).
 */
final class SealedReportBodies {

    /** A body ready for the report row: its text and the id of the key that sealed it (null: plaintext). */
    record Stored(String text, String keyId) {
    }

    private final JournalCipher cipher;

    SealedReportBodies(JournalCipher cipher) {
        this.cipher = cipher;
    }

    Stored seal(String reportId, String json) {
        JournalCipher.Sealed sealed = cipher.seal(ReportStore.TABLE, reportId, json.getBytes(StandardCharsets.UTF_8));
        return sealed.keyId() == null ? new Stored(json, null)
                : new Stored(Base64.getEncoder().encodeToString(sealed.bytes()), sealed.keyId());
    }

    /** The JSON of report {@code reportId}, whose row holds {@code text} sealed under {@code keyId} (null: plaintext). */
    String open(String reportId, String keyId, String text) {
        if (keyId == null) {
            return text;
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new UnreadableJournalRow(ReportStore.TABLE, reportId, "its body is not Base64: changed outside the gateway");
        }
        return new String(cipher.open(ReportStore.TABLE, reportId, keyId, sealed), StandardCharsets.UTF_8);
    }

    JournalCipher cipher() {
        return cipher;
    }
}
