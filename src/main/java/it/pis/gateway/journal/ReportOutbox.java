package it.pis.gateway.journal;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reports committed to the journal but not yet confirmed on the pis.reports queue. The route
 * publishes each new report at once; a sweep republishes those still unconfirmed after a grace
 * period (a crash between commit and send, the broker down). Delivery is at least once: consumers
 * recognise a report by its id, and Artemis drops a resend with the same duplicate id.
 */
public class ReportOutbox {

    private final JdbcTemplate jdbc;
    private final Duration grace;

    public ReportOutbox(JdbcTemplate jdbc, Duration grace) {
        this.jdbc = jdbc;
        this.grace = grace;
    }

    public String body(String reportId) {
        return jdbc.queryForObject("SELECT body FROM report WHERE id = ?", String.class, reportId);
    }

    public List<String> unpublished() {
        return jdbc.queryForList("SELECT id FROM report WHERE published_at IS NULL AND received_at < ?"
                + " ORDER BY received_at LIMIT 500", String.class, Timestamp.from(Instant.now().minus(grace)));
    }

    public void markPublished(String reportId) {
        jdbc.update("UPDATE report SET published_at = ? WHERE id = ?", Timestamp.from(Instant.now()), reportId);
    }
}
