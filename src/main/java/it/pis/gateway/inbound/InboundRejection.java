package it.pis.gateway.inbound;

/**
 * A message the gateway refuses, with the cause a partner's integration team can act on. The
 * {@link Kind} decides the answer: REJECT is "we will never take this as it is" (HL7 AR, HTTP 4xx);
 * ERROR is "this one failed, it may succeed when resent or fixed" (HL7 AE).
 */
public class InboundRejection extends RuntimeException {

    public enum Kind { REJECT, ERROR }

    /** Short machine-readable causes, stored in the journal and used to pick protocol error codes. */
    public enum Cause { UNPARSEABLE, TOO_LARGE, UNKNOWN_PARTNER, TYPE_NOT_ACCEPTED, TLS_REQUIRED, MAPPING_FAILED, JOURNAL_UNAVAILABLE }

    private final Kind kind;
    private final Cause cause;
    private final transient InboundMessage inbound;

    public InboundRejection(Kind kind, Cause cause, String message, InboundMessage inbound) {
        super(message);
        this.kind = kind;
        this.cause = cause;
        this.inbound = inbound;
    }

    public Kind kind() {
        return kind;
    }

    public Cause cause() {
        return cause;
    }

    /** What was known of the message when it was refused (at least its raw bytes). */
    public InboundMessage inbound() {
        return inbound;
    }
}
