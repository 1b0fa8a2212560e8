package it.pis.gateway.staff;

import it.pis.gateway.journal.AuditEntry;
import it.pis.gateway.journal.AuditEvent;
import it.pis.gateway.journal.AuditTrail;
import it.pis.gateway.security.StaffAudit;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Searching the audit trail and checking its chain for the logged-in user, each look itself
 * recorded first (who looked at the trail is part of the trail). The API and the console's audit
 * page both read through here.
 */
@Component
public class AuditDesk {

    private static final int MAX_LIMIT = 1000;

    private final StaffAudit audit;

    AuditDesk(StaffAudit audit) {
        this.audit = audit;
    }

    /** Newest first; {@code from} inclusive, {@code to} exclusive. */
    public List<AuditEvent> search(AuditTrail.Query query) {
        if (query.limit() < 1 || query.limit() > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        audit.record("AUDIT_SEARCH", null, AuditEntry.OK, null, "actor=" + query.actor() + " action=" + query.action()
                + " target=" + query.target() + " from=" + query.from() + " to=" + query.to() + " limit=" + query.limit()
                + (query.beforeSeq() == null ? "" : " before=" + query.beforeSeq()));
        return audit.trail().search(query);
    }

    /** The whole chain walked: intact, or its first broken link; the outcome is recorded. */
    public AuditTrail.Verification verify() {
        AuditTrail.Verification v = audit.trail().verify();
        audit.record("AUDIT_VERIFY", null, v.intact() ? AuditEntry.OK : AuditEntry.FAILED, null,
                v.intact() ? v.rows() + " rows intact" : "broken at row " + v.brokenAt() + ": " + v.problem());
        return v;
    }
}
