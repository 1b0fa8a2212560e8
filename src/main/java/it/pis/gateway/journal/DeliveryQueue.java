package it.pis.gateway.journal;

import it.pis.gateway.handover.DeliveryState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Deliveries waiting to leave, as the dispatcher sees them. Order per recipient is the order the
 * deliveries were journaled ({@code seq}); only the recipient's oldest QUEUED delivery decides
 * whether it is due, so a later handover never overtakes one that is waiting to be retried. A
 * recipient is delivered to by one node at a time (a lease in {@code recipient_lease}).
 */
public class DeliveryQueue {

    /**
     * A QUEUED delivery with what the transport needs; {@code unreadable} says why its sealed content
     * could not be opened (its key not configured, or changed outside the gateway), {@code content} then null.
     */
    public record Queued(UUID id, UUID handoverId, String partnerId, String channel, String format, String endpoint,
                         String messageId, String contentType, byte[] content, int attempts, Instant nextAttemptAt,
                         String unreadable) {
    }

    /** A delivery found by the message id it was sent with (for receipts that come back later). */
    public record Sent(UUID id, UUID handoverId, String partnerId, DeliveryState state, int attempts) {
    }

    /** A delivery past its deadline and not ACKNOWLEDGED, escalated now. */
    public record Overdue(UUID id, UUID handoverId, String partnerId, DeliveryState state, int attempts, Instant deadline) {
    }

    /** The outcome of one attempt, or a later receipt, to record. */
    public record Outcome(DeliveryState state, int attempts, Instant nextAttemptAt, String error, String receiptKind,
                          String receiptType, byte[] receipt, String cause) {
    }

    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);

    private final JdbcTemplate jdbc;
    private final GroupCommit commits;
    private final JournalCipher cipher;

    /** Content and receipts in plaintext: for tests of other parts of the journal. */
    public DeliveryQueue(JdbcTemplate jdbc, GroupCommit commits) {
        this(jdbc, commits, JournalCipher.plaintext());
    }

    /** Content is opened and receipts sealed by {@code cipher} (personal data at rest). */
    public DeliveryQueue(JdbcTemplate jdbc, GroupCommit commits, JournalCipher cipher) {
        this.jdbc = jdbc;
        this.commits = commits;
        this.cipher = cipher;
    }

    /** Recipients whose oldest QUEUED delivery is due at {@code now}. */
    public List<String> recipientsDue(Instant now) {
        return jdbc.queryForList("SELECT partner_id FROM delivery WHERE seq IN (SELECT MIN(seq) FROM delivery"
                + " WHERE state = 'QUEUED' GROUP BY partner_id) AND next_attempt_at <= ?", String.class, Timestamp.from(now));
    }

    /**
     * Takes (or renews) the right to deliver to a recipient until {@code until}; false when another
     * node holds it. The holder's own lease is renewed, so a restarted node with the same id
     * resumes at once.
     */
    public boolean lease(String partnerId, String owner, Instant now, Instant until) {
        return commits.write(() -> {
            int updated = jdbc.update("UPDATE recipient_lease SET owner = ?, until_at = ? WHERE partner_id = ?"
                            + " AND (owner IS NULL OR owner = ? OR until_at < ?)", owner, Timestamp.from(until),
                    partnerId, owner, Timestamp.from(now));
            if (updated == 1) {
                return true;
            }
            boolean exists = !jdbc.queryForList("SELECT partner_id FROM recipient_lease WHERE partner_id = ?",
                    String.class, partnerId).isEmpty();
            if (exists) {
                return false;
            }
            try {
                jdbc.update("INSERT INTO recipient_lease (partner_id, owner, until_at) VALUES (?, ?, ?)", partnerId,
                        owner, Timestamp.from(until));
                return true;
            } catch (DuplicateKeyException otherNode) {
                return false;
            }
        });
    }

    public void release(String partnerId, String owner) {
        commits.write(() -> jdbc.update("UPDATE recipient_lease SET owner = NULL, until_at = NULL"
                + " WHERE partner_id = ? AND owner = ?", partnerId, owner));
    }

    /**
     * Up to {@code max} QUEUED deliveries of the recipient in order, stopping before the first that
     * is not due yet: what may be sent now, in this order.
     */
    public List<Queued> due(String partnerId, Instant now, int max) {
        List<Queued> queued = jdbc.query("SELECT id, handover_id, partner_id, channel, format, endpoint, message_id,"
                        + " content_type, content, attempts, next_attempt_at, content_key_id FROM delivery"
                        + " WHERE partner_id = ? AND state = 'QUEUED' ORDER BY seq LIMIT ?",
                (rs, i) -> {
                    byte[] content = null;
                    String unreadable = null;
                    try {
                        content = cipher.open(HandoverJournal.CONTENT, rs.getString(1), rs.getString(12), rs.getBytes(9));
                    } catch (UnreadableJournalRow e) {
                        log.error("{}: the delivery cannot be sent until it can be read", e.getMessage());
                        unreadable = e.getMessage();
                    }
                    return new Queued(UUID.fromString(rs.getString(1)), UUID.fromString(rs.getString(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getString(8), content, rs.getInt(10), HandoverJournal.instant(rs, 11), unreadable);
                },
                partnerId, max);
        List<Queued> due = new ArrayList<>();
        for (Queued q : queued) {
            if (q.nextAttemptAt() != null && q.nextAttemptAt().isAfter(now)) {
                break;
            }
            due.add(q);
        }
        return due;
    }

    /**
     * Records an attempt's outcome or a later receipt, if the delivery is still in {@code from}
     * (staff may have restarted it meanwhile): returns false when it was not.
     */
    public boolean record(UUID id, DeliveryState from, Outcome outcome, Instant now) {
        boolean withReceipt = outcome.receipt() != null;
        // sealed here, on the caller's thread: the group commit's writer is one thread for all
        JournalCipher.Sealed receipt = withReceipt ? cipher.seal(HandoverJournal.RECEIPT, id.toString(), outcome.receipt())
                : null;
        return commits.write(() -> {
            List<Object> args = new ArrayList<>(List.of(outcome.state().name(), outcome.attempts()));
            args.add(outcome.nextAttemptAt() == null ? null : Timestamp.from(outcome.nextAttemptAt()));
            args.add(outcome.error() == null || outcome.error().length() <= 4000 ? outcome.error()
                    : outcome.error().substring(0, 4000));
            args.add(Timestamp.from(now));
            String receiptColumns = "";
            if (withReceipt) {
                receiptColumns = ", receipt_kind = ?, receipt_type = ?, receipt = ?, receipt_key_id = ?, receipt_length = ?,"
                        + " receipt_at = ?";
                args.add(outcome.receiptKind());
                args.add(String.valueOf(outcome.receiptType()));
                args.add(receipt.bytes());
                args.add(receipt.keyId());
                args.add(outcome.receipt().length);
                args.add(Timestamp.from(now));
            }
            args.add(id.toString());
            args.add(from.name());
            int updated = jdbc.update("UPDATE delivery SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?,"
                    + " updated_at = ?" + receiptColumns + " WHERE id = ? AND state = ?", args.toArray());
            if (updated == 1) {
                DeliveryEvents.insert(jdbc, id, now, outcome.state(), outcome.attempts(), outcome.cause());
            }
            return updated == 1;
        });
    }

    /** The delivery sent with this message id, for receipts that arrive later (PEC). */
    public Optional<Sent> byMessageId(String messageId) {
        return jdbc.query("SELECT id, handover_id, partner_id, state, attempts FROM delivery WHERE message_id = ?",
                (rs, i) -> new Sent(UUID.fromString(rs.getString(1)), UUID.fromString(rs.getString(2)), rs.getString(3),
                        DeliveryState.valueOf(rs.getString(4)), rs.getInt(5)), messageId).stream().findFirst();
    }

    /**
     * Deliveries whose deadline passed without an acknowledgement and that were not escalated yet:
     * each is marked escalated here, once, whichever node finds it first.
     */
    public List<Overdue> escalateOverdue(Instant now) {
        List<Overdue> candidates = jdbc.query("SELECT id, handover_id, partner_id, state, attempts, deadline_at FROM delivery"
                        + " WHERE deadline_at < ? AND escalated_at IS NULL AND state <> 'ACKNOWLEDGED'",
                (rs, i) -> new Overdue(UUID.fromString(rs.getString(1)), UUID.fromString(rs.getString(2)),
                        rs.getString(3), DeliveryState.valueOf(rs.getString(4)), rs.getInt(5), HandoverJournal.instant(rs, 6)),
                Timestamp.from(now));
        List<Overdue> escalated = new ArrayList<>();
        for (Overdue o : candidates) {
            boolean mine = commits.write(() -> {
                int updated = jdbc.update("UPDATE delivery SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL",
                        Timestamp.from(now), o.id().toString());
                if (updated == 1) {
                    DeliveryEvents.insert(jdbc, o.id(), now, o.state(), o.attempts(), "deadline " + o.deadline()
                            + " passed without acknowledgement: escalated");
                }
                return updated == 1;
            });
            if (mine) {
                escalated.add(o);
            }
        }
        return escalated;
    }
}
