package it.pis.gateway.admin;

import it.pis.gateway.journal.AuditEvent;
import it.pis.gateway.journal.AuditTrail;
import it.pis.gateway.staff.AuditDesk;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit trail for auditors ({@code GET /api/audit}) and the check of its chain
 * ({@code GET /api/admin/audit/verify}). Searching and verifying are themselves recorded: who
 * looked at the trail is part of the trail.
 */
@RestController
class AuditController {

    private final AuditDesk desk;

    AuditController(AuditDesk desk) {
        this.desk = desk;
    }

    /** Newest first; {@code from} inclusive, {@code to} exclusive, ISO-8601 instants. */
    @GetMapping("/api/audit")
    List<AuditEvent> search(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                            @RequestParam(required = false) String target, @RequestParam(required = false) String from,
                            @RequestParam(required = false) String to, @RequestParam(defaultValue = "100") int limit) {
        return desk.search(new AuditTrail.Query(blank(actor), blank(action), blank(target), instant("from", from),
                instant("to", to), limit));
    }

    /** 200 with {@code intact: true}, or 409 with the first broken link. */
    @GetMapping("/api/admin/audit/verify")
    ResponseEntity<Map<String, Object>> verify() {
        AuditTrail.Verification v = desk.verify();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intact", v.intact());
        body.put("rows", v.rows());
        body.put("lastSeq", v.tipSeq());
        body.put("lastHash", v.tipHash());
        if (!v.intact()) {
            body.put("brokenAt", v.brokenAt());
            body.put("problem", v.problem());
        }
        return ResponseEntity.status(v.intact() ? HttpStatus.OK : HttpStatus.CONFLICT).body(body);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("parameter '" + name + "': '" + value
                    + "' is not an ISO-8601 instant such as 2026-11-26T00:00:00Z");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
