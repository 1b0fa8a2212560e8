package it.pis.gateway.journal;

import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.agreement.Channels;
import it.pis.gateway.inbound.RawInbound;
import it.pis.gateway.mllp.MllpFrame;
import it.pis.gateway.report.Report;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The durable record of every inbound message. {@link #accept} commits the raw message and its
 * Report in one transaction before the route acknowledges. A second message with the same partner
 * and external id (the idempotency key) is compared with what the key first carried, by the
 * content hash its channel computed ({@link InboundMessage#contentHash()}):
 * <ul>
 * <li>the same content (or a first use stored before hashes existed, or no hash) is a duplicate,
 *     recorded as such and answered with the first report;</li>
 * <li>other content is a key reused by a sender whose counter restarted, or a bug: it is never
 *     answered as a duplicate (that would drop the second report silently) but refused as
 *     {@link InboundRejection.Cause#KEY_REUSED} (AE, 409, soap:Client) or, for an HTTP
 *     {@code Idempotency-Key}, {@link InboundRejection.Cause#IDEMPOTENCY_KEY_REUSED} (422), and
 *     the route journals the refusal with the raw message as evidence. It is not made a second
 *     report: the key stays the one answer to a resend, and the sender learns at once that its
 *     ids collide.</li>
 * </ul>
 */
public class InboundJournal {

    private static final Logger log = LoggerFactory.getLogger(InboundJournal.class);

    private final JdbcTemplate jdbc;
    private final GroupCommit commits;
    private final ReportStore reports;
    private final MeterRegistry meters;
    private final Consumer<ReportStored> stored;
    private final JournalCipher cipher;

    static final String TABLE = "inbound_message";

    /** Raw messages in plaintext: for tests of other parts of the journal. */
    public InboundJournal(JdbcTemplate jdbc, GroupCommit commits, ReportStore reports) {
        this(jdbc, commits, reports, new CompositeMeterRegistry(), event -> { }, JournalCipher.plaintext());
    }

    /**
     * Counts {@code pis.messages.in} by partner, channel and outcome (accepted, duplicate, rejected
     * with its cause) and tells {@code stored} of each new report once committed (the console's live
     * inbox); {@code stored} runs on the intake thread and must not block. Raw messages are sealed
     * by {@code cipher} (personal data at rest).
     */
    public InboundJournal(JdbcTemplate jdbc, GroupCommit commits, ReportStore reports, MeterRegistry meters,
                          Consumer<ReportStored> stored, JournalCipher cipher) {
        this.cipher = cipher;
        this.jdbc = jdbc;
        this.commits = commits;
        this.reports = reports;
        this.meters = meters;
        this.stored = stored;
    }

    /** The longest idempotency key the journal holds ({@code external_id VARCHAR(256)}). */
    static final int MAX_KEY_LENGTH = 256;

    /**
     * Commits the message and its Report (or records it as a duplicate); returns once durable. A key
     * longer than {@link #MAX_KEY_LENGTH} is refused as the sender's error (INVALID): cutting it
     * would make two different keys one, and the database would refuse it anyway.
     */
    public InboundMessage accept(InboundMessage message) {
        if (message.externalId() != null && message.externalId().length() > MAX_KEY_LENGTH) {
            throw new InboundRejection(InboundRejection.Kind.REJECT, InboundRejection.Cause.INVALID,
                    "the message id is " + message.externalId().length() + " characters long; at most "
                            + MAX_KEY_LENGTH + " are accepted", message);
        }
        // JSON and sealing on the message's own thread: the group commit's writer is one thread for all
        String json = reports.toJson(message.report());
        SealedReportBodies.Stored body = reports.seal(message.report(), json);
        JournalCipher.Sealed raw = sealRaw(message);
        InboundMessage journaled = durably(message, () -> store(message, raw, body));
        if (journaled.isNewReport()) {
            announce(journaled.report());
        }
        return journaled;
    }

    /** A listener's failure is logged, never the partner's problem: the report is stored. */
    private void announce(Report report) {
        try {
            stored.accept(new ReportStored(report));
        } catch (RuntimeException e) {
            log.warn("report {} stored, but a listener of new reports failed", report.id(), e);
        }
    }

    /**
     * Runs {@code store} (which records the message and what it carries, or finds it a duplicate)
     * in one transaction of the group commit, returning once durable. A duplicate committed at the
     * same moment by another node fails the unique key: one retry then finds it a duplicate. A
     * journal failure refuses the message as "NOT stored, resend".
     */
    InboundMessage durably(InboundMessage message, Supplier<InboundMessage> store) {
        try {
            InboundMessage stored;
            try {
                stored = commits.write(store);
            } catch (DuplicateKeyException concurrentDuplicate) {
                stored = commits.write(store);
            }
            if (stored.outcome() == InboundMessage.Outcome.KEY_REUSED) {
                throw keyReused(stored);
            }
            count(stored, stored.outcome() == InboundMessage.Outcome.DUPLICATE ? "duplicate" : "accepted", "none");
            return stored;
        } catch (DataAccessException e) {
            if (!GroupCommit.isOutage(e)) { // an outage is logged once by the group commit, not per message
                log.error("journal unavailable, {} {} from {} not stored", message.messageType(), message.externalId(),
                        message.partnerId(), e);
            }
            throw new InboundRejection(InboundRejection.Kind.ERROR, InboundRejection.Cause.JOURNAL_UNAVAILABLE,
                    "journal unavailable, the message was NOT stored, please resend", message);
        }
    }

    private InboundMessage store(InboundMessage message, JournalCipher.Sealed raw, SealedReportBodies.Stored body) {
        Optional<ReportStore.Keyed> existing = reports.findByKey(message.partnerId(), message.externalId());
        if (existing.isPresent()) {
            Report first = existing.get().report();
            if (!sameContent(existing.get().contentHash(), message)) {
                return message.keyReused("report " + first.id() + " of " + first.receivedAt());
            }
            insert(message, raw, "DUPLICATE", null, null, first.id().toString());
            return message.journaled(InboundMessage.Outcome.DUPLICATE, first);
        }
        reports.insert(message.report(), body, message.contentHash());
        insert(message, raw, "ACCEPTED", null, null, message.reportId());
        return message.journaled(InboundMessage.Outcome.NEW_REPORT, message.report());
    }

    /** A key first used before content hashes were kept (or without one) still answers as a duplicate. */
    static boolean sameContent(String firstHash, InboundMessage message) {
        return firstHash == null || message.contentHash() == null || firstHash.equals(message.contentHash());
    }

    private static InboundRejection keyReused(InboundMessage message) {
        boolean header = message.keyOrigin() == InboundMessage.KeyOrigin.IDEMPOTENCY_KEY_HEADER;
        String key = (header ? "Idempotency-Key '" : "message id '") + message.externalId() + "'";
        return new InboundRejection(InboundRejection.Kind.ERROR,
                header ? InboundRejection.Cause.IDEMPOTENCY_KEY_REUSED : InboundRejection.Cause.KEY_REUSED,
                key + " reused for different content: " + message.partnerId() + " already sent it with "
                        + message.firstUseOfKey() + "; this message is journaled as " + message.id()
                        + " but NOT taken; send it again with a new " + (header ? "Idempotency-Key" : "message id"), message);
    }

    /**
     * Records a refused message with its cause. The partner gets its AR/AE even if this fails
     * (the journal may be the very thing that is down), so a failure here is logged, not thrown.
     */
    public void reject(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Object body = exchange.getMessage().getBody();
        InboundMessage message = caught instanceof InboundRejection r ? r.inbound()
                : body instanceof InboundMessage m ? m
                : body instanceof RawInbound raw ? new InboundMessage(raw.channel(), raw.bytes())
                : body instanceof MllpFrame frame ? new InboundMessage(Channels.HL7V2_MLLP, frame.payload())
                : null;
        if (message == null) {
            log.error("refused a message that could not be read at all", caught);
            return;
        }
        String cause = caught instanceof InboundRejection r ? r.cause().name() : "INTERNAL";
        String reason = caught == null ? null : String.valueOf(caught.getMessage());
        count(message, "rejected", cause);
        try {
            JournalCipher.Sealed raw = sealRaw(message);
            commits.write(() -> insert(message, raw, "REJECTED", cause, reason, null));
        } catch (DataAccessException e) {
            if (!GroupCommit.isOutage(e)) { // an outage is logged once by the group commit, not per message
                log.error("could not journal the refusal of {} ({}): {}", message.id(), cause, reason, e);
            }
        }
        // what a sender wrote is cut as in the journal's columns: a 300 KB message type is not a log line
        log.warn("refused {} from {} ({}): {}", message.messageType() == null ? "a message" : truncate(message.messageType(), 64),
                message.partnerId() != null ? message.partnerId()
                        : message.claimedIdentity() != null ? "'" + truncate(message.claimedIdentity(), 256) + "'" : "an unknown sender",
                cause, truncate(reason, 4000));
    }

    private void count(InboundMessage message, String outcome, String cause) {
        Counter.builder("pis.messages.in").description("messages received, by partner, channel and what the journal did")
                .tag("partner", message.partnerId() == null ? "unknown" : message.partnerId())
                .tag("channel", String.valueOf(message.channel())).tag("outcome", outcome).tag("cause", cause)
                .register(meters).increment();
    }

    /** The message's raw bytes as the journal stores them (sealed); call it before the write, off the writer thread. */
    JournalCipher.Sealed sealRaw(InboundMessage m) {
        return cipher.seal(TABLE, m.id().toString(), m.raw());
    }

    int insert(InboundMessage m, JournalCipher.Sealed raw, String outcome, String cause, String reason, String reportId) {
        return jdbc.update("INSERT INTO inbound_message (id, received_at, channel, partner_id, claimed_identity, external_id,"
                        + " message_type, charset, outcome, cause, reason, report_id, raw, raw_key_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                m.id().toString(), Timestamp.from(m.receivedAt()), m.channel(), m.partnerId(),
                truncate(m.claimedIdentity(), 256), truncate(m.externalId(), MAX_KEY_LENGTH), truncate(m.messageType(), 64),
                m.charset() == null ? null : m.charset().name(), outcome, cause, truncate(reason, 4000), reportId,
                raw.bytes(), raw.keyId());
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
