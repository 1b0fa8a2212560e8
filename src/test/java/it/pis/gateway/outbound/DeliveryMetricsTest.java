package it.pis.gateway.outbound;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import it.pis.gateway.handover.Delivery;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.metrics.DeliveryBacklog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deliveries as Prometheus sees them, read from the registry's own text exposition: attempts by
 * partner, channel and outcome, and the backlog with the age of the oldest waiting delivery, on the
 * real outbound journal (H2).
 */
class DeliveryMetricsTest {

    static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");

    final OutboundFixture fixture = new OutboundFixture(Path.of("protocols"));
    final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final DeliveryOutcomes outcomes = new DeliveryOutcomes(fixture.queue, fixture.agreements,
            new RecipientCircuits(100, Duration.ofMinutes(1)), new RetrySchedule(2, Duration.ofSeconds(1), Duration.ofSeconds(2)),
            Clock.fixed(NOW, ZoneOffset.UTC), prometheus);

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void everyOutcomeIsCountedByPartnerChannelAndOutcome() {
        outcomes.record(attempt(fixture.handover(NOW, "ospedale-san-carlo"), 1), new DeliveryResult.Acknowledged(null, "AA"));
        Handover retried = fixture.handover(NOW, "ospedale-san-carlo");
        outcomes.record(attempt(retried, 1), new DeliveryResult.Failed(null, "timeout"));
        outcomes.record(attempt(retried, 12), new DeliveryResult.Failed(null, "timeout"));
        outcomes.record(attempt(fixture.handover(NOW, "questura-milano"), 1), new DeliveryResult.Refused(null, "soap:Client"));

        String text = prometheus.scrape();
        assertThat(text).contains(
                "pis_messages_out_total{channel=\"hl7v2-mllp\",outcome=\"acknowledged\",partner=\"ospedale-san-carlo\"} 1.0",
                "pis_messages_out_total{channel=\"hl7v2-mllp\",outcome=\"failed\",partner=\"ospedale-san-carlo\"} 1.0",
                "pis_messages_out_total{channel=\"hl7v2-mllp\",outcome=\"dead\",partner=\"ospedale-san-carlo\"} 1.0",
                "pis_messages_out_total{channel=\"hl7v2-mllp\",outcome=\"refused\",partner=\"questura-milano\"} 1.0");
    }

    @Test
    void theBacklogCountsQueuedDeliveriesAndTheOldestOnesAge() {
        fixture.handover(NOW.minusSeconds(600), "cav-milano");
        fixture.handover(NOW.minusSeconds(60), "cav-milano");
        Handover done = fixture.handover(NOW, "ospedale-san-carlo");
        outcomes.record(attempt(done, 1), new DeliveryResult.Acknowledged(null, "AA"));
        new DeliveryBacklog(fixture.jdbc, prometheus, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(10),
                Set.of("cav-milano", "ospedale-san-carlo"));

        String text = prometheus.scrape();
        assertThat(text).contains("pis_deliveries_queued{partner=\"cav-milano\"} 2.0",
                "pis_deliveries_queued{partner=\"ospedale-san-carlo\"} 0.0",
                "pis_deliveries_oldest_age_seconds{partner=\"cav-milano\"} 600.0");
    }

    private DeliveryAttempt attempt(Handover h, int number) {
        Delivery d = fixture.journal.find(h.id()).orElseThrow().deliveries().get(0);
        return new DeliveryAttempt(d.id(), h.id(), d.recipient(), fixture.agreements.current().byId(d.recipient()).orElseThrow(),
                d.channel(), d.format(), d.endpoint(), d.messageId(), d.contentType(), new byte[0], number);
    }
}
