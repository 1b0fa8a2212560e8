package it.pis.gateway.inbound;

/**
 * A message the gateway refuses, with the cause a partner's integration team can act on. The
 * {@link Kind} decides the answer: REJECT is "we will never take this as it is" (HL7 AR, HTTP 4xx);
 * ERROR is "this one failed, it may succeed when resent or fixed" (HL7 AE).
 */
public class InboundRejection extends RuntimeException {

    public enum Kind { REJECT, ERROR }

    /**
     * Short machine-readable causes, stored in the journal and used to pick protocol error codes:
     * each carries the HTTP status the HTTP channels answer with (a 5xx only when the gateway, not
     * the message, is at fault, and then the partner should resend).
     */
    public enum Cause {
        UNPARSEABLE(400), INVALID(422), UNSUPPORTED_MEDIA_TYPE(415), TOO_LARGE(413), UNKNOWN_PARTNER(403),
        CERTIFICATE_REFUSED(403), IDENTITY_MISMATCH(403), SIGNATURE_INVALID(403), REPLAYED(409),
        KEY_REUSED(409), IDEMPOTENCY_KEY_REUSED(422),
        UNDECRYPTABLE(400), CONSENT_MISSING(422), TYPE_NOT_ACCEPTED(403), TLS_REQUIRED(403), MAPPING_FAILED(422),
        JOURNAL_UNAVAILABLE(503);

        private final int httpStatus;

        Cause(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;
    private final Cause cause;
    private final transient InboundMessage inbound;

    public InboundRejection(Kind kind, Cause cause, String message, InboundMessage inbound) {
        super(message);
        this.kind = kind;
        this.cause = cause;
        this.inbound = inbound;
    }

    /**
     * The refusal of a message type its agreement does not list, naming the rule:
     * {@code agreement X does not accept ORU^R01 (inbound[0].accept)}. The message must be identified.
     */
    public static InboundRejection notAccepted(InboundMessage message, String type) {
        var agreement = message.agreement();
        var channel = agreement.inboundOn(message.channel()).orElseThrow();
        return new InboundRejection(Kind.REJECT, Cause.TYPE_NOT_ACCEPTED, "agreement " + agreement.id()
                + " does not accept " + type + " (inbound[" + agreement.indexOf(channel) + "].accept)", message);
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
