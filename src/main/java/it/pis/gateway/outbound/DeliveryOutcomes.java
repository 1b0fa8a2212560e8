package it.pis.gateway.outbound;

import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.journal.DeliveryQueue;
import it.pis.gateway.journal.DeliveryQueue.Outcome;
import it.pis.gateway.outbound.DeliveryResult.Receipt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The delivery state machine: what an attempt's result, or a receipt that arrives later, does to a
 * delivery. Every change is journaled with its time and cause.
 * <ul>
 * <li>{@link DeliveryResult.Acknowledged} → ACKNOWLEDGED; {@link DeliveryResult.Sent} → SENT (a
 *     later receipt acknowledges it);</li>
 * <li>{@link DeliveryResult.Refused} → REFUSED at once, never retried: the receiver said no;</li>
 * <li>{@link DeliveryResult.Failed} or an exception → QUEUED again after the agreement's backoff,
 *     or DEAD after its last attempt.</li>
 * </ul>
 */
public class DeliveryOutcomes {

    private static final Logger log = LoggerFactory.getLogger(DeliveryOutcomes.class);

    private final DeliveryQueue queue;
    private final AgreementRegistry agreements;
    private final RecipientCircuits circuits;
    private final RetrySchedule defaults;
    private final Clock clock;
    private final MeterRegistry meters;

    public DeliveryOutcomes(DeliveryQueue queue, AgreementRegistry agreements, RecipientCircuits circuits,
                            RetrySchedule defaults, Clock clock) {
        this(queue, agreements, circuits, defaults, clock, new CompositeMeterRegistry());
    }

    /**
     * Counts {@code pis.messages.out} by partner, channel and outcome: acknowledged, sent, refused,
     * failed (to be retried), dead (failed, no attempt left), and receipt-acknowledged /
     * receipt-refused for receipts that come later.
     */
    public DeliveryOutcomes(DeliveryQueue queue, AgreementRegistry agreements, RecipientCircuits circuits,
                            RetrySchedule defaults, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.queue = queue;
        this.agreements = agreements;
        this.circuits = circuits;
        this.defaults = defaults;
        this.clock = clock;
    }

    /** Records the result of an attempt; returns the state the delivery is now in. */
    public DeliveryState record(DeliveryAttempt attempt, DeliveryResult result) {
        Instant now = clock.instant();
        int attempts = attempt.attempt();
        Receipt receipt = result.receipt();
        Outcome outcome;
        if (result instanceof DeliveryResult.Acknowledged) {
            outcome = outcome(DeliveryState.ACKNOWLEDGED, attempts, null, null, receipt,
                    "attempt " + attempts + ": acknowledged: " + result.detail());
        } else if (result instanceof DeliveryResult.Sent) {
            outcome = outcome(DeliveryState.SENT, attempts, null, null, receipt,
                    "attempt " + attempts + ": sent: " + result.detail());
        } else if (result instanceof DeliveryResult.Refused) {
            outcome = outcome(DeliveryState.REFUSED, attempts, null, result.detail(), receipt,
                    "attempt " + attempts + ": refused by the receiver: " + result.detail());
        } else {
            outcome = failed(attempt, result.detail(), receipt, now);
        }
        if (result instanceof DeliveryResult.Failed) {
            circuits.failed(attempt.partnerId(), new IllegalStateException(result.detail()));
        } else {
            circuits.answered(attempt.partnerId());
        }
        queue.record(attempt.deliveryId(), DeliveryState.QUEUED, outcome, now);
        count(attempt.partnerId(), attempt.channel(), outcome.state() == DeliveryState.DEAD ? "dead"
                : result instanceof DeliveryResult.Acknowledged ? "acknowledged"
                : result instanceof DeliveryResult.Sent ? "sent"
                : result instanceof DeliveryResult.Refused ? "refused" : "failed");
        if (outcome.state() == DeliveryState.DEAD || outcome.state() == DeliveryState.REFUSED) {
            log.warn("delivery of handover {} to {} is {}: {}", attempt.handoverId(), attempt.partnerId(),
                    outcome.state(), outcome.error());
        } else if (outcome.state() == DeliveryState.QUEUED) {
            log.info("delivery of handover {} to {} failed (attempt {}), next at {}: {}", attempt.handoverId(),
                    attempt.partnerId(), attempts, outcome.nextAttemptAt(), outcome.error());
        }
        return outcome.state();
    }

    /** An attempt that ended in an exception (the transport could not even say why): a failed attempt. */
    public DeliveryState failed(DeliveryAttempt attempt, Throwable cause) {
        return record(attempt, new DeliveryResult.Failed(null, describe(cause)));
    }

    /**
     * A receipt that came back after the attempt (a PEC receipt by mail), found by the message id the
     * delivery was sent with. Only moves forward: a late acceptance never undoes an acknowledgement.
     */
    public Optional<DeliveryState> laterReceipt(String messageId, DeliveryResult result) {
        Optional<DeliveryQueue.Sent> found = queue.byMessageId(messageId);
        if (found.isEmpty()) {
            log.warn("a receipt for message {} matches no delivery: kept in the mailbox, not applied", messageId);
            return Optional.empty();
        }
        DeliveryQueue.Sent delivery = found.get();
        DeliveryState target = stateOf(result);
        boolean forward = target != null
                && (delivery.state() == DeliveryState.QUEUED || delivery.state() == DeliveryState.SENT);
        if (!forward) {
            log.info("receipt for message {} ({}) left delivery {} {}: {}", messageId, result.receipt().kind(),
                    delivery.id(), delivery.state(), result.detail());
            return Optional.of(delivery.state());
        }
        Outcome outcome = outcome(target, Math.max(delivery.attempts(), 1), null,
                target == DeliveryState.REFUSED ? result.detail() : null, result.receipt(),
                "receipt " + result.receipt().kind() + ": " + result.detail());
        boolean recorded = queue.record(delivery.id(), delivery.state(), outcome, clock.instant());
        if (recorded) {
            count(delivery.partnerId(), agreements.current().byId(delivery.partnerId())
                    .map(a -> a.outbound() == null ? "unknown" : a.outbound().channel()).orElse("unknown"),
                    "receipt-" + target.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (recorded && target == DeliveryState.REFUSED) {
            log.warn("delivery of handover {} to {} is REFUSED: {}", delivery.handoverId(), delivery.partnerId(),
                    result.detail());
        }
        return Optional.of(recorded ? target : delivery.state());
    }

    private void count(String partner, String channel, String outcome) {
        Counter.builder("pis.messages.out").description("delivery attempts and late receipts, by partner, channel and outcome")
                .tag("partner", partner).tag("channel", String.valueOf(channel)).tag("outcome", outcome)
                .register(meters).increment();
    }

    private static DeliveryState stateOf(DeliveryResult result) {
        if (result instanceof DeliveryResult.Acknowledged) {
            return DeliveryState.ACKNOWLEDGED;
        }
        if (result instanceof DeliveryResult.Sent) {
            return DeliveryState.SENT;
        }
        return result instanceof DeliveryResult.Refused ? DeliveryState.REFUSED : null;
    }

    private Outcome failed(DeliveryAttempt attempt, String detail, Receipt receipt, Instant now) {
        RetrySchedule schedule = agreements.current().byId(attempt.partnerId())
                .map(a -> RetrySchedule.of(a.outbound(), defaults)).orElse(defaults);
        int attempts = attempt.attempt();
        if (!schedule.another(attempts)) {
            return outcome(DeliveryState.DEAD, attempts, null, detail, receipt, "attempt " + attempts
                    + " of " + schedule.attempts() + " failed, no attempt left: " + detail);
        }
        Instant next = now.plus(schedule.delayAfter(attempts));
        return outcome(DeliveryState.QUEUED, attempts, next, detail, receipt, "attempt " + attempts + " of "
                + schedule.attempts() + " failed, next at " + next + ": " + detail);
    }

    private static Outcome outcome(DeliveryState state, int attempts, Instant next, String error, Receipt receipt,
                                   String cause) {
        return new Outcome(state, attempts, next, error, receipt == null ? null : receipt.kind(),
                receipt == null ? null : receipt.contentType(), receipt == null ? null : receipt.content(), cause);
    }

    static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }
}
