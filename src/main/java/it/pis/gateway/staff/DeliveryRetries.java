package it.pis.gateway.staff;

import it.pis.gateway.journal.AuditEntry;
import it.pis.gateway.journal.HandoverJournal;
import it.pis.gateway.journal.HandoverJournal.RetryResult;
import it.pis.gateway.outbound.Handovers;
import it.pis.gateway.security.StaffAudit;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.UUID;

/**
 * Restarts a DEAD or REFUSED delivery for the logged-in user, with a fresh count of attempts:
 * recorded in the audit trail and the dispatcher woken. The API's {@code POST …/retry} and the
 * console's dead-delivery page both restart through here.
 */
@Component
public class DeliveryRetries {

    private final HandoverJournal journal;
    private final Handovers handovers;
    private final StaffAudit audit;
    private final Clock clock;

    DeliveryRetries(HandoverJournal journal, Handovers handovers, StaffAudit audit, Clock clock) {
        this.journal = journal;
        this.handovers = handovers;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@link RetryResult.Restarted}, or why not: no such delivery, or one in a state that is not restarted. */
    public RetryResult retry(UUID handoverId, String agreement) {
        RetryResult result = journal.retry(handoverId, agreement, audit.current().name(), clock.instant());
        if (result instanceof RetryResult.Restarted) {
            audit.recordDone("DELIVERY_RETRY", handoverId + "/" + agreement, AuditEntry.OK, null);
            handovers.wake();
        }
        return result;
    }
}
