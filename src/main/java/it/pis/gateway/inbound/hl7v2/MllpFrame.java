package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.agreement.Channels;
import it.pis.gateway.inbound.RawInbound;

/**
 * One MLLP block as received. When the sender exceeded the size limit, {@code payload} holds only
 * the first bytes (enough to read the MSH and answer) and {@code truncated} is true.
 */
public record MllpFrame(byte[] payload, boolean truncated, long size) implements RawInbound {

    @Override
    public String channel() {
        return Channels.HL7V2_MLLP;
    }

    @Override
    public byte[] bytes() {
        return payload;
    }
}
