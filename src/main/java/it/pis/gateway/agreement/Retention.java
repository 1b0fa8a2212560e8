package it.pis.gateway.agreement;

/**
 * An agreement's own retention periods (ISO-8601, e.g. {@code P30D}), overriding the global
 * {@code pis.retention.*} for this partner: {@code rawMessages} for the raw bytes of its messages as
 * received, {@code reports} for the reports made from them, {@code handovers} for what was sent to it
 * (each delivery's content and receipt, from its acknowledgement), {@code failedDeliveries} for what a
 * delivery to it that failed (DEAD or REFUSED) would have sent, from its failure, {@code placementNotes}
 * for the notes in its placement decisions. Any may be left out (the global one applies).
 */
public record Retention(String rawMessages, String reports, String handovers, String failedDeliveries,
                        String placementNotes) {

    /** The inbound periods only. */
    public Retention(String rawMessages, String reports) {
        this(rawMessages, reports, null, null, null);
    }
}
