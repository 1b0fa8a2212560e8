package it.pis.gateway.journal;

import it.pis.gateway.health.OutageLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports committed to the journal and not yet on the pis.reports queue, in the order the journal
 * stored them (V15's {@code seq}). The intake only writes here, in the transaction that stores the
 * report; the relay ({@code publishing.ReportRelay}) reads the oldest, sends them and then removes
 * them. A crash between the send and the removal costs a resend, which Artemis drops by its
 * duplicate id; consumers recognise a report by its id anyway.
 * <p>
 * One node at a time relays, through the lease in {@code outbox_sweep_lease}: one reader in
 * {@code seq} order is what keeps each partner's reports in arrival order on the queue, and two
 * nodes sending the same report at the same moment would both pass the broker's duplicate check
 * (it drops a resend that comes after a send, not one beside it). The holder keeps the lease while
 * it runs, renewing it; a node killed while holding it holds up the relay until the lease runs out.
 */
public class ReportOutbox {

    /** A report waiting for the queue: its id, the partner it came from (the queue's message group), its JSON. */
    public record Waiting(String reportId, String partnerId, String json) {
    }

    /**
     * Rows read from the outbox: the reports to send, and the sequence of the last row read (the next
     * read starts after it). Fewer reports than rows: some could not be opened, and were passed over.
     */
    public record Batch(List<Waiting> reports, long lastSeq, int rows) {
        static final Batch NONE = new Batch(List.of(), 0, 0);
    }

    private static final Logger log = LoggerFactory.getLogger(ReportOutbox.class);
    /** Unreadable reports already logged (bounded: past it, each is logged again at every run). */
    private static final int MAX_REMEMBERED_UNREADABLE = 10_000;
    private final Set<String> unreadableLogged = ConcurrentHashMap.newKeySet();

    private final JdbcTemplate jdbc;
    private final GroupCommit commits;
    private final OutageLog journalOutage;
    private final SealedReportBodies bodies;
    private final Duration lease;
    private final Clock clock;
    private final String node = UUID.randomUUID().toString();
    private Instant renewAt = Instant.MIN;
    private volatile boolean holding;

    /**
     * {@code cipher} opens the sealed report bodies; {@code lease}: how long a node killed while relaying
     * keeps the others from relaying (longer than a send to the broker may take).
     */
    public ReportOutbox(JdbcTemplate jdbc, GroupCommit commits, OutageLog journalOutage, JournalCipher cipher,
                        Duration lease, Clock clock) {
        this.jdbc = jdbc;
        this.commits = commits;
        this.journalOutage = journalOutage;
        this.bodies = new SealedReportBodies(cipher);
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * Up to {@code max} waiting reports after sequence {@code after}, oldest first; none while another
     * node holds the relay's lease, or while the journal is unreachable (logged once per outage).
     * <p>
     * A report whose body cannot be opened (its key removed before {@code rekey}, the row changed
     * outside the gateway) is logged and passed over, and stays in the outbox: it must not hold up
     * every report after it. It is sent, out of its place, once it can be read again.
     */
    public Batch after(long after, int max) {
        try {
            if (!holdLease()) {
                return Batch.NONE;
            }
            List<Waiting> reports = new ArrayList<>();
            long[] last = {after};
            int rows = jdbc.query("SELECT o.seq, o.report_id, r.partner_id, r.body, r.body_key_id FROM report_outbox o"
                            + " JOIN report r ON r.id = o.report_id WHERE o.seq > ? ORDER BY o.seq LIMIT ?",
                    (row, i) -> {
                        last[0] = row.getLong(1);
                        open(row.getString(2), row.getString(3), row.getString(5), row.getString(4)).ifPresent(reports::add);
                        return null;
                    }, after, max).size();
            return new Batch(reports, last[0], rows);
        } catch (DataAccessException e) {
            if (!GroupCommit.isOutage(e)) {
                throw e;
            }
            journalOutage.down(e, GroupCommit.OUTAGE_CONSEQUENCE);
            return Batch.NONE;
        }
    }

    private Optional<Waiting> open(String reportId, String partnerId, String keyId, String body) {
        try {
            Optional<Waiting> opened = Optional.of(new Waiting(reportId, partnerId, bodies.open(reportId, keyId, body)));
            unreadableLogged.remove(reportId);
            return opened;
        } catch (UnreadableJournalRow e) {
            if (unreadableLogged.size() >= MAX_REMEMBERED_UNREADABLE || unreadableLogged.add(reportId)) {
                log.error("report {} is not published: {}; the reports after it are", reportId, e.getMessage());
            }
            return Optional.empty();
        }
    }

    /**
     * The broker has these reports: they leave the outbox. False when the journal is unreachable: they
     * stay and are sent again (the broker drops the resends).
     */
    public boolean sent(List<Waiting> reports) {
        try {
            commits.write(() -> jdbc.batchUpdate("DELETE FROM report_outbox WHERE report_id = ?",
                    reports.stream().map(r -> new Object[]{r.reportId()}).toList()));
            return true;
        } catch (RuntimeException e) {
            if (!GroupCommit.isOutage(e)) {
                throw e;
            }
            return false; // the group commit logged the outage
        }
    }

    /** Takes the lease, or renews it when a third of it has passed; false while another node holds it. */
    boolean holdLease() {
        Instant now = clock.instant();
        if (holding && now.isBefore(renewAt)) {
            return true;
        }
        holding = jdbc.update("UPDATE outbox_sweep_lease SET holder = ?, until_at = ?"
                        + " WHERE id = 1 AND (holder = ? OR holder = '' OR until_at < ?)",
                node, Timestamp.from(now.plus(lease)), node, Timestamp.from(now)) == 1;
        renewAt = now.plus(lease.dividedBy(3));
        return holding;
    }

    /** This node stops relaying (shutdown): another may take over at once instead of when the lease runs out. */
    public void releaseLease() {
        holding = false;
        try {
            jdbc.update("UPDATE outbox_sweep_lease SET holder = '' WHERE id = 1 AND holder = ?", node);
        } catch (DataAccessException e) {
            // the database is down: the lease runs out by itself
        }
    }
}
