package it.pis.gateway.staff;

import it.pis.gateway.journal.ReportStore;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The centre's staff read the normalized reports and take them in charge. */
@RestController
@RequestMapping("/api/reports")
public class ReportController {

    static final int MAX_LIMIT = 1000;

    private final ReportStore reports;
    private final Clock clock;

    public ReportController(ReportStore reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    /** Who takes the report. (Staff authentication comes with the console; until then the operator names itself.) */
    public record TakeRequest(String operator) {
    }

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
        return reports.find(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> notFound(id));
    }

    @PostMapping("/{id}/take")
    public ResponseEntity<?> take(@PathVariable UUID id, @RequestBody(required = false) TakeRequest request) {
        if (request == null || request.operator() == null || request.operator().isBlank()) {
            throw new BadRequest("body must name the operator: {\"operator\": \"...\"}");
        }
        if (request.operator().length() > 128) {
            throw new BadRequest("operator must be at most 128 characters");
        }
        ReportStore.TakeResult result = reports.take(id, request.operator().strip(), clock.instant());
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
