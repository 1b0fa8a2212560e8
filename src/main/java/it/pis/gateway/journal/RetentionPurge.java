package it.pis.gateway.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Removes what is past its retention period, then gives the space back, and records each run in the
 * audit trail with the counts per table. What goes:
 * <ul>
 * <li>{@code inbound_message.raw}: the bytes as received are blanked (zero bytes, {@code raw_purged_at}
 * set); the row stays, with its time, partner, external id, outcome, cause and report id, for the record;</li>
 * <li>{@code report}: deleted once past its period, but only if an operator has taken it (status not NEW)
 * and it no longer waits in the outbox to be published;</li>
 * <li>{@code delivery.content} and {@code delivery.receipt}: blanked once the recipient acknowledged the
 * delivery and the period passed since (the recipient's agreement's own period, else the global one); the
 * row stays (state, times, message id, digest and length of the content, fields shared and withheld,
 * history), with {@code content_purged_at} and the rule that applied. A delivery that failed (DEAD or
 * REFUSED) is blanked the same way once nobody restarted it for its own period, counted from its last
 * change; it can then no longer be restarted (the API answers 410, and the operator writes a new
 * handover). A delivery queued, being retried, or sent and awaiting its receipt is never touched;</li>
 * <li>{@code handover.body}: cut down to its envelope once every delivery of it was blanked
 * ({@link HandoverEnvelopes});</li>
 * <li>{@code placement_decision.note}: removed (the decision stays) once past its period.</li>
 * </ul>
 * Rows stay rather than go on the outbound side, as for raw messages: a delivery's record is the
 * evidence of what the centre sent to whom, when and under which agreement, and it holds no personal
 * data once its bytes are gone. Never touched: the audit trail (kept at least six months, Garante
 * 27/11/2008; the gateway never deletes a row of it), bed availability, the protocol register.
 */
public class RetentionPurge {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

    /** Raw bytes: blanked, the row stays; a row another node blanked meanwhile is not counted twice. */
    private static final ExpiredRows.Kind RAW = new ExpiredRows.Kind() {
        @Override
        public String select(String partner) {
            return "SELECT id FROM inbound_message WHERE raw_purged_at IS NULL AND received_at < ? AND " + partner
                    + " ORDER BY received_at LIMIT ?";
        }

        @Override
        public String remove(String ids) {
            // the blank left is no sealed value: no key id (the journal's cipher reads it as it is)
            return "UPDATE inbound_message SET raw = ?, raw_key_id = NULL, raw_purged_at = ? WHERE raw_purged_at IS NULL"
                    + " AND id IN (" + ids + ")";
        }

        @Override
        public List<Object> removeArgs(Instant now) {
            return List.of(new byte[0], Timestamp.from(now));
        }
    };

    /** Reports: taken (not NEW) and not waiting in the outbox, checked again as they are deleted. */
    private static final ExpiredRows.Kind REPORTS = new ExpiredRows.Kind() {
        private static final String KEPT = " AND status <> 'NEW' AND NOT EXISTS (SELECT 1 FROM report_outbox o"
                + " WHERE o.report_id = report.id)";

        @Override
        public String select(String partner) {
            return "SELECT id FROM report WHERE received_at < ? AND " + partner + KEPT + " ORDER BY received_at LIMIT ?";
        }

        @Override
        public String remove(String ids) {
            return "DELETE FROM report WHERE id IN (" + ids + ")" + KEPT;
        }
    };

    /** What a handover sent: acknowledged deliveries' content and receipt, blanked with the rule that applied. */
    private static final ExpiredRows.Kind DELIVERIES = deliveries("state = 'ACKNOWLEDGED'");

    /** What a failed delivery would have sent, once nobody restarted it for its period. */
    private static final ExpiredRows.Kind FAILED_DELIVERIES = deliveries("state IN ('DEAD', 'REFUSED')");

    /**
     * Deliveries in {@code states} whose content and receipt are still kept: blanked with the rule that
     * applied, the state checked again as they are blanked, so a delivery restarted meanwhile keeps its bytes.
     */
    private static ExpiredRows.Kind deliveries(String states) {
        String kept = "content_purged_at IS NULL AND " + states;
        return new ExpiredRows.Kind() {
            @Override
            public String select(String partner) {
                return "SELECT id FROM delivery WHERE " + kept + " AND updated_at < ? AND " + partner
                        + " ORDER BY updated_at LIMIT ?";
            }

            @Override
            public String remove(String ids) {
                return "UPDATE delivery SET content = ?, content_key_id = NULL, receipt = NULL, receipt_key_id = NULL,"
                        + " content_purged_at = ?, purge_rule = ? WHERE " + kept + " AND id IN (" + ids + ")";
            }

            @Override
            public List<Object> removeArgs(Instant now, String rule) {
                return List.of(new byte[0], Timestamp.from(now), rule);
            }
        };
    }

    /** Notes in shelters' placement decisions: removed, the decision stays. */
    private static final ExpiredRows.Kind PLACEMENT_NOTES = new ExpiredRows.Kind() {
        @Override
        public String select(String partner) {
            return "SELECT document_id FROM placement_decision WHERE note_purged_at IS NULL AND note IS NOT NULL"
                    + " AND received_at < ? AND " + partner + " ORDER BY received_at LIMIT ?";
        }

        @Override
        public String remove(String ids) {
            return "UPDATE placement_decision SET note = NULL, note_key_id = NULL, note_purged_at = ?"
                    + " WHERE note_purged_at IS NULL AND document_id IN (" + ids + ")";
        }

        @Override
        public List<Object> removeArgs(Instant now) {
            return List.of(Timestamp.from(now));
        }
    };

    private final ExpiredRows expired;
    private final HandoverEnvelopes envelopes;
    private final JournalSpace space;
    private final AuditTrail audit;
    private final Supplier<RetentionPolicy> policy;
    private final Clock clock;

    /** Handover bodies read in plaintext only: for tests of the inbound side. */
    public RetentionPurge(JdbcTemplate jdbc, int batch, int h2CompactMillis, AuditTrail audit,
                          Supplier<RetentionPolicy> policy, Clock clock) {
        this(jdbc, batch, h2CompactMillis, audit, policy, clock, JournalCipher.plaintext(), JsonMapper.builder().build());
    }

    /** {@code cipher} and {@code json} read a handover's body to keep its envelope. */
    public RetentionPurge(JdbcTemplate jdbc, int batch, int h2CompactMillis, AuditTrail audit,
                          Supplier<RetentionPolicy> policy, Clock clock, JournalCipher cipher, JsonMapper json) {
        this.expired = new ExpiredRows(jdbc, batch);
        this.envelopes = new HandoverEnvelopes(jdbc, cipher, json, batch);
        this.space = new JournalSpace(jdbc, h2CompactMillis);
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    /** The scheduled run (routes/retention.yaml). */
    public PurgeCounts purge() {
        return purge("retention", "system");
    }

    /** One run on behalf of {@code actor}, logged in {@code via} (system for the schedule, cli for the command). */
    public PurgeCounts purge(String actor, String via) {
        Instant now = clock.instant();
        RetentionPolicy current = policy.get();
        PurgeCounts counts;
        try {
            long raw = expired.remove(RAW, now, current, RetentionPeriods::rawMessages);
            long reports = expired.remove(REPORTS, now, current, RetentionPeriods::reports);
            long deliveries = expired.remove(DELIVERIES, now, current, RetentionPeriods::handovers, "handovers",
                    "handovers");
            long failed = expired.remove(FAILED_DELIVERIES, now, current, RetentionPeriods::failedDeliveries,
                    "failedDeliveries", "failed-deliveries");
            long handovers = envelopes.purge(now);
            long notes = expired.remove(PLACEMENT_NOTES, now, current, RetentionPeriods::placementNotes);
            counts = new PurgeCounts(raw, reports, deliveries, failed, handovers, notes);
        } catch (RuntimeException e) {
            try {
                audit.append(new AuditEntry(actor, via, "RETENTION_PURGE", null, AuditEntry.FAILED, null,
                        "stopped: " + e.getMessage(), null));
            } catch (RuntimeException notAudited) {
                e.addSuppressed(notAudited);
            }
            throw e;
        }
        String reclaimed = counts.anything() ? reclaim() : "nothing to reclaim";
        audit.append(new AuditEntry(actor, via, "RETENTION_PURGE", null, AuditEntry.OK, null,
                counts.describe() + "; space: " + reclaimed, null));
        if (counts.anything()) {
            LOG.info("Retention purge: {}; space: {}", counts.describe(), reclaimed);
        }
        return counts;
    }

    /**
     * After a purge with the gateway stopped (the CLI): H2 rewrites its file to what is live and
     * closes ({@code SHUTDOWN COMPACT}); nothing more on PostgreSQL. Nothing can use the database after.
     *
     * @return what was done
     */
    public String shutdownCompact() {
        return space.shutdownCompact();
    }

    private String reclaim() {
        try {
            return space.reclaim();
        } catch (RuntimeException e) {
            LOG.warn("Retention purge: the space of the purged rows was not given back ({}); the next run tries again",
                    e.getMessage());
            return "not reclaimed: " + e.getMessage();
        }
    }
}
