package it.pis.gateway.console;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The partner page's certificate rule, on a fixed clock: quiet beyond 30 days, a warning from 30, a stronger one from 7. */
class CertificateWarningTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T03:00:00Z"), ZoneOffset.UTC);

    private static CertificateWarning in(Duration left) {
        return CertificateWarning.of(CLOCK.instant().plus(left), CLOCK.instant());
    }

    @Test
    void thirtyDaysOrMoreLeftIsNoWarning() {
        assertThat(in(Duration.ofDays(30))).isEqualTo(CertificateWarning.NONE);
        assertThat(in(Duration.ofDays(365))).isEqualTo(CertificateWarning.NONE);
        assertThat(CertificateWarning.NONE.level()).isNull();
    }

    @Test
    void lessThanThirtyDaysIsTheFirstWarning() {
        assertThat(in(Duration.ofDays(30).minusSeconds(1))).isEqualTo(CertificateWarning.SOON);
        assertThat(in(Duration.ofDays(7))).isEqualTo(CertificateWarning.SOON);
        assertThat(CertificateWarning.SOON.level()).isEqualTo("30");
    }

    @Test
    void lessThanSevenDaysExpiredOrUnreadableIsTheStrongWarning() {
        assertThat(in(Duration.ofDays(7).minusSeconds(1))).isEqualTo(CertificateWarning.IMMINENT);
        assertThat(in(Duration.ofMinutes(1))).isEqualTo(CertificateWarning.IMMINENT);
        assertThat(in(Duration.ZERO)).isEqualTo(CertificateWarning.EXPIRED);
        assertThat(in(Duration.ofDays(-3))).isEqualTo(CertificateWarning.EXPIRED);
        assertThat(CertificateWarning.of(null, CLOCK.instant())).isEqualTo(CertificateWarning.UNREADABLE);
        assertThat(CertificateWarning.IMMINENT.level()).isEqualTo("7");
        assertThat(CertificateWarning.EXPIRED.level()).isEqualTo("7");
    }
}
