package it.pis.gateway.outbound;

/**
 * What a renderer made for one recipient: the message id the receiver will see, the media type and
 * the exact bytes each attempt sends.
 */
public record Rendered(String messageId, String contentType, byte[] content) {
}
