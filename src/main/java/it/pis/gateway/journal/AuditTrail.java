package it.pis.gateway.journal;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tamper-evident audit trail (table {@code audit_event}): append, search and verify. Appends
 * are serialised by the one-row {@code audit_tip}, locked with {@code SELECT ... FOR UPDATE}: two
 * appends, from two threads or from two gateway nodes sharing PostgreSQL, each wait for the other
 * to commit and chain to the row it wrote, so the chain never forks (a lock inside this JVM first,
 * so that local appenders queue here rather than in the database's lock timeout). An append made
 * inside a transaction (a take, a user change) commits or rolls back with it: the action and its
 * trace are one.
 */
public class AuditTrail {

    /** What {@link #verify} found: the whole chain intact, or the first link that is broken. */
    public record Verification(boolean intact, long rows, long tipSeq, String tipHash, Long brokenAt, String problem) {
    }

    /**
     * A search of the trail; every criterion optional; newest first. {@code beforeSeq} pages back:
     * only rows older than that one (the last row of the previous page).
     */
    public record Query(String actor, String action, String target, Instant from, Instant to, Long beforeSeq,
                        int limit) {

        public Query(String actor, String action, String target, Instant from, Instant to, int limit) {
            this(actor, action, target, from, to, null, limit);
        }
    }

    private static final String COLUMNS = "seq, at, actor, via, action, target, outcome, reason, detail, remote_address,"
            + " node, prev_hash, hash";

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate tx;
    private final TransactionTemplate readOnly;
    private final Clock clock;
    private final String node;
    private final ReentrantLock local = new ReentrantLock(true);

    public AuditTrail(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, String node) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(500);
        this.tx = new TransactionTemplate(tx.getTransactionManager());
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.readOnly = new TransactionTemplate(tx.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.clock = clock;
        this.node = cut(node, 128);
    }

    /**
     * Appends one event, chained to the last; inside the caller's transaction if there is one.
     *
     * @throws DataAccessException when it could not be written: the caller must not go on as if it were
     */
    public AuditEvent append(AuditEntry entry) {
        local.lock();
        try {
            return tx.execute(status -> appendLocked(entry));
        } finally {
            local.unlock();
        }
    }

    private AuditEvent appendLocked(AuditEntry entry) {
        Object[] tip = jdbc.queryForObject("SELECT seq, hash FROM audit_tip WHERE id = 1 FOR UPDATE",
                (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)});
        long seq = (Long) tip[0] + 1;
        AuditEvent unhashed = new AuditEvent(seq, AuditChain.precision(clock.instant()), cut(entry.actor(), 256),
                cut(entry.via(), 16), cut(entry.action(), 32), cut(entry.target(), 256), cut(entry.outcome(), 16),
                cut(entry.reason(), 1000), cut(entry.detail(), 4000), cut(entry.remoteAddress(), 64), node,
                (String) tip[1], null);
        String hash = AuditChain.hash(unhashed);
        jdbc.update("INSERT INTO audit_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                seq, unhashed.at().atOffset(java.time.ZoneOffset.UTC), unhashed.actor(), unhashed.via(), unhashed.action(), unhashed.target(),
                unhashed.outcome(), unhashed.reason(), unhashed.detail(), unhashed.remoteAddress(), node,
                unhashed.prevHash(), hash);
        jdbc.update("UPDATE audit_tip SET seq = ?, hash = ? WHERE id = 1", seq, hash);
        return new AuditEvent(seq, unhashed.at(), unhashed.actor(), unhashed.via(), unhashed.action(), unhashed.target(),
                unhashed.outcome(), unhashed.reason(), unhashed.detail(), unhashed.remoteAddress(), node,
                unhashed.prevHash(), hash);
    }

    /** Newest first, at most {@code limit}. */
    public List<AuditEvent> search(Query q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_event WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.action() != null) {
            sql.append(" AND action = ?");
            args.add(q.action());
        }
        if (q.target() != null) {
            sql.append(" AND target = ?");
            args.add(q.target());
        }
        if (q.from() != null) {
            sql.append(" AND at >= ?");
            args.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND at < ?");
            args.add(Timestamp.from(q.to()));
        }
        if (q.beforeSeq() != null) {
            sql.append(" AND seq < ?");
            args.add(q.beforeSeq());
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(q.limit());
        return jdbc.query(sql.toString(), EVENT, args.toArray());
    }

    /**
     * Walks the whole chain in order, recomputing every hash, and reports the first broken link:
     * a row whose content no longer matches its hash (changed), whose prev_hash is not the hash of
     * the row before (removed, inserted or re-chained), a gap in the numbers (removed), or a last
     * row that is not the one the tip recorded (removed from the end).
     */
    public Verification verify() {
        return readOnly.execute(status -> {
            Object[] tip = jdbc.queryForObject("SELECT seq, hash FROM audit_tip WHERE id = 1",
                    (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)});
            long tipSeq = (Long) tip[0];
            String tipHash = (String) tip[1];
            Walk walk = new Walk();
            streaming.query("SELECT " + COLUMNS + " FROM audit_event ORDER BY seq", (RowCallbackHandler) rs -> {
                if (walk.problem == null) {
                    walk.next(EVENT.mapRow(rs, 0));
                }
            });
            if (walk.problem == null && (walk.lastSeq != tipSeq || !walk.prevHash.equals(tipHash))) {
                walk.brokenAt = walk.lastSeq + 1;
                walk.problem = walk.lastSeq < tipSeq
                        ? "the chain ends at row " + walk.lastSeq + " but row " + tipSeq + " was written (audit_tip):"
                                + " rows " + (walk.lastSeq + 1) + ".." + tipSeq + " were removed"
                        : "the last row " + walk.lastSeq + " (hash " + walk.prevHash + ") is not the last one written,"
                                + " row " + tipSeq + " with hash " + tipHash + " (audit_tip)";
            }
            return new Verification(walk.problem == null, walk.rows, tipSeq, tipHash, walk.brokenAt, walk.problem);
        });
    }

    /** The chain walked so far. */
    private static final class Walk {
        long rows;
        long lastSeq;
        String prevHash = AuditChain.GENESIS;
        Long brokenAt;
        String problem;

        void next(AuditEvent e) {
            rows++;
            long expected = lastSeq + 1;
            if (e.seq() != expected) {
                broken(expected, "row " + expected + (e.seq() > expected + 1 ? ".." + (e.seq() - 1) + " are" : " is")
                        + " missing: the next row is " + e.seq());
            } else if (!e.prevHash().equals(prevHash)) {
                broken(e.seq(), "row " + e.seq() + " does not chain to row " + lastSeq + ": its prev_hash "
                        + e.prevHash() + " is not that row's hash " + prevHash);
            } else if (!AuditChain.hash(e).equals(e.hash())) {
                broken(e.seq(), "row " + e.seq() + " was changed after it was written: its content no longer"
                        + " gives its hash " + e.hash());
            }
            lastSeq = e.seq();
            prevHash = e.hash();
        }

        private void broken(long at, String why) {
            brokenAt = at;
            problem = why;
        }
    }

    private static final RowMapper<AuditEvent> EVENT = AuditTrail::event;

    private static AuditEvent event(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
