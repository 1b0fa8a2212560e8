package it.pis.gateway.journal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Moves every sealed journal value (inbound_message.raw, report.body) that is not under the current
 * key to it, a batch per transaction: rows under an older key, and rows stored in plaintext before
 * encryption. Afterwards the older keys can be removed from the configuration. A row is rewritten
 * only if it still holds what was read, so a gateway running at the same time (PostgreSQL) never
 * loses a change (a report taken meanwhile is sealed under the current key already). A row that
 * cannot be opened (its key missing, or changed) is counted and left as it is.
 */
public final class JournalRekey {

    /** What one run did: values moved to the current key, per column, and rows left unreadable. */
    public record Result(int rawMessages, int reportBodies, int unreadable) {
    }

    private record Row(String id, String keyId, byte[] value) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JournalCipher cipher;

    public JournalRekey(JdbcTemplate jdbc, TransactionTemplate tx, JournalCipher cipher) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.cipher = cipher;
    }

    /** Re-encrypts in batches of {@code batchSize}; {@code unreadable} hears of each row left as it is. */
    public Result run(int batchSize, Consumer<String> unreadable) {
        if (cipher.currentKeyId() == null) {
            throw new IllegalStateException("no current journal key to re-encrypt under");
        }
        int[] problems = {0};
        Consumer<UnreadableJournalRow> skip = e -> {
            problems[0]++;
            unreadable.accept(e.getMessage());
        };
        int raw = rekey(new RawMessages(), batchSize, skip);
        int bodies = rekey(new ReportBodies(), batchSize, skip);
        return new Result(raw, bodies, problems[0]);
    }

    /** One sealed column: how to read a batch of rows not under the current key, and to rewrite one. */
    private interface Column {
        List<Row> after(String lastId, int limit);

        /** Opens the row's value and seals it under the current key; @return whether the row still held what was read */
        boolean reseal(Row row);
    }

    private int rekey(Column column, int batchSize, Consumer<UnreadableJournalRow> skip) {
        int moved = 0;
        String last = "";
        while (true) {
            List<Row> batch = column.after(last, batchSize);
            if (batch.isEmpty()) {
                return moved;
            }
            last = batch.get(batch.size() - 1).id();
            moved += tx.execute(status -> {
                int n = 0;
                for (Row row : batch) {
                    try {
                        n += column.reseal(row) ? 1 : 0;
                    } catch (UnreadableJournalRow e) {
                        skip.accept(e);
                    }
                }
                return n;
            });
        }
    }

    private final class RawMessages implements Column {
        @Override
        public List<Row> after(String lastId, int limit) {
            return jdbc.query("SELECT id, raw_key_id, raw FROM inbound_message WHERE (raw_key_id IS NULL OR raw_key_id <> ?)"
                            // a message purged by retention has no bytes left to seal
                            + " AND raw_purged_at IS NULL AND id > ? ORDER BY id LIMIT ?", (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getBytes(3)),
                    cipher.currentKeyId(), lastId, limit);
        }

        @Override
        public boolean reseal(Row row) {
            byte[] plain = cipher.open(InboundJournal.TABLE, row.id(), row.keyId(), row.value());
            JournalCipher.Sealed sealed = cipher.seal(InboundJournal.TABLE, row.id(), plain);
            return jdbc.update("UPDATE inbound_message SET raw = ?, raw_key_id = ? WHERE id = ?"
                            + " AND raw_key_id IS NOT DISTINCT FROM ?", sealed.bytes(), sealed.keyId(), row.id(), row.keyId()) == 1;
        }
    }

    private final class ReportBodies implements Column {
        private final SealedReportBodies bodies = new SealedReportBodies(cipher);

        @Override
        public List<Row> after(String lastId, int limit) {
            return jdbc.query("SELECT id, body_key_id, body FROM report WHERE (body_key_id IS NULL OR body_key_id <> ?)"
                            + " AND id > ? ORDER BY id LIMIT ?",
                    (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3).getBytes(StandardCharsets.UTF_8)),
                    cipher.currentKeyId(), lastId, limit);
        }

        @Override
        public boolean reseal(Row row) {
            SealedReportBodies.Stored sealed = bodies.seal(row.id(), bodies.open(row.id(), row.keyId(), text(row)));
            return jdbc.update("UPDATE report SET body = ?, body_key_id = ? WHERE id = ? AND body = ?"
                            + " AND body_key_id IS NOT DISTINCT FROM ?", sealed.text(), sealed.keyId(), row.id(), text(row),
                    row.keyId()) == 1;
        }

        private static String text(Row row) {
            return new String(row.value(), StandardCharsets.UTF_8);
        }
    }
}
