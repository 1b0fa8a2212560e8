package it.pis.gateway.outbound;

import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.routes.YamlRouteTestSupport;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/handover-out.yaml on its own, with the real dispatcher and deadlines over the outbound
 * journal (H2): its timer finds a journaled delivery and hands it to the route of its channel (here
 * a test route that answers AA), and its deadline timer escalates what missed its deadline.
 */
class HandoverOutRouteTest extends YamlRouteTestSupport {

    final OutboundFixture fixture = new OutboundFixture(Path.of("protocols"));
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final ExecutorService workers = Executors.newFixedThreadPool(2);
    final ExecutorService wakeups = Executors.newSingleThreadExecutor();

    @Override
    protected List<String> routeFiles() {
        return List.of("handover-out.yaml");
    }

    @Override
    protected Properties properties() {
        Properties properties = new Properties();
        properties.put("pis.outbound.poll-period", "100");
        properties.put("pis.outbound.deadline-period", "100");
        return properties;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        RecipientCircuits circuits = new RecipientCircuits(5, Duration.ofMinutes(1));
        DeliveryOutcomes outcomes = new DeliveryOutcomes(fixture.queue, fixture.agreements, circuits,
                new RetrySchedule(3, Duration.ofSeconds(1), Duration.ofSeconds(2)), Clock.systemUTC());
        registry.bind("deliveryDispatcher", new DeliveryDispatcher(fixture.queue, fixture.agreements,
                new OutboundEndpoints(Map.of()), outcomes, circuits, context.createProducerTemplate(), workers, wakeups,
                "node-a", Duration.ofSeconds(30), 10, Clock.systemUTC()));
        registry.bind("deadlines", new Deadlines(fixture.queue, Clock.systemUTC()));
    }

    @AfterEach
    void close() throws Exception {
        workers.shutdownNow();
        wakeups.shutdownNow();
        fixture.close();
    }

    @Test
    void theTimerDeliversAJournaledHandoverThroughTheRouteOfItsChannel() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deliver-hl7v2-mllp").process(exchange -> {
                    DeliveryAttempt attempt = exchange.getMessage().getBody(DeliveryAttempt.class);
                    delivered.add(attempt.messageId());
                    exchange.getMessage().setBody(new DeliveryResult.Acknowledged(null, "AA"));
                });
            }
        });
        Handover handover = fixture.handover(Instant.now(), "ospedale-san-carlo");
        startRoutes();

        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.journal.find(handover.id()).orElseThrow()
                .deliveries().get(0).state() == DeliveryState.ACKNOWLEDGED);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void theDeadlineTimerEscalatesADeliveryThatMissedItsDeadline() throws Exception {
        Handover handover = fixture.handover(Instant.now(), "ospedale-san-carlo");
        fixture.jdbc.update("UPDATE delivery SET deadline_at = ?, state = 'SENT' WHERE handover_id = ?",
                Timestamp.from(Instant.now().minusSeconds(60)), handover.id().toString());
        startRoutes();

        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.journal.find(handover.id()).orElseThrow()
                .deliveries().get(0).escalatedAt() != null);
        assertThat(fixture.journal.find(handover.id()).orElseThrow().deliveries().get(0).history())
                .anySatisfy(e -> assertThat(e.cause()).contains("passed without acknowledgement: escalated"));
    }
}
