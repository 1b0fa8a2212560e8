package it.pis.gateway.mllp;

/**
 * One MLLP block as received, inbound (a partner's message) or outbound (a receiver's ACK). When
 * the sender exceeded the size limit, {@code payload} holds only the first bytes (enough to read
 * the MSH and answer) and {@code truncated} is true.
 */
public record MllpFrame(byte[] payload, boolean truncated, long size) {
}
