package it.pis.gateway.security;

import it.pis.gateway.journal.AuditEntry;
import it.pis.gateway.journal.AuditEvent;
import it.pis.gateway.journal.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Appends what the current staff request does to the audit trail, naming the logged-in user, how
 * they logged in and where from.
 */
public class StaffAudit {

    /** The fallback trail when the database refuses an append: the application log, at ERROR. */
    private static final Logger lost = LoggerFactory.getLogger("pis.audit.unrecorded");

    private final AuditTrail trail;

    public StaffAudit(AuditTrail trail) {
        this.trail = trail;
    }

    public AuditTrail trail() {
        return trail;
    }

    /** The user of the current request. */
    public StaffIdentity current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            throw new IllegalStateException("no logged-in user for this request");
        }
        return StaffIdentity.of(authentication, request());
    }

    /**
     * Appends now, in the caller's transaction if there is one. Throws when it cannot: for a look at
     * personal data, call this before showing anything, so that nothing is seen without its trace.
     */
    public AuditEvent record(String action, String target, String outcome, String reason, String detail) {
        StaffIdentity who = current();
        return trail.append(new AuditEntry(who.name(), who.via(), action, target, outcome, reason, detail,
                remoteAddress()));
    }

    /**
     * For an action already committed (a handover, a retry, a reload): appends, and if the database
     * refuses, writes the event to the application log at ERROR ({@code pis.audit.unrecorded})
     * rather than telling the user that what they did failed.
     */
    public void recordDone(String action, String target, String outcome, String detail) {
        try {
            record(action, target, outcome, null, detail);
        } catch (RuntimeException e) {
            StaffIdentity who = current();
            lost.error("NOT in the audit trail ({}): actor={} via={} action={} target={} outcome={} detail={} from={}",
                    e.toString(), who.name(), who.via(), action, target, outcome, detail, remoteAddress());
        }
    }

    static HttpServletRequest request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }

    static String remoteAddress() {
        HttpServletRequest request = request();
        return request == null ? null : request.getRemoteAddr();
    }
}
