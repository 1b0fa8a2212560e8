package it.pis.gateway.journal;

import it.pis.gateway.handover.Delivery;
import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument.Withheld;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The outbound journal: handovers, one delivery per recipient with the exact bytes to send, and
 * every state change. A handover and all its deliveries are committed in one transaction before
 * the staff API answers, so nothing the operator was told is queued can be lost.
 *
 * <p>Personal data at rest: the handover's body, each delivery's content and its receipt are sealed
 * by the journal's cipher (see {@link JournalCipher}), on the caller's thread before the group commit.
 * After the retention purge ({@link RetentionPurge}) a delivery's content and receipt are gone and
 * the handover's body is cut down to its {@link #envelope}; reading them then says when and by which rule.
 */
public class HandoverJournal {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<List<Withheld>> WITHHELD = new TypeReference<>() { };

    /** A delivery to journal with its handover. */
    public record NewDelivery(UUID id, String partnerId, String channel, String format, String endpoint,
                              String messageId, String contentType, byte[] content, List<String> fieldsShared,
                              List<Withheld> fieldsWithheld, Instant deadline) {
    }

    /** What {@link #create} did with an Idempotency-Key. */
    public sealed interface Creation {
        UUID handoverId();

        /** Journaled now. */
        record Stored(UUID handoverId) implements Creation { }

        /** The key was used before with the same request: that handover. */
        record Replayed(UUID handoverId) implements Creation { }

        /** The key was used before with another request: nothing stored. */
        record KeyReused(UUID handoverId) implements Creation { }
    }

    /**
     * A handover with its deliveries; {@code purgedAt}: when the retention purge cut its body down to
     * the envelope (null while it is whole).
     */
    public record StoredHandover(Handover handover, List<Delivery> deliveries, Instant purgedAt) {
    }

    /**
     * Exact bytes kept for a delivery: what was (or will be) sent, or the receipt; {@code purged} set
     * (and {@code content} empty) once the retention purge removed them.
     */
    public record Bytes(String messageId, String contentType, byte[] content, Purged purged) {
    }

    /** When the retention purge removed a delivery's content and receipt, and the period that applied. */
    public record Purged(Instant at, String rule) {
    }

    /** What a staff retry did. */
    public sealed interface RetryResult {
        record Restarted() implements RetryResult { }
        record NotFound() implements RetryResult { }
        record NotRetryable(DeliveryState state) implements RetryResult { }
        /** Failed long enough ago that the retention purge blanked what it would send ({@code rule}). */
        record Purged(String rule) implements RetryResult { }
    }

    private static final String DELIVERY_COLUMNS = "id, handover_id, partner_id, channel, format, endpoint, state,"
            + " attempts, next_attempt_at, last_error, message_id, content_type, content_sha256,"
            + " COALESCE(content_length, LENGTH(content)), fields_shared, fields_withheld, receipt_kind, receipt_type,"
            + " receipt_at, COALESCE(receipt_length, LENGTH(receipt)), deadline_at, escalated_at, created_at, updated_at,"
            + " content_purged_at";

    /** The tables' names in the associated data of sealed values: a value moved to another column is refused. */
    static final String TABLE = "handover";
    static final String CONTENT = "delivery.content";
    static final String RECEIPT = "delivery.receipt";

    private final JdbcTemplate jdbc;
    private final GroupCommit commits;
    private final JsonMapper json;
    private final JournalCipher cipher;
    private final SealedText bodies;

    /** Everything in plaintext: for tests of other parts of the journal. */
    public HandoverJournal(JdbcTemplate jdbc, GroupCommit commits, JsonMapper json) {
        this(jdbc, commits, json, JournalCipher.plaintext());
    }

    public HandoverJournal(JdbcTemplate jdbc, GroupCommit commits, JsonMapper json, JournalCipher cipher) {
        this.jdbc = jdbc;
        this.commits = commits;
        this.json = json;
        this.cipher = cipher;
        this.bodies = new SealedText(cipher, TABLE);
    }

    /**
     * Commits the handover and its deliveries (state QUEUED, due now), returning once durable. With
     * an Idempotency-Key already used, nothing is written: the same request gets its handover back,
     * another request is told the key is taken.
     */
    public Creation create(Handover handover, String idempotencyKey, byte[] request, List<NewDelivery> deliveries) {
        String requestSha256 = sha256(request);
        // JSON, digests and sealing here, on the caller's thread: the group commit's writer is one thread for all
        SealedText.Stored body = bodies.seal(handover.id().toString(), json.writeValueAsString(handover));
        List<Sealed> sealed = deliveries.stream().map(d -> new Sealed(d, cipher.seal(CONTENT, d.id().toString(),
                d.content()), sha256(d.content()), json.writeValueAsString(d.fieldsShared()),
                json.writeValueAsString(d.fieldsWithheld()))).toList();
        try {
            return commits.write(() -> store(handover, idempotencyKey, requestSha256, body, sealed));
        } catch (DuplicateKeyException concurrentResend) {
            return commits.write(() -> store(handover, idempotencyKey, requestSha256, body, sealed));
        }
    }

    /** A delivery ready for its row: its content sealed, the digest of the plaintext, the field lists as JSON. */
    private record Sealed(NewDelivery delivery, JournalCipher.Sealed content, String sha256, String shared,
                          String withheld) {
    }

    /** What an earlier use of this Idempotency-Key made, if any: checked before any rendering is done. */
    public Optional<Creation> earlier(String idempotencyKey, byte[] request) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        String requestSha256 = sha256(request);
        return jdbc.query("SELECT id, request_sha256 FROM handover WHERE idempotency_key = ?",
                (rs, i) -> earlier(rs, requestSha256), idempotencyKey).stream().findFirst();
    }

    private static Creation earlier(ResultSet rs, String requestSha256) throws SQLException {
        UUID id = UUID.fromString(rs.getString(1));
        return requestSha256.equals(rs.getString(2)) ? new Creation.Replayed(id) : new Creation.KeyReused(id);
    }

    private Creation store(Handover handover, String key, String requestSha256, SealedText.Stored body,
                           List<Sealed> deliveries) {
        if (key != null) {
            List<Creation> earlier = jdbc.query("SELECT id, request_sha256 FROM handover WHERE idempotency_key = ?",
                    (rs, i) -> earlier(rs, requestSha256), key);
            if (!earlier.isEmpty()) {
                return earlier.get(0);
            }
        }
        Timestamp now = Timestamp.from(handover.createdAt());
        jdbc.update("INSERT INTO handover (id, idempotency_key, request_sha256, created_at, author, confidentiality, body,"
                        + " body_key_id, placement_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", handover.id().toString(), key,
                requestSha256, now, handover.author(), handover.confidentiality().name(), body.text(), body.keyId(),
                handover.placement() == null ? null : handover.placement().placementId());
        for (Sealed sealed : deliveries) {
            NewDelivery d = sealed.delivery();
            jdbc.update("INSERT INTO delivery (id, handover_id, partner_id, channel, format, endpoint, state, attempts,"
                            + " next_attempt_at, message_id, content_type, content, content_key_id, content_length,"
                            + " content_sha256, fields_shared, fields_withheld, deadline_at, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    d.id().toString(), handover.id().toString(), d.partnerId(), d.channel(), d.format(), d.endpoint(),
                    DeliveryState.QUEUED.name(), now, d.messageId(), d.contentType(), sealed.content().bytes(),
                    sealed.content().keyId(), d.content().length, sealed.sha256(), sealed.shared(), sealed.withheld(),
                    d.deadline() == null ? null : Timestamp.from(d.deadline()), now, now);
            DeliveryEvents.insert(jdbc, d.id(), handover.createdAt(), DeliveryState.QUEUED, 0,
                    "created by " + handover.author());
        }
        return new Creation.Stored(handover.id());
    }

    private static final String HANDOVER_COLUMNS = "id, body_key_id, body, body_purged_at";

    /** A handover row as read: its body opened (or the envelope the purge left) and when it was purged. */
    private record Read(Handover handover, Instant purgedAt) {
    }

    private RowMapper<Read> handoverRow() {
        return (rs, i) -> new Read(json.readValue(bodies.open(rs.getString(1), rs.getString(2), rs.getString(3)),
                Handover.class), instant(rs, 4));
    }

    public Optional<StoredHandover> find(UUID id) {
        Optional<Read> handover = jdbc.query("SELECT " + HANDOVER_COLUMNS + " FROM handover WHERE id = ?", handoverRow(),
                id.toString()).stream().findFirst();
        return handover.map(h -> new StoredHandover(h.handover(), deliveries(List.of(id), true).getOrDefault(id, List.of()),
                h.purgedAt()));
    }

    /** Newest first; with {@code state}, only handovers that have a delivery in that state. */
    public List<StoredHandover> list(DeliveryState state, Instant since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + HANDOVER_COLUMNS + " FROM handover h WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM delivery d WHERE d.handover_id = h.id AND d.state = ?)");
            args.add(state.name());
        }
        if (since != null) {
            sql.append(" AND h.created_at >= ?");
            args.add(Timestamp.from(since));
        }
        sql.append(" ORDER BY h.created_at DESC, h.id DESC LIMIT ?");
        args.add(limit);
        List<Read> handovers = jdbc.query(sql.toString(), handoverRow(), args.toArray());
        Map<UUID, List<Delivery>> deliveries = deliveries(handovers.stream().map(h -> h.handover().id()).toList(), false);
        return handovers.stream().map(h -> new StoredHandover(h.handover(),
                deliveries.getOrDefault(h.handover().id(), List.of()), h.purgedAt())).toList();
    }

    /** The bytes rendered for a recipient, exactly as each attempt sends them. */
    public Optional<Bytes> content(UUID handoverId, String partnerId) {
        return jdbc.query("SELECT id, message_id, content_type, content_key_id, content, content_purged_at, purge_rule"
                        + " FROM delivery WHERE handover_id = ? AND partner_id = ?", (rs, i) -> bytes(rs, CONTENT),
                handoverId.toString(), partnerId).stream().findFirst();
    }

    /** The receiver's last answer, exactly as received. */
    public Optional<Bytes> receipt(UUID handoverId, String partnerId) {
        // receipt_kind, not receipt: a purged receipt is NULL, and is told apart from none by content_purged_at
        return jdbc.query("SELECT id, message_id, receipt_type, receipt_key_id, receipt, content_purged_at, purge_rule"
                        + " FROM delivery WHERE handover_id = ? AND partner_id = ? AND receipt_kind IS NOT NULL",
                (rs, i) -> bytes(rs, RECEIPT), handoverId.toString(), partnerId).stream().findFirst();
    }

    private Bytes bytes(ResultSet rs, String column) throws SQLException {
        Instant purgedAt = instant(rs, 6);
        if (purgedAt != null) {
            return new Bytes(rs.getString(2), rs.getString(3), new byte[0], new Purged(purgedAt, rs.getString(7)));
        }
        return new Bytes(rs.getString(2), rs.getString(3), cipher.open(column, rs.getString(1), rs.getString(4),
                rs.getBytes(5)), null);
    }

    /**
     * What of a handover is left once the retention purge took its personal data: the ids, times,
     * author, recipients, confidentiality and the placement id; nothing about the person.
     */
    static Handover envelope(Handover h) {
        Handover.Placement placement = h.placement() == null ? null
                : new Handover.Placement(h.placement().partnerId(), h.placement().placementId(), null, null, null);
        return new Handover(h.id(), h.reportIds(), h.createdAt(), h.author(), h.recipients(), null, null, null, null,
                placement, null, null, null, h.confidentiality());
    }

    /** Staff restart a DEAD or REFUSED delivery: QUEUED again, due now, with a fresh count of attempts. */
    public RetryResult retry(UUID handoverId, String partnerId, String by, Instant now) {
        return commits.write(() -> {
            List<String[]> found = jdbc.query("SELECT id, state, purge_rule FROM delivery WHERE handover_id = ? AND partner_id = ?",
                    (rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, handoverId.toString(), partnerId);
            if (found.isEmpty()) {
                return new RetryResult.NotFound();
            }
            DeliveryState state = DeliveryState.valueOf(found.get(0)[1]);
            if (!state.retryable()) {
                return new RetryResult.NotRetryable(state);
            }
            if (found.get(0)[2] != null) {
                return new RetryResult.Purged(found.get(0)[2]);
            }
            // the purge checks the state again as it blanks: a restart and a purge never both happen
            int updated = jdbc.update("UPDATE delivery SET state = ?, attempts = 0, next_attempt_at = ?, last_error = NULL,"
                            + " updated_at = ? WHERE id = ? AND state = ? AND content_purged_at IS NULL", DeliveryState.QUEUED.name(),
                    Timestamp.from(now), Timestamp.from(now), found.get(0)[0], state.name());
            if (updated == 0) {
                return new RetryResult.NotRetryable(state);
            }
            DeliveryEvents.insert(jdbc, UUID.fromString(found.get(0)[0]), now, DeliveryState.QUEUED, 0,
                    "restarted by " + by + " (was " + state + ")");
            return new RetryResult.Restarted();
        });
    }

    private Map<UUID, List<Delivery>> deliveries(List<UUID> handoverIds, boolean withHistory) {
        if (handoverIds.isEmpty()) {
            return Map.of();
        }
        String in = handoverIds.stream().map(id -> "?").collect(Collectors.joining(", "));
        List<Delivery> rows = jdbc.query("SELECT " + DELIVERY_COLUMNS + " FROM delivery WHERE handover_id IN (" + in + ")"
                + " ORDER BY seq", deliveryRow(withHistory), handoverIds.stream().map(UUID::toString).toArray());
        return rows.stream().collect(Collectors.groupingBy(Delivery::handoverId, Collectors.toList()));
    }

    private RowMapper<Delivery> deliveryRow(boolean withHistory) {
        return (rs, i) -> {
            UUID id = UUID.fromString(rs.getString(1));
            Instant deadline = instant(rs, 21);
            DeliveryState state = DeliveryState.valueOf(rs.getString(7));
            String receiptKind = rs.getString(17);
            return new Delivery(id, UUID.fromString(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), state, rs.getInt(8), instant(rs, 9), rs.getString(10), rs.getString(11),
                    rs.getString(12), rs.getString(13), rs.getInt(14), json.readValue(rs.getString(15), STRINGS),
                    json.readValue(rs.getString(16), WITHHELD),
                    receiptKind == null ? null : new Delivery.ReceiptInfo(receiptKind, rs.getString(18), instant(rs, 19),
                            rs.getInt(20)),
                    deadline, deadline != null && state != DeliveryState.ACKNOWLEDGED && Instant.now().isAfter(deadline),
                    instant(rs, 22), instant(rs, 23), instant(rs, 24),
                    withHistory ? DeliveryEvents.of(jdbc, id) : List.of(), instant(rs, 25));
        };
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** Hex SHA-256, for content digests and request fingerprints. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
