package it.pis.gateway.admin;

import it.pis.gateway.journal.AuditEvent;
import it.pis.gateway.journal.AuditTrail;
import it.pis.gateway.journal.JournalCipher;
import it.pis.gateway.journal.ReportCodec;
import it.pis.gateway.journal.ReportStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rekey command against a real embedded journal (H2 file in a temp folder), as an administrator
 * runs it after adding key B beside key A: every row moves to B, and with A removed they still read.
 */
class RekeyCliTest {

    static final String A = "A:" + Base64.getEncoder().encodeToString(new byte[32]);
    static final String B = "B:" + Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

    @TempDir
    Path data;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    CliDatabase open(String keys, String current) {
        return CliDatabase.open(new String[] {"--pis.data-dir=" + data, "--pis.journal.encryption.keys=" + keys,
                "--pis.journal.encryption.current-key-id=" + current});
    }

    int rekey(String keys, String current, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("rekey", "--pis.data-dir=" + data,
                "--pis.journal.encryption.keys=" + keys, "--pis.journal.encryption.current-key-id=" + current));
        args.addAll(java.util.List.of(more));
        return RekeyCli.run(args.toArray(String[]::new), new PrintStream(out, true), new PrintStream(err, true));
    }

    /** A report and its raw message, sealed under {@code cipher} as the journal stores them. */
    static void store(CliDatabase db, JournalCipher cipher, String reportId) {
        String json = "{\"id\":\"" + reportId + "\",\"narrative\":\"ROSSI MARIO\",\"status\":\"NEW\"}";
        JournalCipher.Sealed body = cipher.seal("report", reportId, json.getBytes(StandardCharsets.UTF_8));
        db.jdbc().update("INSERT INTO report (id, partner_id, external_id, received_at, status, body, body_key_id)"
                        + " VALUES (?, 'ospedale-san-carlo', ?, ?, 'NEW', ?, ?)", reportId, reportId,
                Timestamp.from(Instant.now()), Base64.getEncoder().encodeToString(body.bytes()), body.keyId());
        String messageId = UUID.randomUUID().toString();
        JournalCipher.Sealed raw = cipher.seal("inbound_message", messageId, "PID|1||^^^||ROSSI^MARIO".getBytes(StandardCharsets.UTF_8));
        db.jdbc().update("INSERT INTO inbound_message (id, received_at, channel, outcome, report_id, raw, raw_key_id)"
                        + " VALUES (?, ?, 'hl7v2-mllp', 'ACCEPTED', ?, ?, ?)", messageId, Timestamp.from(Instant.now()),
                reportId, raw.bytes(), raw.keyId());
    }

    @Test
    void movesEveryRowFromKeyAToKeyBInBatchesAndReportsHowMany() {
        String[] ids = new String[5];
        try (CliDatabase db = open(A, "A")) {
            JournalCipher a = db.journalCipher();
            for (int i = 0; i < ids.length; i++) {
                ids[i] = UUID.randomUUID().toString();
                store(db, a, ids[i]);
            }
        }

        assertThat(rekey(A + "," + B, "B", "--batch=2")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("5 raw messages, 5 report bodies, 0 handover bodies, 0 delivery contents, 0 delivery receipts"
                        + " and 0 placement notes re-encrypted under key 'B'");

        try (CliDatabase db = open(B, "B")) {
            ReportStore reports = new ReportStore(db.jdbc(), new ReportCodec(JsonMapper.builder().build()), db.journalCipher());
            for (String id : ids) {
                assertThat(reports.find(UUID.fromString(id)).orElseThrow().narrative()).isEqualTo("ROSSI MARIO");
                assertThat(new String(reports.original(UUID.fromString(id)).orElseThrow().raw(), StandardCharsets.UTF_8))
                        .contains("ROSSI^MARIO");
            }
            assertThat(db.audit().search(new AuditTrail.Query(null, "JOURNAL_REKEY", null, null, null, 10)))
                    .singleElement().extracting(AuditEvent::detail).asString().contains("5 report bodies");
        }
        out.reset();
        assertThat(rekey(B, "B")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 raw messages, 0 report bodies");
    }

    @Test
    void rowsUnderAKeyNoLongerConfiguredAreNamedAndLeftAsTheyWere() {
        try (CliDatabase db = open(A, "A")) {
            store(db, db.journalCipher(), UUID.randomUUID().toString());
        }

        assertThat(rekey(B, "B")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("journal key 'A'").contains("2 rows unreadable");
    }

    @Test
    void aBadBatchSizeIsAUsageError() {
        assertThat(RekeyCli.run(new String[] {"rekey", "--batch=lots"}, new PrintStream(out, true), new PrintStream(err, true)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar pis-gateway.jar rekey");
    }
}
