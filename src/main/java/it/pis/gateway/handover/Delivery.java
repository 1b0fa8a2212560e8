package it.pis.gateway.handover;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A delivery of a handover to one recipient as staff see it: state, attempts, the message id and
 * digest of the bytes sent, the fields that left, the receipt and every state change.
 *
 * @param overdue true once the agreement's {@code outbound.deadline} passed without ACKNOWLEDGED
 * @param contentPurgedAt when the retention purge removed what was sent and received (the record of
 *                        the delivery stays); null while they are kept
 */
public record Delivery(
        UUID id,
        UUID handoverId,
        String recipient,
        String channel,
        String format,
        String endpoint,
        DeliveryState state,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        String messageId,
        String contentType,
        String contentSha256,
        int contentLength,
        List<String> fieldsShared,
        List<HandoverDocument.Withheld> fieldsWithheld,
        ReceiptInfo receipt,
        Instant deadline,
        boolean overdue,
        Instant escalatedAt,
        Instant createdAt,
        Instant updatedAt,
        List<Event> history,
        Instant contentPurgedAt) {

    /** The receiver's answer kept as evidence (the bytes at {@code .../receipt}). */
    public record ReceiptInfo(String kind, String contentType, Instant at, int length) {
    }

    /** A state change: when, to what, at which attempt, and why. */
    public record Event(Instant at, DeliveryState state, int attempt, String cause) {
    }
}
