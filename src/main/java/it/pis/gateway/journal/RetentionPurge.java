package it.pis.gateway.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

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
 * and it no longer waits in the outbox to be published.</li>
 * </ul>
 * Never touched: the audit trail (kept at least six months, Garante 27/11/2008; the gateway never
 * deletes a row of it), handovers and deliveries, shelter documents, the protocol register.
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

    private final ExpiredRows expired;
    private final JournalSpace space;
    private final AuditTrail audit;
    private final Supplier<RetentionPolicy> policy;
    private final Clock clock;

    public RetentionPurge(JdbcTemplate jdbc, int batch, int h2CompactMillis, AuditTrail audit,
                          Supplier<RetentionPolicy> policy, Clock clock) {
        this.expired = new ExpiredRows(jdbc, batch);
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
            counts = new PurgeCounts(raw, reports);
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
