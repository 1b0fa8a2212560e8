package it.pis.gateway.journal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Moves every sealed journal value (inbound_message.raw, report.body, handover.body, delivery.content,
 * delivery.receipt, placement_decision.note) that is not under the current key to it, a batch per transaction: rows under an older key, and rows stored in plaintext before
 * encryption. Afterwards the older keys can be removed from the configuration. A row is rewritten
 * only if it still holds what was read, so a gateway running at the same time (PostgreSQL) never
 * loses a change (a report taken meanwhile is sealed under the current key already). A row that
 * cannot be opened (its key missing, or changed) is counted and left as it is.
 */
public final class JournalRekey {

    /** What one run did: values moved to the current key, per column, and rows left unreadable. */
    public record Result(int rawMessages, int reportBodies, int handoverBodies, int deliveryContents,
                         int deliveryReceipts, int placementNotes, int unreadable) {

        /** All values moved, whatever their column. */
        public int moved() {
            return rawMessages + reportBodies + handoverBodies + deliveryContents + deliveryReceipts + placementNotes;
        }

        /** Per column, as the CLI prints it and the audit trail records it. */
        public String describe() {
            return rawMessages + " raw messages, " + reportBodies + " report bodies, " + handoverBodies
                    + " handover bodies, " + deliveryContents + " delivery contents, " + deliveryReceipts
                    + " delivery receipts and " + placementNotes + " placement notes";
        }
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
        // a purged value is no sealed value: its key id is NULL and it is left alone
        int handovers = rekey(new SealedTexts("handover", "id", "body", "body_key_id", HandoverJournal.TABLE,
                "body_purged_at IS NULL"), batchSize, skip);
        int contents = rekey(new SealedBytes("content", "content_key_id", HandoverJournal.CONTENT,
                "content_purged_at IS NULL"), batchSize, skip);
        int receipts = rekey(new SealedBytes("receipt", "receipt_key_id", HandoverJournal.RECEIPT,
                "content_purged_at IS NULL AND receipt IS NOT NULL"), batchSize, skip);
        int notes = rekey(new SealedTexts("placement_decision", "document_id", "note", "note_key_id", ShelterStore.NOTES,
                "note IS NOT NULL"), batchSize, skip);
        return new Result(raw, bodies, handovers, contents, receipts, notes, problems[0]);
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

    /** A BYTEA column of delivery sealed under {@code aad}; rows outside {@code kept} hold no sealed value. */
    private final class SealedBytes implements Column {
        private final String column;
        private final String keyColumn;
        private final String aad;
        private final String kept;

        SealedBytes(String column, String keyColumn, String aad, String kept) {
            this.column = column;
            this.keyColumn = keyColumn;
            this.aad = aad;
            this.kept = kept;
        }

        @Override
        public List<Row> after(String lastId, int limit) {
            return jdbc.query("SELECT id, " + keyColumn + ", " + column + " FROM delivery WHERE (" + keyColumn + " IS NULL OR "
                            + keyColumn + " <> ?) AND " + kept + " AND id > ? ORDER BY id LIMIT ?",
                    (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getBytes(3)), cipher.currentKeyId(), lastId, limit);
        }

        @Override
        public boolean reseal(Row row) {
            JournalCipher.Sealed sealed = cipher.seal(aad, row.id(), cipher.open(aad, row.id(), row.keyId(), row.value()));
            // a receipt recorded meanwhile is sealed already and changed the key id, or the bytes: left as it is
            return jdbc.update("UPDATE delivery SET " + column + " = ?, " + keyColumn + " = ? WHERE id = ? AND " + kept
                            + " AND " + keyColumn + " IS NOT DISTINCT FROM ? AND " + column + " = ?", sealed.bytes(),
                    sealed.keyId(), row.id(), row.keyId(), row.value()) == 1;
        }
    }

    /** A TEXT column sealed as Base64 ({@link SealedText}); rows outside {@code kept} hold no sealed value. */
    private final class SealedTexts implements Column {
        private final String table;
        private final String idColumn;
        private final String column;
        private final String keyColumn;
        private final SealedText texts;
        private final String kept;

        SealedTexts(String table, String idColumn, String column, String keyColumn, String aad, String kept) {
            this.table = table;
            this.idColumn = idColumn;
            this.column = column;
            this.keyColumn = keyColumn;
            this.texts = new SealedText(cipher, aad);
            this.kept = kept;
        }

        @Override
        public List<Row> after(String lastId, int limit) {
            return jdbc.query("SELECT " + idColumn + ", " + keyColumn + ", " + column + " FROM " + table + " WHERE ("
                            + keyColumn + " IS NULL OR " + keyColumn + " <> ?) AND " + kept + " AND " + idColumn + " > ?"
                            + " ORDER BY " + idColumn + " LIMIT ?",
                    (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3).getBytes(StandardCharsets.UTF_8)),
                    cipher.currentKeyId(), lastId, limit);
        }

        @Override
        public boolean reseal(Row row) {
            String text = new String(row.value(), StandardCharsets.UTF_8);
            SealedText.Stored sealed = texts.seal(row.id(), texts.open(row.id(), row.keyId(), text));
            return jdbc.update("UPDATE " + table + " SET " + column + " = ?, " + keyColumn + " = ? WHERE " + idColumn
                            + " = ? AND " + kept + " AND " + column + " = ? AND " + keyColumn + " IS NOT DISTINCT FROM ?",
                    sealed.text(), sealed.keyId(), row.id(), text, row.keyId()) == 1;
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
