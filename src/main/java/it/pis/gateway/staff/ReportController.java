package it.pis.gateway.staff;

import it.pis.gateway.journal.ReportStore;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import it.pis.gateway.security.StaffAudit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The centre's staff read the normalized reports and take them in charge. Opening a report is
 * recorded in the audit trail; its original message is shown only with a reason, recorded first.
 */
@RestController
@RequestMapping("/api/reports")
public class ReportController {

    static final int MAX_LIMIT = 1000;
    static final int MAX_REASON = ReportDesk.MAX_REASON;

    private final ReportStore reports;
    private final ReportDesk desk;
    private final StaffAudit audit;

    public ReportController(ReportStore reports, ReportDesk desk, StaffAudit audit) {
        this.reports = reports;
        this.desk = desk;
        this.audit = audit;
    }

    /**
     * The body of a take: the operator is the logged-in user. {@code operator} is still accepted
     * from clients written before logins, but only when it names that same user.
     */
    public record TakeRequest(String operator) {
    }

    /** The list is the operations room's board (polled): not recorded per request; opening one report is. */
    @GetMapping
    public List<Report> list(@RequestParam(required = false) ReportStatus status,
                             @RequestParam(required = false) Instant since,
                             @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return reports.list(status, since, limit);
    }

    @GetMapping("/{id}")
    public ResponseEntity<?> get(@PathVariable UUID id) {
        return desk.open(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
    }

    /**
     * The message the report was made from, byte for byte, as the partner sent it. Personal data
     * beyond what the report shows: a reason is required, and the view is recorded before anything
     * is sent (if it cannot be recorded, nothing is shown).
     */
    @GetMapping("/{id}/original")
    public ResponseEntity<?> original(@PathVariable UUID id, @RequestParam(required = false) String reason) {
        ReportDesk.reasonProblem(reason).ifPresent(problem -> {
            throw new BadRequest(problem == ReportDesk.ReasonProblem.MISSING
                    ? "parameter 'reason' is required: say why you need the original message"
                    + " (it is recorded in the audit trail with your name)"
                    : "reason must be at most " + MAX_REASON + " characters");
        });
        Optional<ReportStore.Original> original = desk.original(id, reason);
        if (original.isEmpty()) {
            return notFound(id);
        }
        ReportStore.Original o = original.get();
        if (o.rawPurgedAt() != null) {
            return ResponseEntity.status(HttpStatus.GONE).body(ProblemDetail.forStatusAndDetail(HttpStatus.GONE,
                    "the original message " + o.messageId() + " of report " + id + " was removed on " + o.rawPurgedAt()
                            + " by the retention purge (its period had passed); the report and the message's record stay"));
        }
        MediaType type = o.charset() == null ? MediaType.APPLICATION_OCTET_STREAM
                : new MediaType("text", "plain", java.nio.charset.Charset.forName(o.charset()));
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Message-Id", o.messageId())
                .header("X-Channel", o.channel())
                .header("X-Message-Type", o.messageType() == null ? "" : o.messageType())
                .header("X-Received-At", o.receivedAt().toString())
                .body(o.raw());
    }

    /** NEW → TAKEN by the logged-in user; the take and its audit record commit together. */
    @PostMapping("/{id}/take")
    public ResponseEntity<?> take(@PathVariable UUID id, @RequestBody(required = false) TakeRequest request) {
        String operator = audit.current().name();
        if (request != null && request.operator() != null && !request.operator().strip().equals(operator)) {
            throw new BadRequest("the operator is the logged-in user (" + operator + "); the body names '"
                    + request.operator() + "': leave 'operator' out");
        }
        ReportStore.TakeResult result = desk.take(id);
        if (result instanceof ReportStore.TakeResult.Taken taken) {
            return ResponseEntity.ok(taken.report());
        }
        if (result instanceof ReportStore.TakeResult.AlreadyTaken already) {
            Report report = already.report();
            return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "report " + id + " is " + report.status() + (report.taken() == null ? ""
                            : ", taken by " + report.taken().by() + " at " + report.taken().at())));
        }
        return notFound(id);
    }

    private static ResponseEntity<?> notFound(UUID id) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no report " + id));
    }

    static class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
