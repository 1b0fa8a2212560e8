package it.pis.gateway.outbound;

import it.pis.gateway.agreement.Agreement;

import java.util.UUID;

/**
 * One attempt to deliver a journaled document: the body a transport route
 * ({@code direct:deliver-<channel>}) receives. {@code endpoint} and {@code recipient} are the
 * agreement in force now (a reload that fixes an endpoint applies to queued deliveries; null
 * only when the agreement is gone, and then no transport is called);
 * {@code content} is exactly what was rendered when the handover was created.
 *
 * @param attempt 1 for the first attempt
 */
public record DeliveryAttempt(UUID deliveryId, UUID handoverId, String partnerId, Agreement recipient, String channel,
                              String format, String endpoint, String messageId, String contentType, byte[] content,
                              int attempt) {
}
