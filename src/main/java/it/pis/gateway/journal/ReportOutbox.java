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
    private final GroupCommit commits;
    private final Duration grace;

    public ReportOutbox(JdbcTemplate jdbc, GroupCommit commits, Duration grace) {
        this.jdbc = jdbc;
        this.commits = commits;
        this.grace = grace;
    }

    public String body(String reportId) {
        return jdbc.queryForObject("SELECT body FROM report WHERE id = ?", String.class, reportId);
    }

    public List<String> unpublished() {
        return jdbc.queryForList("SELECT report_id FROM report_outbox WHERE committed_at < ?"
                + " ORDER BY committed_at LIMIT 500", String.class, Timestamp.from(Instant.now().minus(grace)));
    }

    public void markPublished(String reportId) {
        commits.write(() -> jdbc.update("DELETE FROM report_outbox WHERE report_id = ?", reportId));
    }
}
