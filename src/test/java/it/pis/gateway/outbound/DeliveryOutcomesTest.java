package it.pis.gateway.outbound;

import it.pis.gateway.handover.Delivery;
import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.outbound.DeliveryResult.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery state machine on the real outbound journal (H2) and the demo agreements' retry rules. */
class DeliveryOutcomesTest {

    static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
    static final Receipt ACK = new Receipt("HL7 ACK", "application/hl7-v2", "MSA|AA".getBytes(StandardCharsets.UTF_8));

    final OutboundFixture fixture = new OutboundFixture(Path.of("protocols"));
    final RecipientCircuits circuits = new RecipientCircuits(3, Duration.ofMinutes(1));
    final DeliveryOutcomes outcomes = new DeliveryOutcomes(fixture.queue, fixture.agreements, circuits,
            new RetrySchedule(5, Duration.ofSeconds(1), Duration.ofSeconds(2)), Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void anAcknowledgementEndsTheDeliveryAndKeepsTheReceipt() {
        Handover h = fixture.handover(NOW, "ospedale-san-carlo");

        assertThat(outcomes.record(attempt(h, 1), new DeliveryResult.Acknowledged(ACK, "AA"))).isEqualTo(DeliveryState.ACKNOWLEDGED);
        Delivery d = delivery(h);
        assertThat(d.state()).isEqualTo(DeliveryState.ACKNOWLEDGED);
        assertThat(d.attempts()).isOne();
        assertThat(d.receipt().kind()).isEqualTo("HL7 ACK");
        assertThat(d.history()).last().satisfies(e -> assertThat(e.cause()).isEqualTo("attempt 1: acknowledged: AA"));
    }

    @Test
    void aFailedAttemptIsRetriedAfterTheAgreementsBackoffAndIsDeadAfterItsLast() {
        Handover h = fixture.handover(NOW, "ospedale-san-carlo");

        assertThat(outcomes.record(attempt(h, 1), new DeliveryResult.Failed(null, "AE: database busy")))
                .isEqualTo(DeliveryState.QUEUED);
        Delivery retried = delivery(h);
        assertThat(retried.nextAttemptAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(retried.lastError()).isEqualTo("AE: database busy");
        assertThat(retried.history()).last().satisfies(e -> assertThat(e.cause())
                .isEqualTo("attempt 1 of 12 failed, next at 2026-12-01T03:00:10Z: AE: database busy"));

        assertThat(outcomes.record(attempt(h, 12), new DeliveryResult.Failed(null, "connection refused")))
                .isEqualTo(DeliveryState.DEAD);
        assertThat(delivery(h).state()).isEqualTo(DeliveryState.DEAD);
    }

    @Test
    void aRefusalIsFinalAtOnce() {
        Handover h = fixture.handover(NOW, "ospedale-san-carlo");

        assertThat(outcomes.record(attempt(h, 1), new DeliveryResult.Refused(ACK, "AR: unknown patient")))
                .isEqualTo(DeliveryState.REFUSED);
        assertThat(delivery(h).lastError()).isEqualTo("AR: unknown patient");
        assertThat(delivery(h).nextAttemptAt()).isNull();
    }

    @Test
    void anExceptionIsAFailedAttemptNamingItsRootCause() {
        Handover h = fixture.handover(NOW, "ospedale-san-carlo");

        outcomes.failed(attempt(h, 1), new IllegalStateException("route failed",
                new java.net.ConnectException("Connection refused")));

        assertThat(delivery(h).lastError()).isEqualTo("ConnectException: Connection refused");
    }

    @Test
    void laterReceiptsMoveASentDeliveryForwardAndNeverBack() {
        Handover h = fixture.handover(NOW, "tribunale-minorenni-milano");
        DeliveryAttempt attempt = attempt(h, 1);
        outcomes.record(attempt, new DeliveryResult.Sent(null, "SMTP 250"));
        Receipt accepted = new Receipt("PEC accettazione", "message/rfc822", new byte[] {1});
        Receipt delivered = new Receipt("PEC avvenuta-consegna", "message/rfc822", new byte[] {2});

        assertThat(outcomes.laterReceipt(attempt.messageId(), new DeliveryResult.Sent(accepted, "accettazione")))
                .hasValue(DeliveryState.SENT);
        assertThat(outcomes.laterReceipt(attempt.messageId(), new DeliveryResult.Acknowledged(delivered, "consegnata")))
                .hasValue(DeliveryState.ACKNOWLEDGED);
        assertThat(outcomes.laterReceipt(attempt.messageId(), new DeliveryResult.Sent(accepted, "accettazione tardiva")))
                .hasValue(DeliveryState.ACKNOWLEDGED);
        assertThat(delivery(h).receipt().kind()).isEqualTo("PEC avvenuta-consegna");
        assertThat(outcomes.laterReceipt("no-such-message", new DeliveryResult.Sent(accepted, "x"))).isEmpty();
    }

    @Test
    void aRecipientThatKeepsFailingIsLeftAloneWhileOthersAreNot() {
        for (int i = 1; i <= 3; i++) {
            Handover h = fixture.handover(NOW, "ospedale-san-carlo");
            assertThat(circuits.mayTry("ospedale-san-carlo")).isTrue();
            outcomes.record(attempt(h, 1), new DeliveryResult.Failed(null, "down"));
        }

        assertThat(circuits.mayTry("ospedale-san-carlo")).isFalse();
        assertThat(circuits.mayTry("questura-milano")).isTrue();
    }

    private DeliveryAttempt attempt(Handover h, int number) {
        Delivery d = delivery(h);
        return new DeliveryAttempt(d.id(), h.id(), d.recipient(), fixture.agreements.current().byId(d.recipient()).orElseThrow(),
                d.channel(), d.format(), d.endpoint(), d.messageId(), d.contentType(), new byte[0], number);
    }

    private Delivery delivery(Handover h) {
        return fixture.journal.find(h.id()).orElseThrow().deliveries().get(0);
    }
}
