package it.pis.gateway.admin;

import it.pis.gateway.journal.AuditEvent;
import it.pis.gateway.journal.AuditTrail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code retention purge} against a real embedded journal (H2 file in a temp folder, the gateway's
 * own settings and the demo agreements): what is past pis.retention.raw-messages goes, what is newer
 * stays, the run is audited as the operating system's user via cli, and the file is compacted.
 */
class RetentionCliTest {

    @TempDir
    Path data;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void purgesWhatIsPastItsPeriodAuditsItAndCompactsTheFile() {
        String[] settings = {"--pis.data-dir=" + data, "--pis.retention.reports=P180D"};
        try (CliDatabase database = CliDatabase.open(settings)) {
            message(database, "old", 100);
            message(database, "recent", 10);
            database.jdbc().update("INSERT INTO report (id, partner_id, external_id, received_at, status, body)"
                    + " VALUES ('r-old', 'ospedale-san-carlo', 'x', ?, 'TAKEN', '{}')", daysAgo(200));

            assertThat(RetentionCli.purge(database.retentionPurge(), new PrintStream(out, true))).isEqualTo(0);
        }

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("purged: inbound_message.raw blanked: 1; report deleted: 1")
                .contains("space: H2 SHUTDOWN COMPACT");
        try (CliDatabase database = CliDatabase.open(settings)) {
            assertThat(database.jdbc().queryForList("SELECT id FROM inbound_message WHERE octet_length(raw) > 0",
                    String.class)).containsExactly("recent");
            List<AuditEvent> runs = database.audit().search(new AuditTrail.Query(null, "RETENTION_PURGE", null, null,
                    null, 10));
            assertThat(runs).singleElement().satisfies(run -> {
                assertThat(run.via()).isEqualTo("cli");
                assertThat(run.actor()).isEqualTo(System.getProperty("user.name"));
                assertThat(run.detail()).startsWith("inbound_message.raw blanked: 1; report deleted: 1");
            });
        }
    }

    @Test
    void anythingButPurgeIsBadUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(RetentionCli.run(new String[] {"retention", "vacuum"}, new PrintStream(out, true),
                new PrintStream(err, true))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: java -jar pis-gateway.jar retention purge");
    }

    private static void message(CliDatabase database, String id, int daysOld) {
        database.jdbc().update("INSERT INTO inbound_message (id, received_at, channel, partner_id, outcome, raw)"
                + " VALUES (?, ?, 'hl7v2-mllp', 'ospedale-san-carlo', 'ACCEPTED', ?)", id, daysAgo(daysOld), new byte[] {1, 2});
    }

    private static Timestamp daysAgo(int days) {
        return Timestamp.from(Instant.now().minus(Duration.ofDays(days)));
    }
}
