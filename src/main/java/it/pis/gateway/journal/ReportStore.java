package it.pis.gateway.journal;

import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reports as staff see them: stored as canonical JSON, with status columns for queries. */
public class ReportStore {

    /** Result of taking a report in charge. */
    public sealed interface TakeResult {
        record Taken(Report report) implements TakeResult { }
        record NotFound() implements TakeResult { }
        record AlreadyTaken(Report report) implements TakeResult { }
    }

    /** The message a report was made from, exactly as the partner sent it. */
    /** {@code rawPurgedAt}: when the retention purge removed the bytes ({@code raw} is then empty); null while kept. */
    public record Original(String messageId, String partnerId, String channel, String messageType, String charset,
                           Instant receivedAt, byte[] raw, Instant rawPurgedAt) {
    }

    /** The report a key made, and the hash of the content it was made from (null for reports stored before hashes). */
    record Keyed(Report report, String contentHash) {
    }

    private final JdbcTemplate jdbc;
    private final ReportCodec codec;

    public ReportStore(JdbcTemplate jdbc, ReportCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /**
     * Stores a new report (its JSON made beforehand, off the journal's writer thread) with the hash
     * of the content its key carried, and queues it for publishing.
     */
    void insert(Report report, String json, String contentHash) {
        Timestamp received = Timestamp.from(report.receivedAt());
        jdbc.update("INSERT INTO report (id, partner_id, external_id, received_at, status, body, content_sha256)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                report.id().toString(), report.source().partnerId(), report.source().externalId(), received,
                report.status().name(), json, contentHash);
        jdbc.update("INSERT INTO report_outbox (report_id, committed_at) VALUES (?, ?)", report.id().toString(), received);
    }

    String toJson(Report report) {
        return codec.toJson(report);
    }

    Optional<Keyed> findByKey(String partnerId, String externalId) {
        return jdbc.query("SELECT body, content_sha256 FROM report WHERE partner_id = ? AND external_id = ?",
                (rs, i) -> new Keyed(codec.fromJson(rs.getString(1)), rs.getString(2)), partnerId, externalId)
                .stream().findFirst();
    }

    public Optional<Report> find(UUID id) {
        return jdbc.query("SELECT body FROM report WHERE id = ?", (rs, i) -> codec.fromJson(rs.getString(1)),
                id.toString()).stream().findFirst();
    }

    /** Newest first, optionally only one status and only those received at or after {@code since}. */
    public List<Report> list(ReportStatus status, Instant since, int limit) {
        return list(status, null, since, limit);
    }

    /** As {@link #list(ReportStatus, Instant, int)}, optionally only one partner's. */
    public List<Report> list(ReportStatus status, String partnerId, Instant since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT body FROM report WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        if (partnerId != null) {
            sql.append(" AND partner_id = ?");
            args.add(partnerId);
        }
        if (since != null) {
            sql.append(" AND received_at >= ?");
            args.add(Timestamp.from(since));
        }
        sql.append(" ORDER BY received_at DESC, id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> codec.fromJson(rs.getString(1)), args.toArray());
    }

    /** The raw bytes of the message that made this report (not its later duplicates). */
    public Optional<Original> original(UUID reportId) {
        return jdbc.query("SELECT id, partner_id, channel, message_type, charset, received_at, raw, raw_purged_at"
                        + " FROM inbound_message WHERE report_id = ? AND outcome = 'ACCEPTED' ORDER BY received_at LIMIT 1",
                (rs, i) -> new Original(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant(), rs.getBytes(7),
                        rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()), reportId.toString())
                .stream().findFirst();
    }

    /** NEW -> TAKEN, once: a second operator learns who took it first. */
    public TakeResult take(UUID id, String operator, Instant at) {
        Optional<Report> current = find(id);
        if (current.isEmpty()) {
            return new TakeResult.NotFound();
        }
        if (current.get().status() != ReportStatus.NEW) {
            return new TakeResult.AlreadyTaken(current.get());
        }
        Report taken = current.get().markTaken(new Report.Taken(operator, at));
        int updated = jdbc.update("UPDATE report SET status = ?, taken_by = ?, taken_at = ?, body = ? WHERE id = ? AND status = ?",
                ReportStatus.TAKEN.name(), operator, Timestamp.from(at), codec.toJson(taken), id.toString(),
                ReportStatus.NEW.name());
        return updated == 1 ? new TakeResult.Taken(taken) : new TakeResult.AlreadyTaken(find(id).orElseThrow());
    }
}
