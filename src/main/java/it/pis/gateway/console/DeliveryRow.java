package it.pis.gateway.console;

import it.pis.gateway.handover.Delivery;
import it.pis.gateway.handover.DeliveryState;

import java.util.List;

/**
 * One delivery of a handover as the handover page shows it, times in the centre's zone; retryable while
 * DEAD or REFUSED and its content is kept (the retention purge ends that).
 */
public record DeliveryRow(String recipient, String name, String channel, String state, int attempts, String nextAttempt,
                          String lastError, String receiptKind, String receiptAt, String deadline, boolean overdue,
                          String escalatedAt, boolean retryable) {

    /** ACKNOWLEDGED, REFUSED and DEAD change no more by themselves (a retry by staff restarts the last two). */
    static boolean settled(DeliveryState state) {
        return state == DeliveryState.ACKNOWLEDGED || state == DeliveryState.REFUSED || state == DeliveryState.DEAD;
    }

    static boolean allSettled(List<Delivery> deliveries) {
        return deliveries.stream().allMatch(d -> settled(d.state()));
    }

    static DeliveryRow of(Delivery d, String name, ConsoleTime time) {
        return new DeliveryRow(d.recipient(), name, d.channel(), d.state().name(), d.attempts(),
                settled(d.state()) ? "" : time.show(d.nextAttemptAt()), d.lastError(),
                d.receipt() == null ? null : d.receipt().kind(), d.receipt() == null ? null : time.show(d.receipt().at()),
                time.show(d.deadline()), d.overdue(), time.show(d.escalatedAt()),
                d.state().retryable() && d.contentPurgedAt() == null);
    }
}
