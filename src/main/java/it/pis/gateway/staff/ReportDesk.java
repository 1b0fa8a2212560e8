package it.pis.gateway.staff;

import it.pis.gateway.journal.AuditEntry;
import it.pis.gateway.journal.ReportStore;
import it.pis.gateway.report.Report;
import it.pis.gateway.security.StaffAudit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * What staff do with one report, the same for the API and the console: open it, read the original
 * message with a reason, take it in charge. Each is recorded in the audit trail in the same way
 * whichever face it came through.
 */
@Component
public class ReportDesk {

    public static final int MAX_REASON = 500;

    /** What is wrong with a reason given for reading an original message. */
    public enum ReasonProblem { MISSING, TOO_LONG }

    private final ReportStore reports;
    private final StaffAudit audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ReportDesk(ReportStore reports, StaffAudit audit, TransactionTemplate tx, Clock clock) {
        this.reports = reports;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** The report, its opening recorded. */
    public Optional<Report> open(UUID id) {
        Optional<Report> report = reports.find(id);
        report.ifPresent(r -> audit.record("REPORT_VIEW", id.toString(), AuditEntry.OK, null, r.source().partnerId()));
        return report;
    }

    public static Optional<ReasonProblem> reasonProblem(String reason) {
        if (reason == null || reason.isBlank()) {
            return Optional.of(ReasonProblem.MISSING);
        }
        return reason.length() > MAX_REASON ? Optional.of(ReasonProblem.TOO_LONG) : Optional.empty();
    }

    /**
     * The message the report was made from. The view and its reason are recorded before anything
     * is returned: if they cannot be recorded, this throws and nothing is shown.
     *
     * @throws IllegalArgumentException if the reason is missing or too long ({@link #reasonProblem})
     */
    public Optional<ReportStore.Original> original(UUID id, String reason) {
        reasonProblem(reason).ifPresent(p -> {
            throw new IllegalArgumentException("reason " + p);
        });
        Optional<ReportStore.Original> original = reports.original(id);
        original.ifPresent(o -> audit.record("ORIGINAL_VIEW", id.toString(), AuditEntry.OK, reason.strip(),
                "message " + o.messageId() + " from " + o.partnerId() + " (" + o.channel() + ", " + o.raw().length + " bytes)"));
        return original;
    }

    /** NEW → TAKEN by the logged-in user; the take and its audit record commit together. */
    public ReportStore.TakeResult take(UUID id) {
        String operator = audit.current().name();
        return tx.execute(status -> {
            ReportStore.TakeResult r = reports.take(id, operator, clock.instant());
            if (r instanceof ReportStore.TakeResult.Taken) {
                audit.record("REPORT_TAKE", id.toString(), AuditEntry.OK, null, null);
            }
            return r;
        });
    }
}
