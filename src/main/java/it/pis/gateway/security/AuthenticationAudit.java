package it.pis.gateway.security;

import it.pis.gateway.journal.AuditEntry;
import it.pis.gateway.journal.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Logins into the audit trail: every console login (form or OIDC), every HTTP Basic request
 * (each is a login), every failed attempt with the name that was tried, every logout. Bearer
 * tokens are not logins here (the issuer logged the client in and keeps that record): what a
 * token does is audited action by action, and a refused token is logged as a warning.
 */
class AuthenticationAudit {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationAudit.class);

    private final AuditTrail trail;
    private final StaffUsers users;

    AuthenticationAudit(AuditTrail trail, StaffUsers users) {
        this.trail = trail;
        this.users = users;
    }

    @EventListener
    void interactive(InteractiveAuthenticationSuccessEvent event) {
        Authentication who = event.getAuthentication();
        String via = StaffIdentity.via(who, StaffAudit.request());
        users.loginSucceeded(who.getName());
        append(who.getName(), via, "LOGIN", AuditEntry.OK, "roles " + roles(who));
    }

    /** Basic: every request authenticates; the console's form login comes as an interactive event too. */
    @EventListener
    void success(AuthenticationSuccessEvent event) {
        HttpServletRequest request = StaffAudit.request();
        if (request == null
                || !(event.getAuthentication() instanceof UsernamePasswordAuthenticationToken)
                || !StaffIdentity.isBasic(request)) {
            return;
        }
        users.loginSucceeded(event.getAuthentication().getName());
        append(event.getAuthentication().getName(), "basic", "LOGIN", AuditEntry.OK,
                request.getMethod() + " " + request.getRequestURI());
    }

    @EventListener
    void failure(AbstractAuthenticationFailureEvent event) {
        if (event.getException() instanceof ProviderNotFoundException) {
            return; // one of several authentication managers was asked about a kind of login it does not know
        }
        Authentication attempt = event.getAuthentication();
        if (attempt instanceof BearerTokenAuthenticationToken || attempt instanceof JwtAuthenticationToken) {
            HttpServletRequest request = StaffAudit.request();
            log.warn("bearer token refused from {}: {}", request == null ? "?" : request.getRemoteAddr(),
                    event.getException().getMessage());
            return;
        }
        HttpServletRequest request = StaffAudit.request();
        String name = event.getException() instanceof OidcStaffUsers.Refused refused ? refused.username()
                : attempt == null || attempt.getName() == null || attempt.getName().isBlank() ? "(unknown)"
                : attempt.getName();
        String via = request != null && StaffIdentity.isBasic(request) ? "basic"
                : request != null && request.getRequestURI().startsWith("/login/oauth2") ? "oidc" : "form";
        boolean locked = attempt instanceof UsernamePasswordAuthenticationToken && users.loginFailed(name);
        append(name, via, "LOGIN", AuditEntry.FAILED, event.getException().getMessage()
                + (locked ? "; too many failures in a row: the password is refused for a while" : ""));
    }

    @EventListener
    void logout(LogoutSuccessEvent event) {
        Authentication who = event.getAuthentication();
        append(who.getName(), StaffIdentity.via(who, StaffAudit.request()), "LOGOUT", AuditEntry.OK, null);
    }

    private void append(String actor, String via, String action, String outcome, String detail) {
        try {
            trail.append(new AuditEntry(actor, via, action, null, outcome, null, detail, StaffAudit.remoteAddress()));
        } catch (RuntimeException e) {
            LoggerFactory.getLogger("pis.audit.unrecorded").error("NOT in the audit trail ({}): actor={} via={}"
                    + " action={} outcome={} detail={} from={}", e.toString(), actor, via, action, outcome, detail,
                    StaffAudit.remoteAddress());
        }
    }

    private static String roles(Authentication who) {
        return StaffRole.format(StaffIdentity.of(who, null).roles());
    }
}
