package it.pis.gateway.journal;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reports committed to the journal but not yet confirmed on the pis.reports queue. The route
 * publishes each new report at once; a sweep republishes those still unconfirmed after a grace
 * period (a crash between commit and send, the broker down). Delivery is at least once: consumers
 * recognise a report by its id, and Artemis drops a resend with the same duplicate id while that
 * id is in its duplicate-id cache.
 * <p>
 * Confirmations are collected in memory and removed from the outbox in one statement batch every
 * few hundred milliseconds: a confirmation lost in a crash costs one resend (which the broker
 * normally drops), while a delete per report would cost a journal commit per report.
 */
public class ReportOutbox {

    private static final int MAX_CONFIRMATIONS_PER_FLUSH = 5_000;

    private final Queue<String> confirmed = new ConcurrentLinkedQueue<>();
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

    /** The broker has the report: it leaves the outbox at the next {@link #flushConfirmed()}. */
    public void markPublished(String reportId) {
        confirmed.add(reportId);
    }

    /** Removes the confirmed reports from the outbox; on failure they stay queued for the next flush. */
    public int flushConfirmed() {
        List<String> ids = new ArrayList<>();
        for (String id = confirmed.poll(); id != null; id = confirmed.poll()) {
            ids.add(id);
            if (ids.size() == MAX_CONFIRMATIONS_PER_FLUSH) {
                break;
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try {
            commits.write(() -> jdbc.batchUpdate("DELETE FROM report_outbox WHERE report_id = ?",
                    ids.stream().map(id -> new Object[]{id}).toList()));
        } catch (RuntimeException e) {
            confirmed.addAll(ids);
            throw e;
        }
        return ids.size();
    }
}
