package it.pis.gateway.outbound.soap;

/**
 * What the partner answered to one attempt, as received: the HTTP status, its Content-Type and the
 * body bytes (at most {@code pis.outbound.soap.max-response-bytes}; {@code truncated} when there was more).
 */
public record SoapReply(int status, String contentType, byte[] body, boolean truncated) {
}
