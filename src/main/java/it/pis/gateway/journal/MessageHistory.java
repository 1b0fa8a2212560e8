package it.pis.gateway.journal;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What came in from and went out to each partner, as the integration admins see it: ids, times,
 * outcomes and causes, never the bytes nor the report (they are personal data, and ADMIN does not
 * read report contents).
 */
public class MessageHistory {

    /** When a partner last sent a message (any outcome) and last had a delivery leave (SENT or ACKNOWLEDGED). */
    public record LastTraffic(Instant lastIn, Instant lastOut) {
    }

    /**
     * A search; every criterion optional. {@code outcome} is the journal's (ACCEPTED, DUPLICATE,
     * REJECTED) for messages in, the delivery state for messages out; {@code externalId} is the
     * partner's message id (MSH-10, Bundle id, …) in, the message id sent out; {@code from}
     * inclusive, {@code to} exclusive.
     */
    public record Query(String partner, String channel, String outcome, Instant from, Instant to, String externalId,
                        int offset, int limit) {
    }

    /** A message received, without its bytes; {@code size} in bytes. */
    public record Received(String id, Instant at, String channel, String partner, String claimedIdentity,
                           String externalId, String messageType, String charset, String outcome, String cause,
                           String reportId, long size) {
    }

    /** A delivery sent (or to be sent), without its bytes; {@code history} only when asked for one. */
    public record Sent(String id, String handoverId, Instant createdAt, Instant updatedAt, String partner, String channel,
                       String format, String endpoint, String messageId, String outcome, int attempts, String lastError,
                       String receiptKind, Instant receiptAt, List<Step> history) {
    }

    /** A state change of a delivery. */
    public record Step(Instant at, String state, int attempt, String cause) {
    }

    private static final String RECEIVED = "SELECT id, received_at, channel, partner_id, claimed_identity, external_id,"
            + " message_type, charset, outcome, cause, report_id,"
            // the message's own length: a sealed raw is longer by the nonce and the tag
            + " OCTET_LENGTH(raw) - CASE WHEN raw_key_id IS NULL THEN 0 ELSE " + JournalCipher.OVERHEAD + " END FROM inbound_message";
    private static final String SENT = "SELECT id, handover_id, created_at, updated_at, partner_id, channel, format,"
            + " endpoint, message_id, state, attempts, last_error, receipt_kind, receipt_at FROM delivery";

    private final JdbcTemplate jdbc;

    public MessageHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Per partner id; partners with no traffic at all are absent. */
    public Map<String, LastTraffic> lastTraffic() {
        Map<String, Instant> in = new HashMap<>();
        jdbc.query("SELECT partner_id, MAX(received_at) FROM inbound_message WHERE partner_id IS NOT NULL"
                + " GROUP BY partner_id", rs -> {
                    in.put(rs.getString(1), instant(rs.getTimestamp(2)));
                });
        Map<String, Instant> out = new HashMap<>();
        jdbc.query("SELECT partner_id, MAX(updated_at) FROM delivery WHERE state IN ('SENT', 'ACKNOWLEDGED')"
                + " GROUP BY partner_id", rs -> {
                    out.put(rs.getString(1), instant(rs.getTimestamp(2)));
                });
        Map<String, LastTraffic> last = new HashMap<>();
        in.forEach((partner, at) -> last.put(partner, new LastTraffic(at, out.get(partner))));
        out.forEach((partner, at) -> last.putIfAbsent(partner, new LastTraffic(null, at)));
        return last;
    }

    /** Messages received, newest first. */
    public List<Received> received(Query q) {
        List<Object> args = new ArrayList<>();
        String where = where(q, "received_at", "outcome", "external_id", args);
        args.add(q.limit());
        args.add(q.offset());
        return jdbc.query(RECEIVED + where + " ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?",
                MessageHistory::received, args.toArray());
    }

    public Optional<Received> received(String id) {
        return jdbc.query(RECEIVED + " WHERE id = ?", MessageHistory::received, id).stream().findFirst();
    }

    /** Deliveries, the most recently changed first. */
    public List<Sent> sent(Query q) {
        List<Object> args = new ArrayList<>();
        String where = where(q, "updated_at", "state", "message_id", args);
        args.add(q.limit());
        args.add(q.offset());
        return jdbc.query(SENT + where + " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?",
                (rs, i) -> sent(rs, List.of()), args.toArray());
    }

    /** One delivery with every state change. */
    public Optional<Sent> sent(String id) {
        List<Step> history = jdbc.query("SELECT at, state, attempt, cause FROM delivery_event WHERE delivery_id = ?"
                + " ORDER BY id", (rs, i) -> new Step(instant(rs.getTimestamp(1)), rs.getString(2), rs.getInt(3),
                rs.getString(4)), id);
        return jdbc.query(SENT + " WHERE id = ?", (rs, i) -> sent(rs, history), id).stream().findFirst();
    }

    private static String where(Query q, String time, String outcome, String externalId, List<Object> args) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        and(sql, args, "partner_id = ?", q.partner());
        and(sql, args, "channel = ?", q.channel());
        and(sql, args, outcome + " = ?", q.outcome());
        and(sql, args, externalId + " = ?", q.externalId());
        and(sql, args, time + " >= ?", q.from() == null ? null : Timestamp.from(q.from()));
        and(sql, args, time + " < ?", q.to() == null ? null : Timestamp.from(q.to()));
        return sql.toString();
    }

    private static void and(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            args.add(value);
        }
    }

    private static Received received(ResultSet rs, int row) throws SQLException {
        return new Received(rs.getString(1), instant(rs.getTimestamp(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getLong(12));
    }

    private static Sent sent(ResultSet rs, List<Step> history) throws SQLException {
        return new Sent(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getInt(11), rs.getString(12), rs.getString(13), instant(rs.getTimestamp(14)), history);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
