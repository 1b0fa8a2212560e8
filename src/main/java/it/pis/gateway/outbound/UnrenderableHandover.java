package it.pis.gateway.outbound;

/** A recipient cannot be sent this document as its agreement wants it; the message names field and rule. */
public class UnrenderableHandover extends RuntimeException {

    private final String field;

    public UnrenderableHandover(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The handover field at fault, e.g. {@code placement}. */
    public String field() {
        return field;
    }
}
