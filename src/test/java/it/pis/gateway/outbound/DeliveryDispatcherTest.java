package it.pis.gateway.outbound;

import it.pis.gateway.handover.Delivery;
import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.handover.Handover;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher with a real Camel context whose transport route answers what each test wants,
 * and the real outbound journal: order per recipient, a failure holds back what is behind it,
 * a slow recipient holds no other, another node's lease is respected.
 */
class DeliveryDispatcherTest {

    final OutboundFixture fixture = new OutboundFixture(twoHospitals());
    final List<String> sent = new CopyOnWriteArrayList<>();
    final Map<String, DeliveryResult> answers = new ConcurrentHashMap<>();
    final CountDownLatch releaseHospital = new CountDownLatch(1);
    final ExecutorService workers = Executors.newFixedThreadPool(4);
    final ExecutorService wakeups = Executors.newSingleThreadExecutor();
    CamelContext camel;
    DeliveryDispatcher dispatcher;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deliver-hl7v2-mllp").process(exchange -> {
                    DeliveryAttempt attempt = exchange.getMessage().getBody(DeliveryAttempt.class);
                    if (answers.containsKey("hold-" + attempt.partnerId())) {
                        releaseHospital.await(20, TimeUnit.SECONDS);
                    }
                    sent.add(attempt.messageId());
                    exchange.getMessage().setBody(answers.getOrDefault(attempt.messageId(),
                            new DeliveryResult.Acknowledged(null, "AA")));
                });
            }
        });
        camel.start();
        Clock clock = Clock.systemUTC();
        RecipientCircuits circuits = new RecipientCircuits(5, Duration.ofMinutes(1));
        DeliveryOutcomes outcomes = new DeliveryOutcomes(fixture.queue, fixture.agreements, circuits,
                new RetrySchedule(3, Duration.ofSeconds(1), Duration.ofSeconds(2)), clock);
        dispatcher = new DeliveryDispatcher(fixture.queue, fixture.agreements, new OutboundEndpoints(Map.of()), outcomes,
                circuits, camel.createProducerTemplate(), workers, wakeups, "node-a", Duration.ofSeconds(30), 10, clock);
    }

    @AfterEach
    void stop() throws Exception {
        releaseHospital.countDown();
        workers.shutdownNow();
        wakeups.shutdownNow();
        camel.stop();
        fixture.close();
    }

    @Test
    void deliveriesToARecipientLeaveInTheOrderTheyWereMade() {
        Instant now = Instant.now();
        Handover first = fixture.handover(now, "ospedale-san-carlo");
        Handover second = fixture.handover(now, "ospedale-san-carlo");
        Handover third = fixture.handover(now, "ospedale-san-carlo");

        dispatcher.sweep();

        await().atMost(Duration.ofSeconds(20)).until(() -> state(third) == DeliveryState.ACKNOWLEDGED);
        assertThat(sent).containsExactly(messageId(first), messageId(second), messageId(third));
    }

    @Test
    void aDeliveryWaitingForItsRetryHoldsBackTheLaterOnesOfItsRecipient() {
        Instant now = Instant.now();
        Handover first = fixture.handover(now, "ospedale-san-carlo");
        Handover second = fixture.handover(now, "ospedale-san-carlo");
        answers.put(messageId(first), new DeliveryResult.Failed(null, "AE: try later"));

        dispatcher.sweep();

        await().atMost(Duration.ofSeconds(20)).until(() -> delivery(first).attempts() == 1);
        assertThat(state(first)).isEqualTo(DeliveryState.QUEUED);
        assertThat(dispatcher.dispatchDue()).isZero();
        assertThat(sent).containsExactly(messageId(first));
        assertThat(state(second)).isEqualTo(DeliveryState.QUEUED);

        answers.remove(messageId(first));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> dispatcher.sweep() >= 0 && state(second) == DeliveryState.ACKNOWLEDGED);
        assertThat(sent).containsExactly(messageId(first), messageId(first), messageId(second));
    }

    @Test
    void aRecipientThatDoesNotAnswerHoldsNoOtherRecipient() {
        Instant now = Instant.now();
        Handover hospital = fixture.handover(now, "ospedale-san-carlo");
        Handover other = fixture.handover(now, "ospedale-niguarda");
        answers.put("hold-ospedale-san-carlo", new DeliveryResult.Acknowledged(null, "later"));

        dispatcher.sweep();

        await().atMost(Duration.ofSeconds(20)).until(() -> state(other) == DeliveryState.ACKNOWLEDGED);
        assertThat(state(hospital)).isEqualTo(DeliveryState.QUEUED);
        assertThat(dispatcher.dispatchDue()).as("the busy recipient is not started twice").isZero();
        releaseHospital.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> state(hospital) == DeliveryState.ACKNOWLEDGED);
    }

    @Test
    void aRecipientLeasedByAnotherNodeIsLeftToIt() {
        Handover h = fixture.handover(Instant.now(), "ospedale-san-carlo");
        assertThat(fixture.queue.lease("ospedale-san-carlo", "node-b", Instant.now(), Instant.now().plusSeconds(60))).isTrue();

        dispatcher.sweep();

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> sent.isEmpty());
        assertThat(state(h)).isEqualTo(DeliveryState.QUEUED);
    }

    @Test
    void aDeliveryWhoseAgreementNowWantsAnotherFormatFailsWithTheReasonInsteadOfSendingTheWrongDocument() throws Exception {
        Path folder = Files.createTempDirectory("agreements-");
        String court = Files.readString(Path.of("protocols/tribunale-minorenni-milano.yaml"));
        Files.writeString(folder.resolve("tribunale-minorenni-milano.yaml"), court);
        try (OutboundFixture other = new OutboundFixture(folder)) {
            Handover h = other.handover(Instant.now(), "tribunale-minorenni-milano");
            DeliveryOutcomes outcomes = new DeliveryOutcomes(other.queue, other.agreements,
                    new RecipientCircuits(5, Duration.ofMinutes(1)), new RetrySchedule(3, Duration.ofSeconds(1),
                    Duration.ofSeconds(2)), Clock.systemUTC());
            new DeliveryDispatcher(other.queue, other.agreements, new OutboundEndpoints(Map.of()), outcomes,
                    new RecipientCircuits(5, Duration.ofMinutes(1)), camel.createProducerTemplate(), workers, wakeups,
                    "node-a", Duration.ofSeconds(30), 10, Clock.systemUTC()).sweep();

            await().atMost(Duration.ofSeconds(20)).until(() -> other.journal.find(h.id()).orElseThrow()
                    .deliveries().get(0).attempts() == 1);
            assertThat(other.journal.find(h.id()).orElseThrow().deliveries().get(0).lastError())
                    .isEqualTo("agreement tribunale-minorenni-milano now wants segnatura-xml over pec, but this document"
                            + " was rendered as hl7v2-mdm over hl7v2-mllp when the handover was made");
            assertThat(sent).isEmpty();
        }
    }

    /** The demo hospital and a copy of it under another id: two recipients of the same format. */
    private static Path twoHospitals() {
        try {
            Path folder = Files.createTempDirectory("agreements-");
            String hospital = Files.readString(Path.of("protocols/ospedale-san-carlo.yaml"));
            Files.writeString(folder.resolve("ospedale-san-carlo.yaml"), hospital);
            Files.writeString(folder.resolve("ospedale-niguarda.yaml"), hospital
                    .replace("id: ospedale-san-carlo", "id: ospedale-niguarda")
                    .replace("sendingFacility: OSPSANCARLO", "sendingFacility: NIGUARDA")
                    .replace("certificate: ospedale-san-carlo.crt", "certificate: ospedale-niguarda.crt"));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aDeliveryWhoseSealedContentCannotBeOpenedIsNotSentAndItsAttemptSaysWhy() {
        Instant now = Instant.now();
        Handover unreadable = fixture.handover(now, "ospedale-san-carlo");
        // as if sealed under a key this gateway does not have (removed before `rekey` moved the row)
        fixture.jdbc.update("UPDATE delivery SET content_key_id = 'retired-2025' WHERE handover_id = ?",
                unreadable.id().toString());

        dispatcher.sweep();

        await().atMost(Duration.ofSeconds(20)).until(() -> delivery(unreadable).attempts() == 1);
        assertThat(sent).isEmpty();
        assertThat(state(unreadable)).isEqualTo(DeliveryState.QUEUED);
        assertThat(delivery(unreadable).lastError()).contains("delivery.content row", "journal key 'retired-2025'", "rekey");
    }

    private DeliveryState state(Handover h) {
        return delivery(h).state();
    }

    private Delivery delivery(Handover h) {
        return fixture.journal.find(h.id()).orElseThrow().deliveries().get(0);
    }

    private String messageId(Handover h) {
        return delivery(h).messageId();
    }
}
