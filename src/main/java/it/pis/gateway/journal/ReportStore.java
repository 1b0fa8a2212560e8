package it.pis.gateway.journal;

import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
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

    static final String TABLE = "report";

    private final JdbcTemplate jdbc;
    private final ReportCodec codec;
    private final SealedReportBodies bodies;

    /** Bodies in plaintext: for tests of other parts of the journal. */
    public ReportStore(JdbcTemplate jdbc, ReportCodec codec) {
        this(jdbc, codec, JournalCipher.plaintext());
    }

    /** Report bodies sealed by {@code cipher} (personal data at rest). */
    public ReportStore(JdbcTemplate jdbc, ReportCodec codec, JournalCipher cipher) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.bodies = new SealedReportBodies(cipher);
    }

    /**
     * Stores a new report (its JSON made and sealed beforehand, off the journal's writer thread) with the hash
     * of the content its key carried, and queues it for publishing.
     */
    void insert(Report report, SealedReportBodies.Stored body, String contentHash) {
        Timestamp received = Timestamp.from(report.receivedAt());
        jdbc.update("INSERT INTO report (id, partner_id, external_id, received_at, status, body, body_key_id, content_sha256)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                report.id().toString(), report.source().partnerId(), report.source().externalId(), received,
                report.status().name(), body.text(), body.keyId(), contentHash);
        jdbc.update("INSERT INTO report_outbox (report_id, committed_at) VALUES (?, ?)", report.id().toString(), received);
    }

    /** The report's JSON as the journal stores it (sealed), made before the write. */
    SealedReportBodies.Stored seal(Report report, String json) {
        return bodies.seal(report.id().toString(), json);
    }

    String toJson(Report report) {
        return codec.toJson(report);
    }

    Optional<Keyed> findByKey(String partnerId, String externalId) {
        return jdbc.query("SELECT id, body, body_key_id, content_sha256 FROM report WHERE partner_id = ? AND external_id = ?",
                (rs, i) -> new Keyed(codec.fromJson(bodies.open(rs.getString(1), rs.getString(3), rs.getString(2))),
                        rs.getString(4)), partnerId, externalId)
                .stream().findFirst();
    }

    public Optional<Report> find(UUID id) {
        return jdbc.query("SELECT id, body, body_key_id FROM report WHERE id = ?", this::report, id.toString())
                .stream().findFirst();
    }

    /** Newest first, optionally only one status and only those received at or after {@code since}. */
    public List<Report> list(ReportStatus status, Instant since, int limit) {
        return list(status, null, since, limit);
    }

    /** As {@link #list(ReportStatus, Instant, int)}, optionally only one partner's. */
    public List<Report> list(ReportStatus status, String partnerId, Instant since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, body, body_key_id FROM report WHERE 1 = 1");
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
        return jdbc.query(sql.toString(), this::report, args.toArray());
    }

    /** A row of (id, body, body_key_id) as a Report. */
    private Report report(ResultSet rs, int row) throws SQLException {
        return codec.fromJson(bodies.open(rs.getString(1), rs.getString(3), rs.getString(2)));
    }

    /** The raw bytes of the message that made this report (not its later duplicates). */
    public Optional<Original> original(UUID reportId) {
        return jdbc.query("SELECT id, partner_id, channel, message_type, charset, received_at, raw, raw_key_id, raw_purged_at"
                        + " FROM inbound_message WHERE report_id = ? AND outcome = 'ACCEPTED' ORDER BY received_at LIMIT 1",
                (rs, i) -> {
                    Instant purgedAt = rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant();
                    // a purged message's bytes are gone (retention): nothing to open
                    byte[] raw = purgedAt != null ? new byte[0]
                            : bodies.cipher().open(InboundJournal.TABLE, rs.getString(1), rs.getString(8), rs.getBytes(7));
                    return new Original(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getTimestamp(6).toInstant(), raw, purgedAt);
                }, reportId.toString()).stream().findFirst();
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
        SealedReportBodies.Stored body = bodies.seal(id.toString(), codec.toJson(taken));
        int updated = jdbc.update("UPDATE report SET status = ?, taken_by = ?, taken_at = ?, body = ?, body_key_id = ?"
                        + " WHERE id = ? AND status = ?",
                ReportStatus.TAKEN.name(), operator, Timestamp.from(at), body.text(), body.keyId(), id.toString(),
                ReportStatus.NEW.name());
        return updated == 1 ? new TakeResult.Taken(taken) : new TakeResult.AlreadyTaken(find(id).orElseThrow());
    }
}
