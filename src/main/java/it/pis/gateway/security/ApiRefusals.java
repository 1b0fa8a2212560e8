package it.pis.gateway.security;

import it.pis.gateway.journal.AuditEntry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;

/**
 * 401 and 403 for API clients as problem+json that says what to do, never a login page: who is
 * refused, which rule refused them, and how to log in. A logged-in user refused by a role rule is
 * recorded in the audit trail (ACCESS_DENIED).
 */
class ApiRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiRefusals.class);

    private final JsonMapper json;
    private final StaffAudit audit;
    private final String howToLogIn;

    ApiRefusals(JsonMapper json, StaffAudit audit, SecuritySettings settings) {
        this.json = json;
        this.audit = audit;
        StringBuilder how = new StringBuilder("a console session (POST /login, then the X-CSRF-TOKEN header for changes)");
        if (settings.basicAuth()) {
            how.append(", HTTP Basic with a local user");
        }
        if (settings.bearer().enabled()) {
            how.append(", or a bearer token from ").append(settings.bearer().issuerUri());
        }
        this.howToLogIn = how.toString();
    }

    /** 401: no login, or a login that failed (wrong password, bad token). */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String detail;
        if (e instanceof OAuth2AuthenticationException oauth) {
            String why = oauth.getError().getDescription() != null ? oauth.getError().getDescription()
                    : oauth.getError().getErrorCode();
            detail = "bearer token refused: " + why;
            response.setHeader("WWW-Authenticate", "Bearer realm=\"pis-gateway\", error=\""
                    + oauth.getError().getErrorCode() + "\"");
        } else if (request.getHeader("Authorization") != null) {
            detail = "login refused: " + e.getMessage();
            response.setHeader("WWW-Authenticate", "Bearer realm=\"pis-gateway\"");
        } else {
            detail = "login required for " + request.getMethod() + " " + request.getRequestURI() + ": use " + howToLogIn;
            response.setHeader("WWW-Authenticate", "Bearer realm=\"pis-gateway\"");
        }
        write(response, HttpStatus.UNAUTHORIZED, "Login required", detail, request);
    }

    /** 403: logged in, but this needs another role, or a session request without its CSRF token. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (e instanceof CsrfException) {
            write(response, HttpStatus.FORBIDDEN, "CSRF token missing or wrong", "a change made with a session cookie"
                    + " must carry the session's CSRF token in the X-CSRF-TOKEN header (GET /api/me gives it): "
                    + e.getMessage(), request);
            return;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        StaffIdentity who = authentication == null ? null : StaffIdentity.of(authentication, request);
        String needs = AccessRules.ruleFor(request).filter(r -> !r.roles().isEmpty())
                .map(r -> "it needs the role " + AccessRules.rolesText(r.roles()) + " (rule " + r.describe() + ")")
                .orElse("it is not allowed");
        String detail = (who == null ? "this request" : who.name() + " (roles " + (who.roles().isEmpty() ? "none"
                : StaffRole.format(who.roles())) + ")") + " may not " + request.getMethod() + " "
                + request.getRequestURI() + ": " + needs;
        if (who != null) {
            try {
                audit.record("ACCESS_DENIED", request.getMethod() + " " + request.getRequestURI(), AuditEntry.DENIED,
                        null, needs);
            } catch (RuntimeException auditDown) {
                log.error("access denied to {} not recorded in the audit trail: {}", detail, auditDown.toString());
            }
        }
        write(response, HttpStatus.FORBIDDEN, "Not allowed", detail, request);
    }

    private void write(HttpServletResponse response, HttpStatus status, String title, String detail,
                       HttpServletRequest request) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        // JSON is UTF-8 by definition (RFC 8259): no charset parameter, as Spring MVC's own problems
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
