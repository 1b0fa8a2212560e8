package it.pis.gateway.console;

import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import it.pis.gateway.report.Urgency;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class InboxFilterTest {

    private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
    private static final Set<String> PARTNERS = Set.of("ospedale-san-carlo", "cav-milano");

    @Test
    void understoodValuesFilterAndRoundTripToTheStreamsQuery() {
        InboxFilter filter = InboxFilter.parse("NEW", "ospedale-san-carlo", "8h", PARTNERS);

        assertThat(filter.problems()).isEmpty();
        assertThat(filter.since(NOW)).isEqualTo(NOW.minus(Duration.ofHours(8)));
        assertThat(filter.query()).isEqualTo("?status=NEW&partner=ospedale-san-carlo&period=8h");
        assertThat(filter.admits(report("ospedale-san-carlo", ReportStatus.NEW, NOW), NOW)).isTrue();
        assertThat(filter.admits(report("cav-milano", ReportStatus.NEW, NOW), NOW)).isFalse();
        assertThat(filter.admits(report("ospedale-san-carlo", ReportStatus.TAKEN, NOW), NOW)).isFalse();
        assertThat(filter.admits(report("ospedale-san-carlo", ReportStatus.NEW, NOW.minus(Duration.ofHours(9))), NOW)).isFalse();
    }

    @Test
    void valuesNotUnderstoodAreDroppedAndNamedNeverAFailure() {
        InboxFilter filter = InboxFilter.parse("LOST", "asl-nowhere", "a year", PARTNERS);

        assertThat(filter.status()).isNull();
        assertThat(filter.partner()).isNull();
        assertThat(filter.period()).isNull();
        assertThat(filter.problems()).containsExactly("inbox.filter.badStatus", "inbox.filter.badPartner",
                "inbox.filter.badPeriod");
        assertThat(filter.query()).isEmpty();
        assertThat(filter.admits(report("cav-milano", ReportStatus.CLOSED, NOW.minus(Duration.ofDays(400))), NOW)).isTrue();
    }

    @Test
    void blankValuesMeanNoFilter() {
        assertThat(InboxFilter.parse("", " ", null, PARTNERS)).isEqualTo(InboxFilter.NONE);
    }

    private static Report report(String partner, ReportStatus status, Instant received) {
        return new Report(UUID.randomUUID(), received, new Report.Source(partner, "hospital", "hl7v2-mllp", "X1", "ADT^A04", null),
                Urgency.URGENT, List.of(), null, null, null, List.of(), null, null, null, List.of(), status, null, null);
    }
}
