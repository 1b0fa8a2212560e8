package it.pis.gateway.journal;

import java.time.Duration;

/**
 * How long the journal keeps what it holds: the raw bytes of inbound messages, reports once an
 * operator has taken them, what a handover sent (each delivery's content and receipt, counted from
 * the recipient's acknowledgement; the handover's own body goes with the last of them), what a
 * delivery that failed (DEAD or REFUSED) would have sent, counted from its failure while nobody
 * restarts it, and the notes shelters write in placement decisions. {@code null}: kept without end
 * (the purge leaves that kind alone).
 */
public record RetentionPeriods(Duration rawMessages, Duration reports, Duration handovers, Duration failedDeliveries,
                               Duration placementNotes) {

    public static final RetentionPeriods NONE = new RetentionPeriods(null, null, null, null, null);

    /** The inbound periods only; the outbound ones none. */
    public RetentionPeriods(Duration rawMessages, Duration reports) {
        this(rawMessages, reports, null, null, null);
    }

    /** These periods where set, the {@code fallback}'s where not. */
    public RetentionPeriods over(RetentionPeriods fallback) {
        return new RetentionPeriods(rawMessages != null ? rawMessages : fallback.rawMessages,
                reports != null ? reports : fallback.reports, handovers != null ? handovers : fallback.handovers,
                failedDeliveries != null ? failedDeliveries : fallback.failedDeliveries,
                placementNotes != null ? placementNotes : fallback.placementNotes);
    }

    /** A period as it was most likely written: whole days as {@code P90D}, else as {@link Duration#toString}. */
    public static String show(Duration period) {
        return period.toSeconds() % 86_400 == 0 && period.getNano() == 0 ? "P" + period.toDays() + "D" : period.toString();
    }

    /** An ISO-8601 period ({@code P90D}, {@code PT12H}); empty or null: none. */
    public static Duration period(String iso) {
        return iso == null || iso.isBlank() ? null : Duration.parse(iso.trim());
    }
}
