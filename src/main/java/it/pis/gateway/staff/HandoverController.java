package it.pis.gateway.staff;

import it.pis.gateway.handover.Delivery;
import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.journal.AuditEntry;
import it.pis.gateway.journal.HandoverJournal;
import it.pis.gateway.journal.HandoverJournal.RetryResult;
import it.pis.gateway.journal.HandoverJournal.StoredHandover;
import it.pis.gateway.outbound.HandoverRefused;
import it.pis.gateway.outbound.HandoverRequest;
import it.pis.gateway.outbound.Handovers;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Handovers (documento di sintesi) to the competent services: create one for some reports and some
 * recipients, follow each delivery, read exactly what was sent and what came back, restart a dead one.
 * Creating, opening, reading what was sent or received and restarting are recorded in the audit
 * trail with the logged-in user; {@code author} (the name the document carries) defaults to that user.
 */
@RestController
@RequestMapping("/api/handovers")
public class HandoverController {

    private static final int MAX_IDEMPOTENCY_KEY = 256;

    /**
     * A handover and where each of its deliveries stands; {@code purgedAt}: when the retention purge
     * cut the handover down to its envelope (ids, times, author, recipients), absent while it is whole.
     */
    public record HandoverView(Handover handover, List<Delivery> deliveries, Instant purgedAt) {
        static HandoverView of(StoredHandover stored) {
            return new HandoverView(stored.handover(), stored.deliveries(), stored.purgedAt());
        }
    }

    private final HandoverDesk desk;
    private final HandoverJournal journal;
    private final ObjectReader requests;
    private final StaffAudit audit;

    public HandoverController(HandoverDesk desk, HandoverJournal journal, JsonMapper json, StaffAudit audit) {
        this.desk = desk;
        this.journal = journal;
        this.audit = audit;
        this.requests = json.readerFor(HandoverRequest.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** 201 with the handover and one QUEUED delivery per recipient; 200 with the same handover for a resend. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<HandoverView> create(@RequestBody byte[] body,
                                               @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        if (key != null && (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY)) {
            throw HandoverRefused.of(400, "Idempotency-Key", "1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        Handovers.Created created = desk.create(desk.withAuthor(read(body)), key, body);
        HandoverView view = HandoverView.of(created.stored());
        if (created.replayed()) {
            return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(view);
        }
        return ResponseEntity.created(URI.create("/api/handovers/" + view.handover().id())).body(view);
    }

    /** Per recipient, what would leave (shared and withheld fields, and why) or why it may not receive it; nothing stored. */
    @PostMapping(path = "/preview", consumes = MediaType.APPLICATION_JSON_VALUE)
    public List<Handovers.Preview> preview(@RequestBody byte[] body) {
        return desk.preview(read(body));
    }

    @GetMapping
    public List<HandoverView> list(@RequestParam(required = false) DeliveryState state,
                                   @RequestParam(required = false) Instant since,
                                   @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > ReportController.MAX_LIMIT) {
            throw new ReportController.BadRequest("limit must be between 1 and " + ReportController.MAX_LIMIT);
        }
        return journal.list(state, since, limit).stream().map(HandoverView::of).toList();
    }

    @GetMapping("/{id}")
    public ResponseEntity<?> get(@PathVariable UUID id) {
        return desk.open(id).<ResponseEntity<?>>map(h -> ResponseEntity.ok(HandoverView.of(h)))
                .orElseGet(() -> notFound("no handover " + id));
    }

    /** Exactly the bytes sent (or to be sent) to the recipient; the message id in X-Message-Id. */
    @GetMapping("/{id}/deliveries/{agreement}/content")
    public ResponseEntity<?> content(@PathVariable UUID id, @PathVariable String agreement,
                                     @RequestParam(required = false) String reason) {
        return journal.content(id, agreement).<ResponseEntity<?>>map(b -> {
            if (b.purged() != null) {
                return gone("what was sent", id, agreement, b);
            }
            audit.record("DELIVERY_CONTENT_VIEW", id + "/" + agreement, AuditEntry.OK, reason(reason), b.messageId());
            return bytes(b);
        }).orElseGet(() -> notFound("no delivery of handover " + id + " to " + agreement));
    }

    /** The receiver's answer as received (ACK, HTTP response, SOAP response, PEC receipt). */
    @GetMapping("/{id}/deliveries/{agreement}/receipt")
    public ResponseEntity<?> receipt(@PathVariable UUID id, @PathVariable String agreement,
                                     @RequestParam(required = false) String reason) {
        return journal.receipt(id, agreement).<ResponseEntity<?>>map(b -> {
            if (b.purged() != null) {
                return gone("the receipt", id, agreement, b);
            }
            audit.record("DELIVERY_RECEIPT_VIEW", id + "/" + agreement, AuditEntry.OK, reason(reason), b.messageId());
            return bytes(b);
        }).orElseGet(() -> notFound("no receipt yet for handover " + id + " to " + agreement));
    }

    /**
     * Restarts a DEAD or REFUSED delivery with a fresh count of attempts; 409 in any other state, 410 once
     * the retention purge blanked what it would send (pis.retention.failed-deliveries).
     */
    @PostMapping("/{id}/deliveries/{agreement}/retry")
    public ResponseEntity<?> retry(@PathVariable UUID id, @PathVariable String agreement) {
        RetryResult result = desk.retry(id, agreement);
        if (result instanceof RetryResult.NotFound) {
            return notFound("no delivery of handover " + id + " to " + agreement);
        }
        if (result instanceof RetryResult.NotRetryable not) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "the delivery to " + agreement + " is " + not.state() + "; only DEAD or REFUSED deliveries are restarted"));
        }
        if (result instanceof RetryResult.Purged purged) {
            return ResponseEntity.status(HttpStatus.GONE).body(ProblemDetail.forStatusAndDetail(HttpStatus.GONE,
                    "the delivery to " + agreement + " failed and was not restarted in time: what it would send was purged ("
                            + purged.rule() + "); write a new handover to send it again"));
        }
        return journal.find(id).<ResponseEntity<?>>map(h -> ResponseEntity.ok(HandoverView.of(h)))
                .orElseGet(() -> notFound("no handover " + id));
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        if (reason.length() > ReportController.MAX_REASON) {
            throw new ReportController.BadRequest("reason must be at most " + ReportController.MAX_REASON + " characters");
        }
        return reason.strip();
    }

    private HandoverRequest read(byte[] body) {
        HandoverRequest request;
        try {
            request = requests.readValue(body);
        } catch (JacksonException e) {
            throw HandoverRefused.of(400, path(e), "not valid handover JSON: " + e.getOriginalMessage());
        }
        if (request == null) {
            throw HandoverRefused.of(400, "body", "a handover JSON object is required");
        }
        return request;
    }

    private static ResponseEntity<byte[]> bytes(HandoverJournal.Bytes bytes) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, bytes.contentType())
                .header("X-Message-Id", bytes.messageId())
                .body(bytes.content());
    }

    /** 410: the retention purge removed the bytes; when, under which period, and that the record stays. */
    private static ResponseEntity<?> gone(String what, UUID id, String agreement, HandoverJournal.Bytes b) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GONE, what + " in delivery " + b.messageId()
                + " of handover " + id + " to " + agreement + " was removed on " + b.purged().at()
                + " by the retention purge under " + b.purged().rule() + "; the delivery's record (state, times, digest"
                + " of the content, history) stays");
        problem.setTitle("Removed by the retention purge");
        problem.setProperty("purgedAt", b.purged().at());
        problem.setProperty("retentionRule", b.purged().rule());
        return ResponseEntity.status(HttpStatus.GONE).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<?> notFound(String detail) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail));
    }

    /** Where in the request JSON the error is, e.g. {@code actions[0].at}. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
