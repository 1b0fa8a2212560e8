package it.pis.gateway.journal;

import it.pis.gateway.health.OutageLog;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>
 * Nodes that share the journal take turns to sweep, through a lease in the table
 * {@code outbox_sweep_lease}: two sweeps sending the same report at the same moment both pass the
 * broker's duplicate check, which drops a resend that comes after a send, not one beside it (the
 * fault suite saw 23 reports delivered twice after a broker restart without it).
 */
public class ReportOutbox {

    private static final int MAX_CONFIRMATIONS_PER_FLUSH = 5_000;

    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final Set<String> sending = ConcurrentHashMap.newKeySet();
    private final JdbcTemplate jdbc;
    private final GroupCommit commits;
    private final Duration grace;
    private final int sweepBatch;
    private final OutageLog journalOutage;
    private final SealedReportBodies bodies;
    private final String node = UUID.randomUUID().toString();
    private final Duration sweepLease;
    private volatile Instant renewLeaseAt = Instant.MAX;

    /** {@code sweepBatch}: how many unconfirmed reports one sweep resends at most (oldest first); bodies in plaintext. */
    public ReportOutbox(JdbcTemplate jdbc, GroupCommit commits, Duration grace, int sweepBatch, OutageLog journalOutage) {
        this(jdbc, commits, grace, sweepBatch, journalOutage, JournalCipher.plaintext());
    }

    /** As above, with report bodies sealed by {@code cipher}: {@link #body} publishes the plaintext JSON. */
    public ReportOutbox(JdbcTemplate jdbc, GroupCommit commits, Duration grace, int sweepBatch, OutageLog journalOutage,
                        JournalCipher cipher) {
        this(jdbc, commits, grace, sweepBatch, journalOutage, cipher, Duration.ofMinutes(1));
    }

    /** As above; {@code sweepLease}: how long a node killed mid-sweep keeps the others from sweeping. */
    public ReportOutbox(JdbcTemplate jdbc, GroupCommit commits, Duration grace, int sweepBatch, OutageLog journalOutage,
                        JournalCipher cipher, Duration sweepLease) {
        this.sweepLease = sweepLease;
        this.bodies = new SealedReportBodies(cipher);
        this.journalOutage = journalOutage;
        this.jdbc = jdbc;
        this.commits = commits;
        this.grace = grace;
        this.sweepBatch = sweepBatch;
    }

    /** The report's JSON as published on the queue (opened from its sealed form); renews the sweep's lease now and then. */
    public String body(String reportId) {
        if (Instant.now().isAfter(renewLeaseAt)) {
            // a long sweep: keep the lease (if it ran out meanwhile another node may be sweeping; the broker drops most of that)
            takeSweepLease();
        }
        return jdbc.queryForObject("SELECT body, body_key_id FROM report WHERE id = ?",
                (rs, i) -> bodies.open(reportId, rs.getString(2), rs.getString(1)), reportId);
    }

    /** A report the outbox still holds, and the partner it came from (the queue's message group). */
    public record Unpublished(String reportId, String partnerId) {
    }

    /**
     * The oldest reports still in the outbox after the grace, but those this node is sending or has
     * just confirmed; none while another node sweeps. A non-empty answer holds the sweep's lease
     * until {@link #endSweep}.
     */
    public List<Unpublished> unpublished() {
        List<Unpublished> due;
        try {
            if (!takeSweepLease()) {
                return List.of(); // another node is sweeping; this one tries at its next sweep
            }
            due = jdbc.query("SELECT o.report_id, r.partner_id FROM report_outbox o JOIN report r ON r.id = o.report_id"
                            + " WHERE o.committed_at < ? ORDER BY o.committed_at LIMIT ?",
                    (row, i) -> new Unpublished(row.getString(1), row.getString(2)),
                    Timestamp.from(Instant.now().minus(grace)), sweepBatch);
        } catch (DataAccessException e) {
            if (!GroupCommit.isOutage(e)) {
                throw e;
            }
            journalOutage.down(e, GroupCommit.OUTAGE_CONSEQUENCE); // logged once per outage; the next sweep tries again
            return List.of();
        }
        due.removeIf(u -> sending.contains(u.reportId()) || confirmed.contains(u.reportId()));
        if (due.isEmpty()) {
            endSweep();
        }
        return due;
    }

    /** Takes the sweep's lease, or renews it when this node holds it; false while another node holds it. */
    boolean takeSweepLease() {
        Instant now = Instant.now();
        boolean taken = jdbc.update("UPDATE outbox_sweep_lease SET holder = ?, until_at = ?"
                        + " WHERE id = 1 AND (holder = ? OR holder = '' OR until_at < ?)",
                node, Timestamp.from(now.plus(sweepLease)), node, Timestamp.from(now)) == 1;
        renewLeaseAt = taken ? now.plus(sweepLease.dividedBy(3)) : Instant.MAX;
        return taken;
    }

    /** The sweep is over (the route's finally): another node may sweep next. */
    public void endSweep() {
        renewLeaseAt = Instant.MAX;
        try {
            jdbc.update("UPDATE outbox_sweep_lease SET holder = '' WHERE id = 1 AND holder = ?", node);
        } catch (DataAccessException e) {
            if (!GroupCommit.isOutage(e)) {
                throw e;
            }
            // the database is down: the lease runs out by itself
        }
    }

    /**
     * Whether the caller may send this report now: false while another thread of this node is
     * sending it (a send held up by the broker, and the sweep), so that two sends of one report
     * never race each other into the broker, whose duplicate check does not cover concurrent sends.
     * A true answer must be followed by {@link #sent}.
     */
    public boolean claim(String reportId) {
        return sending.add(reportId);
    }

    /** The send claimed by {@link #claim} is over, whatever its outcome. */
    public void sent(String reportId) {
        sending.remove(reportId);
    }

    /** The broker has the report: it leaves the outbox at the next {@link #flushConfirmed()}. */
    public void markPublished(String reportId) {
        confirmed.add(reportId);
    }

    /** Removes the confirmed reports from the outbox; on failure they stay queued for the next flush. */
    public int flushConfirmed() {
        List<String> ids = new ArrayList<>();
        for (Iterator<String> it = confirmed.iterator(); it.hasNext() && ids.size() < MAX_CONFIRMATIONS_PER_FLUSH; ) {
            ids.add(it.next());
            it.remove();
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try {
            commits.write(() -> jdbc.batchUpdate("DELETE FROM report_outbox WHERE report_id = ?",
                    ids.stream().map(id -> new Object[]{id}).toList()));
        } catch (RuntimeException e) {
            confirmed.addAll(ids);
            if (GroupCommit.isOutage(e)) {
                return 0; // the group commit logged the outage; the next flush tries again
            }
            throw e;
        }
        return ids.size();
    }
}
