package it.pis.gateway.journal;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * For tests that look into the journal's tables: the plaintext of a sealed raw message or report
 * body, found by a WHERE clause, as the gateway itself would read it.
 */
public final class OpenedJournalRows {

    private OpenedJournalRows() {
    }

    /** inbound_message.raw of the one row matching {@code where}. */
    public static byte[] raw(JdbcTemplate jdbc, JournalCipher cipher, String where, Object... args) {
        return jdbc.queryForObject("SELECT id, raw_key_id, raw FROM inbound_message WHERE " + where,
                (rs, i) -> cipher.open(InboundJournal.TABLE, rs.getString(1), rs.getString(2), rs.getBytes(3)), args);
    }

    /** report.body (the report's JSON) of the one row matching {@code where}. */
    public static String body(JdbcTemplate jdbc, JournalCipher cipher, String where, Object... args) {
        return jdbc.queryForObject("SELECT id, body_key_id, body FROM report WHERE " + where,
                (rs, i) -> new SealedReportBodies(cipher).open(rs.getString(1), rs.getString(2), rs.getString(3)), args);
    }

    /** How many report bodies contain {@code text} once opened (every report read: for the benchmark's check). */
    public static long bodiesContaining(JdbcTemplate jdbc, JournalCipher cipher, String text) {
        SealedReportBodies bodies = new SealedReportBodies(cipher);
        long[] count = {0};
        jdbc.query("SELECT id, body_key_id, body FROM report", rs -> {
            if (bodies.open(rs.getString(1), rs.getString(2), rs.getString(3)).contains(text)) {
                count[0]++;
            }
        });
        return count[0];
    }
}
