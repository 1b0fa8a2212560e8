package it.pis.gateway.console;

import java.time.Duration;
import java.time.Instant;

/**
 * How loudly the partner page warns about a certificate: from 30 days before expiry, more strongly
 * from 7 days (and once expired or unreadable, when the partner is already cut off). Days are whole
 * days left, counted as {@code /api/admin/partners} counts them.
 */
public enum CertificateWarning {
    NONE(null), SOON("30"), IMMINENT("7"), EXPIRED("7"), UNREADABLE("7");

    private final String level;

    CertificateWarning(String level) {
        this.level = level;
    }

    /** The page's {@code data-expiry} hook: "30", "7", or null for no warning. */
    public String level() {
        return level;
    }

    public static CertificateWarning of(Instant notAfter, Instant now) {
        if (notAfter == null) {
            return UNREADABLE;
        }
        if (!notAfter.isAfter(now)) {
            return EXPIRED;
        }
        long days = Duration.between(now, notAfter).toDays();
        return days < 7 ? IMMINENT : days < 30 ? SOON : NONE;
    }
}
