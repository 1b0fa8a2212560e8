package it.pis.gateway.agreement;

import java.util.List;
import java.util.Optional;

/** A partner's agreement (protocollo d'intesa), as read from {@code protocols/<id>.yaml}. */
public record Agreement(String id, String kind, String name, String legalBasis, List<InboundChannel> inbound,
                        Outbound outbound, Sharing sharing, Retention retention) {

    public Agreement {
        inbound = inbound == null ? List.of() : List.copyOf(inbound);
    }

    /** An agreement without retention periods of its own: the global ones apply. */
    public Agreement(String id, String kind, String name, String legalBasis, List<InboundChannel> inbound,
                     Outbound outbound, Sharing sharing) {
        this(id, kind, name, legalBasis, inbound, outbound, sharing, null);
    }

    /** The agreement's inbound entry for a channel, if it may send on it. */
    public Optional<InboundChannel> inboundOn(String channel) {
        return inbound.stream().filter(in -> in.channel().equals(channel)).findFirst();
    }

    /** Position of an inbound entry in the file, for error messages that name {@code inbound[i].accept}. */
    public int indexOf(InboundChannel channel) {
        return inbound.indexOf(channel);
    }
}
