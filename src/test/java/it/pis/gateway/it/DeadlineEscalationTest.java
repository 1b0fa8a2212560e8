package it.pis.gateway.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import it.pis.gateway.outbound.Deadlines;
import it.pis.gateway.receivers.PecProvider;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A legal deadline missed (art. 403 c.c.: the juvenile court within 24 hours; here a test-only court
 * agreement, tribunale-scadenza-breve, with PT2S): the provider accepts the message but no delivery
 * receipt ever comes, so the delivery stays SENT, is shown overdue and escalated by
 * GET /api/handovers/{id}, and the escalation is logged at WARN once, not at every sweep.
 */
class DeadlineEscalationTest extends PecDeliveries {

    static final String SHORT = "tribunale-scadenza-breve";
    static final String SHORT_PEC = "scadenza.breve@giustiziacert.example";

    @Test
    void aDeliveryNotAcknowledgedInTimeIsEscalatedOnceAndShownOverdue() throws Exception {
        Logger deadlines = (Logger) LoggerFactory.getLogger(Deadlines.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        deadlines.addAppender(logged);
        PEC.mode(SHORT_PEC, PecProvider.Mode.ACCEPT_ONLY);
        try {
            String handover = postHandover(hospitalReport("Ricci"), SHORT);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                JsonNode delivery = delivery(handover, SHORT);
                assertThat(delivery.path("state").asString()).isEqualTo("SENT");
                assertThat(delivery.path("overdue").asBoolean()).isTrue();
                assertThat(delivery.path("escalatedAt").isMissingNode()).isFalse();
            });
            JsonNode delivery = delivery(handover, SHORT);
            assertThat(delivery.path("deadline").asString()).isNotEmpty();
            assertThat(delivery.path("history").toString()).contains("passed without acknowledgement: escalated");

            Thread.sleep(2000); // four more sweeps (pis.outbound.deadline-period = 500 ms in these tests)
            assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("handover " + handover)).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("DEADLINE MISSED", SHORT, "SENT"));
        } finally {
            deadlines.detachAppender(logged);
            PEC.mode(SHORT_PEC, null);
        }
    }
}
