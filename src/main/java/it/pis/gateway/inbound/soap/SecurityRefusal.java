package it.pis.gateway.inbound.soap;

import it.pis.gateway.inbound.InboundRejection.Cause;

/** Why {@link WsSecurityCheck} refused an envelope: a cause and a text a partner's team can act on. */
public final class SecurityRefusal extends RuntimeException {

    private final Cause cause;

    public SecurityRefusal(Cause cause, String message) {
        super(message);
        this.cause = cause;
    }

    public Cause refusalCause() {
        return cause;
    }
}
