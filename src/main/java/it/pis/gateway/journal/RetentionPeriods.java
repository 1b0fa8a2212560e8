package it.pis.gateway.journal;

import java.time.Duration;

/**
 * How long the journal keeps what it holds: the raw bytes of inbound messages, and reports once an
 * operator has taken them. {@code null}: kept without end (the purge leaves that kind alone).
 */
public record RetentionPeriods(Duration rawMessages, Duration reports) {

    public static final RetentionPeriods NONE = new RetentionPeriods(null, null);

    /** These periods where set, the {@code fallback}'s where not. */
    public RetentionPeriods over(RetentionPeriods fallback) {
        return new RetentionPeriods(rawMessages != null ? rawMessages : fallback.rawMessages,
                reports != null ? reports : fallback.reports);
    }

    /** An ISO-8601 period ({@code P90D}, {@code PT12H}); empty or null: none. */
    public static Duration period(String iso) {
        return iso == null || iso.isBlank() ? null : Duration.parse(iso.trim());
    }
}
