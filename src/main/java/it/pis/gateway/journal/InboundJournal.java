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
 * Report in one transaction before the route acknowledges; a second message with the same partner
 * and external id is recorded as a duplicate and answered with the first report.
 */
public class InboundJournal {

    private static final Logger log = LoggerFactory.getLogger(InboundJournal.class);

    private final JdbcTemplate jdbc;
    private final GroupCommit commits;
    private final ReportStore reports;
    private final MeterRegistry meters;
    private final Consumer<ReportStored> stored;

    public InboundJournal(JdbcTemplate jdbc, GroupCommit commits, ReportStore reports) {
        this(jdbc, commits, reports, new CompositeMeterRegistry(), event -> { });
    }

    /**
     * Counts {@code pis.messages.in} by partner, channel and outcome (accepted, duplicate, rejected
     * with its cause) and tells {@code stored} of each new report once committed (the console's live
     * inbox); {@code stored} runs on the intake thread and must not block.
     */
    public InboundJournal(JdbcTemplate jdbc, GroupCommit commits, ReportStore reports, MeterRegistry meters,
                          Consumer<ReportStored> stored) {
        this.jdbc = jdbc;
        this.commits = commits;
        this.reports = reports;
        this.meters = meters;
        this.stored = stored;
    }

    /** Commits the message and its Report (or records it as a duplicate); returns once durable. */
    public InboundMessage accept(InboundMessage message) {
        String json = reports.toJson(message.report());
        InboundMessage journaled = durably(message, () -> store(message, json));
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
            count(stored, stored.outcome() == InboundMessage.Outcome.DUPLICATE ? "duplicate" : "accepted", "none");
            return stored;
        } catch (DataAccessException e) {
            log.error("journal unavailable, {} {} from {} not stored", message.messageType(), message.externalId(),
                    message.partnerId(), e);
            throw new InboundRejection(InboundRejection.Kind.ERROR, InboundRejection.Cause.JOURNAL_UNAVAILABLE,
                    "journal unavailable, the message was NOT stored, please resend", message);
        }
    }

    private InboundMessage store(InboundMessage message, String json) {
        Optional<Report> existing = reports.findByKey(message.partnerId(), message.externalId());
        if (existing.isPresent()) {
            insert(message, "DUPLICATE", null, null, existing.get().id().toString());
            return message.journaled(InboundMessage.Outcome.DUPLICATE, existing.get(), null);
        }
        reports.insert(message.report(), json);
        insert(message, "ACCEPTED", null, null, message.reportId());
        return message.journaled(InboundMessage.Outcome.NEW_REPORT, message.report(), json);
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
            commits.write(() -> insert(message, "REJECTED", cause, reason, null));
        } catch (DataAccessException e) {
            log.error("could not journal the refusal of {} ({}): {}", message.id(), cause, reason, e);
        }
        log.warn("refused {} from {} ({}): {}", message.messageType() == null ? "a message" : message.messageType(),
                message.partnerId() != null ? message.partnerId()
                        : message.claimedIdentity() != null ? "'" + message.claimedIdentity() + "'" : "an unknown sender",
                cause, reason);
    }

    private void count(InboundMessage message, String outcome, String cause) {
        Counter.builder("pis.messages.in").description("messages received, by partner, channel and what the journal did")
                .tag("partner", message.partnerId() == null ? "unknown" : message.partnerId())
                .tag("channel", String.valueOf(message.channel())).tag("outcome", outcome).tag("cause", cause)
                .register(meters).increment();
    }

    int insert(InboundMessage m, String outcome, String cause, String reason, String reportId) {
        return jdbc.update("INSERT INTO inbound_message (id, received_at, channel, partner_id, claimed_identity, external_id,"
                        + " message_type, charset, outcome, cause, reason, report_id, raw)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                m.id().toString(), Timestamp.from(m.receivedAt()), m.channel(), m.partnerId(),
                truncate(m.claimedIdentity(), 256), truncate(m.externalId(), 256), truncate(m.messageType(), 64),
                m.charset() == null ? null : m.charset().name(), outcome, cause, truncate(reason, 4000), reportId,
                m.raw());
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
