package it.pis.gateway.journal;

import it.pis.gateway.health.OutageLog;
import it.pis.gateway.inbound.InboundMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Personal data at rest, on H2 and PostgreSQL: raw messages and report bodies are stored sealed
 * (the sample's surname is nowhere in the table), read back as they were sent, refused when
 * changed, and moved from key A to key B by {@link JournalRekey}, after which A can go.
 */
class JournalEncryptionTest {

    static final String KEY_A = "A:" + Base64.getEncoder().encodeToString(new byte[32]);
    static final String KEY_B = "B:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final String HL7 = "MSH|^~\\&|OSPSANCARLO|||PIS|20260101||ADT^A04|K1|P|2.5\rPID|1||RSSMRA80A01H501U||ROSSI^MARIO";

    MigratedJournal db;

    void open(String database) {
        db = MigratedJournal.open(database, "pis_atrest");
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    static JournalCipher cipher(String keys, String current) {
        return new JournalCipher(JournalKeys.parse(keys, current));
    }

    ReportStore reports(JournalCipher cipher) {
        return new ReportStore(db.jdbc, new ReportCodec(JsonMapper.builder().build()), cipher);
    }

    InboundMessage accept(JournalCipher cipher, String key, String content) {
        InboundJournal journal = new InboundJournal(db.jdbc, db.groupCommit(), reports(cipher), new io.micrometer.core.instrument
                .composite.CompositeMeterRegistry(), event -> { }, cipher);
        return journal.accept(ReusedKeyJournalTest.message(key, content));
    }

    ReportOutbox outbox(JournalCipher cipher) {
        return new ReportOutbox(db.jdbc, db.groupCommit(),
                new OutageLog(LoggerFactory.getLogger(getClass()), "journal", Clock.systemUTC(), Duration.ofMinutes(5)), cipher,
                Duration.ofMinutes(1), Clock.systemUTC());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void rawMessagesAndReportBodiesAreStoredSealedAndReadBackAsSent(String database) {
        open(database);
        JournalCipher a = cipher(KEY_A, "A");
        InboundMessage stored = accept(a, "K1", HL7);
        UUID reportId = UUID.fromString(stored.reportId());

        byte[] rawInTable = db.jdbc.queryForObject("SELECT raw FROM inbound_message WHERE external_id = 'K1'", byte[].class);
        String bodyInTable = db.jdbc.queryForObject("SELECT body FROM report WHERE external_id = 'K1'", String.class);
        assertThat(new String(rawInTable, StandardCharsets.ISO_8859_1)).doesNotContain("ROSSI").doesNotContain("RSSMRA");
        assertThat(bodyInTable).doesNotContainIgnoringCase("rossi").doesNotContain("RSSMRA");
        assertThat(db.jdbc.queryForList("SELECT raw_key_id FROM inbound_message UNION ALL SELECT body_key_id FROM report",
                String.class)).containsOnly("A");

        assertThat(reports(a).original(reportId).orElseThrow().raw()).isEqualTo(HL7.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(reports(a).find(reportId).orElseThrow().narrative()).isEqualTo(HL7);
        assertThat(reports(a).list(null, null, 10)).extracting(r -> r.id().toString()).containsExactly(stored.reportId());
        assertThat(outbox(a).after(Long.MIN_VALUE, 10).reports()).singleElement().satisfies(waiting -> {
            assertThat(waiting.reportId()).isEqualTo(stored.reportId());
            assertThat(waiting.json()).as("what the relay publishes").contains("ROSSI^MARIO");
        });
        String messageId = db.jdbc.queryForObject("SELECT id FROM inbound_message", String.class);
        assertThat(new MessageHistory(db.jdbc).received(messageId).orElseThrow().size()).isEqualTo(HL7.length());
        assertThat(reports(a).take(reportId, "operatore", Instant.parse("2026-01-01T10:00:00Z")))
                .isInstanceOf(ReportStore.TakeResult.Taken.class);
        assertThat(db.jdbc.queryForObject("SELECT body FROM report", String.class)).doesNotContainIgnoringCase("rossi");
        assertThat(reports(a).find(reportId).orElseThrow().narrative()).isEqualTo(HL7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aChangedRowIsRefusedWithTheRowAndTheReason(String database) {
        open(database);
        JournalCipher a = cipher(KEY_A, "A");
        UUID first = UUID.fromString(accept(a, "K1", HL7).reportId());
        UUID second = UUID.fromString(accept(a, "K2", HL7.replace("K1", "K2")).reportId());
        byte[] raw = db.jdbc.queryForObject("SELECT raw FROM inbound_message WHERE external_id = 'K1'", byte[].class);
        raw[raw.length - 1] ^= 1;
        db.jdbc.update("UPDATE inbound_message SET raw = ? WHERE external_id = 'K1'", raw);
        db.jdbc.update("UPDATE report SET body = (SELECT body FROM report WHERE external_id = 'K2') WHERE external_id = 'K1'");

        assertThatThrownBy(() -> reports(a).original(first)).isInstanceOf(UnreadableJournalRow.class)
                .hasMessageContaining("inbound_message row").hasMessageContaining("changed");
        assertThatThrownBy(() -> reports(a).find(first)).isInstanceOf(UnreadableJournalRow.class)
                .hasMessageContaining("report row " + first).hasMessageContaining("moved from another row");
        assertThat(reports(a).find(second)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void rekeyMovesRowsFromKeyAToKeyBAndPlaintextRowsToo(String database) {
        open(database);
        UUID legacy = UUID.fromString(accept(JournalCipher.plaintext(), "OLD", HL7.replace("K1", "OLD")).reportId());
        List<UUID> underA = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            underA.add(UUID.fromString(accept(cipher(KEY_A, "A"), "K" + i, HL7.replace("K1", "K" + i)).reportId()));
        }
        JournalCipher aAndB = cipher(KEY_A + "," + KEY_B, "B");
        assertThat(reports(aAndB).find(legacy).orElseThrow().narrative()).contains("ROSSI");

        List<String> unreadable = new ArrayList<>();
        JournalRekey.Result result = new JournalRekey(db.jdbc, db.tx, aAndB).run(2, unreadable::add);

        assertThat(result).isEqualTo(new JournalRekey.Result(6, 6, 0, 0, 0, 0, 0));
        assertThat(unreadable).isEmpty();
        assertThat(db.jdbc.queryForList("SELECT raw_key_id FROM inbound_message UNION ALL SELECT body_key_id FROM report",
                String.class)).hasSize(12).containsOnly("B");
        JournalCipher onlyB = cipher(KEY_B, "B");
        for (UUID id : underA) {
            assertThat(reports(onlyB).find(id).orElseThrow().narrative()).contains("ROSSI^MARIO");
            assertThat(new String(reports(onlyB).original(id).orElseThrow().raw(), StandardCharsets.ISO_8859_1))
                    .contains("ROSSI^MARIO");
        }
        assertThat(reports(onlyB).find(legacy).orElseThrow().narrative()).contains("ROSSI");
        assertThat(new JournalRekey(db.jdbc, db.tx, onlyB).run(2, unreadable::add)).isEqualTo(new JournalRekey.Result(0, 0, 0, 0, 0, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRowUnderARemovedKeyNamesTheKeyAndRekeyLeavesIt(String database) {
        open(database);
        UUID id = UUID.fromString(accept(cipher(KEY_A, "A"), "K1", HL7).reportId());
        JournalCipher onlyB = cipher(KEY_B, "B");

        assertThatThrownBy(() -> reports(onlyB).find(id)).isInstanceOf(UnreadableJournalRow.class)
                .hasMessageContaining("journal key 'A'").hasMessageContaining("rekey");
        List<String> unreadable = new ArrayList<>();
        assertThat(new JournalRekey(db.jdbc, db.tx, onlyB).run(10, unreadable::add)).isEqualTo(new JournalRekey.Result(0, 0, 0, 0, 0, 0, 2));
        assertThat(unreadable).hasSize(2).allSatisfy(m -> assertThat(m).contains("'A'"));
        assertThat(reports(cipher(KEY_A, "A")).find(id)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aReportStoredBeforeEncryptionIsReadAsItIs(String database) {
        open(database);
        String id = "01a23000-0000-7000-8000-000000000001";
        db.jdbc.update("INSERT INTO report (id, partner_id, external_id, received_at, status, body) VALUES (?, ?, ?, ?, ?, ?)",
                id, "ospedale-san-carlo", "OLD-1", Timestamp.from(Instant.now()), "NEW",
                "{\"id\":\"" + id + "\",\"narrative\":\"Rossi\",\"status\":\"NEW\"}");
        db.jdbc.update("INSERT INTO report_outbox (report_id, committed_at) VALUES (?, ?)", id, Timestamp.from(Instant.now()));

        assertThat(reports(cipher(KEY_A, "A")).find(UUID.fromString(id)).orElseThrow().narrative()).isEqualTo("Rossi");
        assertThat(outbox(cipher(KEY_A, "A")).after(Long.MIN_VALUE, 10).reports()).singleElement()
                .satisfies(waiting -> assertThat(waiting.json()).contains("Rossi"));
    }

    /** Retention blanks a sealed message: its original then reads as purged (no key to try), and rekey passes it by. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aSealedMessagePurgedByRetentionReadsAsPurgedAndRekeyLeavesIt(String database) {
        open(database);
        UUID report = UUID.fromString(accept(cipher(KEY_A, "A"), "P1", HL7.replace("K1", "P1")).reportId());
        db.jdbc.update("UPDATE inbound_message SET received_at = ?", java.sql.Timestamp.from(
                RetentionPurgeTest.NOW.minus(Duration.ofDays(400))));

        RetentionPurgeTest.purge(db, 10).purge("test", "cli");

        ReportStore.Original original = reports(cipher(KEY_A + "," + KEY_B, "B")).original(report).orElseThrow();
        assertThat(original.rawPurgedAt()).isNotNull();
        assertThat(original.raw()).isEmpty();
        List<String> unreadable = new ArrayList<>();
        assertThat(new JournalRekey(db.jdbc, db.tx, cipher(KEY_A + "," + KEY_B, "B")).run(10, unreadable::add).rawMessages())
                .isZero();
        assertThat(unreadable).isEmpty();
    }
}
