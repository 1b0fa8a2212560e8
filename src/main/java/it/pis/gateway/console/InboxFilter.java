package it.pis.gateway.console;

import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The inbox's filters as they come in the page's URL ({@code ?status=NEW&partner=…&period=24h}),
 * so that a filtered board can be bookmarked. Values that are not understood are dropped and named
 * in {@code problems} (message keys), never a failed page.
 */
public record InboxFilter(ReportStatus status, String partner, Period period, List<String> problems) {

    /** How far back the board looks. */
    public enum Period {
        HOUR("1h", Duration.ofHours(1)), SHIFT("8h", Duration.ofHours(8)), DAY("24h", Duration.ofDays(1)),
        WEEK("7d", Duration.ofDays(7));

        private final String code;
        private final Duration length;

        Period(String code, Duration length) {
            this.code = code;
            this.length = length;
        }

        public String code() {
            return code;
        }
    }

    public static final InboxFilter NONE = new InboxFilter(null, null, null, List.of());

    public InboxFilter {
        problems = List.copyOf(problems);
    }

    public static InboxFilter parse(String status, String partner, String period, Set<String> partners) {
        List<String> problems = new ArrayList<>();
        ReportStatus s = null;
        if (status != null && !status.isBlank()) {
            s = Arrays.stream(ReportStatus.values()).filter(v -> v.name().equals(status)).findFirst().orElse(null);
            if (s == null) {
                problems.add("inbox.filter.badStatus");
            }
        }
        String p = null;
        if (partner != null && !partner.isBlank()) {
            if (partners.contains(partner)) {
                p = partner;
            } else {
                problems.add("inbox.filter.badPartner");
            }
        }
        Period t = null;
        if (period != null && !period.isBlank()) {
            t = Arrays.stream(Period.values()).filter(v -> v.code.equals(period)).findFirst().orElse(null);
            if (t == null) {
                problems.add("inbox.filter.badPeriod");
            }
        }
        return new InboxFilter(s, p, t, problems);
    }

    /** The first instant the board shows, or null for any time. */
    public Instant since(Instant now) {
        return period == null ? null : now.minus(period.length);
    }

    /** Whether a report that just arrived belongs on this board. */
    public boolean admits(Report report, Instant now) {
        Instant since = since(now);
        return (status == null || status == report.status())
                && (partner == null || partner.equals(report.source().partnerId()))
                && (since == null || !report.receivedAt().isBefore(since));
    }

    /** The filter as a query string ({@code ?status=NEW}), empty when none; for the live stream's URL. */
    public String query() {
        UriComponentsBuilder query = UriComponentsBuilder.newInstance();
        if (status != null) {
            query.queryParam("status", status.name());
        }
        if (partner != null) {
            query.queryParam("partner", partner);
        }
        if (period != null) {
            query.queryParam("period", period.code);
        }
        return query.encode().build().toUriString();
    }

    public String periodCode() {
        return period == null ? "" : period.code;
    }
}
