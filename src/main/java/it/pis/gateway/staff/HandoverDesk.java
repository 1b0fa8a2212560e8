package it.pis.gateway.staff;

import it.pis.gateway.journal.AuditEntry;
import it.pis.gateway.journal.HandoverJournal;
import it.pis.gateway.journal.HandoverJournal.RetryResult;
import it.pis.gateway.journal.HandoverJournal.StoredHandover;
import it.pis.gateway.outbound.HandoverRequest;
import it.pis.gateway.outbound.Handovers;
import it.pis.gateway.security.StaffAudit;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What staff do with handovers, the same for the API and the console: preview, create, open,
 * restart a dead delivery. Creating, opening and restarting are recorded in the audit trail with
 * the logged-in user; {@code author} defaults to that user.
 */
@Component
public class HandoverDesk {

    private final Handovers handovers;
    private final HandoverJournal journal;
    private final StaffAudit audit;
    private final Clock clock;

    public HandoverDesk(Handovers handovers, HandoverJournal journal, StaffAudit audit, Clock clock) {
        this.handovers = handovers;
        this.journal = journal;
        this.audit = audit;
        this.clock = clock;
    }

    /** Per recipient, what would leave and what is withheld and why; nothing stored. */
    public List<Handovers.Preview> preview(HandoverRequest request) {
        return handovers.preview(withAuthor(request));
    }

    /**
     * Journals the handover (see {@link Handovers#create}) and records it; a resend with the same
     * Idempotency-Key returns the earlier one, recorded once.
     */
    public Handovers.Created create(HandoverRequest request, String idempotencyKey, byte[] rawRequest) {
        Handovers.Created created = handovers.create(request, idempotencyKey, rawRequest);
        if (!created.replayed()) {
            var handover = created.stored().handover();
            audit.recordDone("HANDOVER_CREATE", handover.id().toString(), AuditEntry.OK, "author "
                    + handover.author() + ", reports " + handover.reportIds() + ", to " + handover.recipients());
        }
        return created;
    }

    /** The handover with its deliveries, its opening recorded. */
    public Optional<StoredHandover> open(UUID id) {
        Optional<StoredHandover> stored = journal.find(id);
        stored.ifPresent(h -> audit.record("HANDOVER_VIEW", id.toString(), AuditEntry.OK, null, null));
        return stored;
    }

    /** Restarts a DEAD or REFUSED delivery with a fresh count of attempts, and wakes the dispatcher. */
    public RetryResult retry(UUID id, String agreement) {
        RetryResult result = journal.retry(id, agreement, audit.current().name(), clock.instant());
        if (result instanceof RetryResult.Restarted) {
            audit.recordDone("DELIVERY_RETRY", id + "/" + agreement, AuditEntry.OK, null);
            handovers.wake();
        }
        return result;
    }

    /** The request with {@code author} filled in with the logged-in user when it names none. */
    public HandoverRequest withAuthor(HandoverRequest r) {
        if (r.author() != null && !r.author().isBlank()) {
            return r;
        }
        return new HandoverRequest(r.reportIds(), r.recipients(), audit.current().name(), r.summary(), r.assessment(),
                r.actions(), r.interventions(), r.placement(), r.urgentHelpProject(), r.judicialNotices(),
                r.attachments(), r.confidentiality());
    }
}
