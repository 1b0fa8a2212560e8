package it.pis.gateway.crypto;

/** A request that fails an AgID ModI security pattern, with the reason a partner's team can act on. */
public class ModiRefused extends Exception {

    /** What failed: the channel turns it into its own status (403, 409 for a replay, 503 when the store is down). */
    public enum Reason { SIGNATURE_INVALID, REPLAYED, STORE_UNAVAILABLE }

    private final Reason reason;

    public ModiRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ModiRefused(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
