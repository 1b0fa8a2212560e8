package it.pis.gateway.journal;

import it.pis.gateway.routes.YamlRouteTestSupport;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static it.pis.gateway.journal.RetentionPurgeTest.POLICY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/retention.yaml as the gateway loads it: its timer runs the purge bean, which blanks an
 * expired raw message in a real (H2) journal and audits the run.
 */
class RetentionRouteTest extends YamlRouteTestSupport {

    final MigratedJournal journal = MigratedJournal.open("h2", "unused");

    @Override
    protected List<String> routeFiles() {
        return List.of("retention.yaml");
    }

    @Override
    protected Properties properties() {
        Properties properties = new Properties();
        properties.put("pis.retention.first-delay", "10");
        properties.put("pis.retention.purge-period", "100");
        return properties;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("retentionPurge", new RetentionPurge(journal.jdbc, 100, 100, RetentionPurgeTest.audit(journal),
                () -> POLICY, RetentionPurgeTest.CLOCK));
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    @Test
    void theTimerPurgesWhatIsPastItsPeriodAndAuditsEachRun() {
        RetentionPurgeTest.message(journal.jdbc, "old", "ospedale", 100);
        RetentionPurgeTest.message(journal.jdbc, "new", "ospedale", 10);

        startRoutes();

        await().atMost(Duration.ofSeconds(20)).until(() -> journal.jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_event WHERE action = 'RETENTION_PURGE'", Integer.class) >= 2);
        assertThat(RetentionPurgeTest.rawLengths(journal.jdbc)).containsEntry("old", 0).containsEntry("new", 3);
        assertThat(journal.jdbc.queryForList("SELECT detail FROM audit_event WHERE action = 'RETENTION_PURGE' ORDER BY seq",
                String.class)).first().asString().startsWith("inbound_message.raw blanked: 1; report deleted: 0");
    }
}
