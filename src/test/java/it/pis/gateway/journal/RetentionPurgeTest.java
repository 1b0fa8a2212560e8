package it.pis.gateway.journal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention purge on both databases: what is past its period goes (raw bytes blanked with the row
 * kept, taken and published reports deleted), what is newer, not yet taken or still in the outbox
 * stays, an agreement's own period wins over the global one, batches smaller than the work repeat
 * until done, and each run is one audit entry with the counts per table.
 */
class RetentionPurgeTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Raw 90 days, reports 180 days; partner "short" keeps raw 30 days, partner "long" a year. */
    static final RetentionPolicy POLICY = new RetentionPolicy(new RetentionPeriods(Duration.ofDays(90), Duration.ofDays(180)),
            Map.of("short", new RetentionPeriods(Duration.ofDays(30), null),
                    "long", new RetentionPeriods(Duration.ofDays(365), null)));

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void blanksRawMessagesPastTheirPeriodAndKeepsTheRows(String database) {
        try (MigratedJournal journal = MigratedJournal.open(database, "pis_retention")) {
            JdbcTemplate jdbc = journal.jdbc;
            for (int i = 0; i < 5; i++) {
                message(jdbc, "old-" + i, "ospedale", 100);
            }
            message(jdbc, "new", "ospedale", 10);
            message(jdbc, "short-old", "short", 40);
            message(jdbc, "long-old", "long", 100);
            message(jdbc, "anonymous-old", null, 100);

            PurgeCounts counts = purge(journal, 2).purge();

            assertThat(counts.rawMessagesBlanked()).isEqualTo(7);
            assertThat(rawLengths(jdbc)).containsAllEntriesOf(Map.of("old-0", 0, "old-4", 0, "short-old", 0,
                    "anonymous-old", 0, "new", 3, "long-old", 3));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE raw_purged_at IS NOT NULL"
                    + " AND outcome = 'ACCEPTED' AND report_id IS NOT NULL", Integer.class)).isEqualTo(7);
            assertThat(purge(journal, 2).purge().rawMessagesBlanked()).as("a second run finds nothing more").isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void deletesOnlyReportsTakenPublishedAndPastTheirPeriod(String database) {
        try (MigratedJournal journal = MigratedJournal.open(database, "pis_retention")) {
            JdbcTemplate jdbc = journal.jdbc;
            report(jdbc, "old-taken-1", "ospedale", "TAKEN", 200);
            report(jdbc, "old-taken-2", "ospedale", "TAKEN", 200);
            report(jdbc, "old-taken-3", "long", "TAKEN", 200);
            report(jdbc, "old-new", "ospedale", "NEW", 200);
            report(jdbc, "old-in-outbox", "ospedale", "TAKEN", 200);
            jdbc.update("INSERT INTO report_outbox (report_id, committed_at) VALUES (?, ?)", "old-in-outbox",
                    Timestamp.from(NOW.minus(Duration.ofDays(200))));
            report(jdbc, "recent-taken", "ospedale", "TAKEN", 20);

            PurgeCounts counts = purge(journal, 2).purge();

            assertThat(counts.reportsDeleted()).isEqualTo(3);
            assertThat(jdbc.queryForList("SELECT id FROM report ORDER BY id", String.class))
                    .containsExactly("old-in-outbox", "old-new", "recent-taken");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM report_outbox", Integer.class))
                    .as("nothing in the outbox is lost").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void eachRunIsOneAuditEntryWithTheCountsPerTable(String database) {
        try (MigratedJournal journal = MigratedJournal.open(database, "pis_retention")) {
            JdbcTemplate jdbc = journal.jdbc;
            message(jdbc, "old", "ospedale", 100);
            report(jdbc, "old-taken", "ospedale", "TAKEN", 200);
            AuditTrail audit = audit(journal);

            new RetentionPurge(jdbc, 10, 1000, audit, () -> POLICY, CLOCK).purge("rossi", "cli");

            List<AuditEvent> runs = audit.search(new AuditTrail.Query(null, "RETENTION_PURGE", null, null, null, 10));
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).actor()).isEqualTo("rossi");
            assertThat(runs.get(0).via()).isEqualTo("cli");
            assertThat(runs.get(0).outcome()).isEqualTo("OK");
            assertThat(runs.get(0).detail()).startsWith("inbound_message.raw blanked: 1; report deleted: 1; delivery content and receipt blanked: 0 acknowledged,"
                    + " 0 failed; handover body cut to its envelope: 0; placement_decision.note removed: 0; space: ")
                    .contains(database.equals("h2") ? "H2 MVStore compact and CHECKPOINT" : "VACUUM");
            assertThat(audit.verify().intact()).isTrue();
        }
    }

    static RetentionPurge purge(MigratedJournal journal, int batch) {
        return new RetentionPurge(journal.jdbc, batch, 1000, audit(journal), () -> POLICY, CLOCK);
    }

    static AuditTrail audit(MigratedJournal journal) {
        return new AuditTrail(journal.jdbc, new TransactionTemplate(new DataSourceTransactionManager(journal.db)), CLOCK,
                "test");
    }

    static void message(JdbcTemplate jdbc, String id, String partner, int daysOld) {
        jdbc.update("INSERT INTO inbound_message (id, received_at, channel, partner_id, external_id, outcome, report_id, raw)"
                        + " VALUES (?, ?, 'hl7v2-mllp', ?, ?, 'ACCEPTED', ?, ?)",
                id, Timestamp.from(NOW.minus(Duration.ofDays(daysOld))), partner, "ext-" + id, "r-" + id, new byte[] {1, 2, 3});
    }

    static void report(JdbcTemplate jdbc, String id, String partner, String status, int daysOld) {
        jdbc.update("INSERT INTO report (id, partner_id, external_id, received_at, status, body) VALUES (?, ?, ?, ?, ?, '{}')",
                id, partner, "ext-" + id, Timestamp.from(NOW.minus(Duration.ofDays(daysOld))), status);
    }

    static Map<String, Integer> rawLengths(JdbcTemplate jdbc) {
        Map<String, Integer> lengths = new java.util.HashMap<>();
        jdbc.query("SELECT id, raw FROM inbound_message", rs -> {
            lengths.put(rs.getString(1), rs.getBytes(2).length);
        });
        return lengths;
    }
}
