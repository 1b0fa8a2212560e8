package it.pis.gateway.handover;

/**
 * Where a delivery to one recipient stands. QUEUED → SENT → ACKNOWLEDGED is the happy path (SENT
 * is skipped when the receiver answers at once, as MLLP and HTTP do); REFUSED is the receiver's
 * final no; DEAD is the last attempt failed. REFUSED and DEAD can be retried by staff.
 */
public enum DeliveryState {
    QUEUED, SENT, ACKNOWLEDGED, REFUSED, DEAD;

    /** Whether staff may restart it. */
    public boolean retryable() {
        return this == REFUSED || this == DEAD;
    }
}
