package it.pis.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/me}: who is logged in, how, with which roles, and — for a session — the CSRF
 * token that every change must carry in {@code X-CSRF-TOKEN} (the console puts it in htmx's
 * {@code hx-headers}).
 */
@RestController
class SessionController {

    @GetMapping("/api/me")
    Map<String, Object> me(Authentication authentication, HttpServletRequest request) {
        StaffIdentity who = StaffIdentity.of(authentication, request);
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("username", who.name());
        me.put("via", who.via());
        me.put("roles", who.roles().stream().sorted().map(Enum::name).toList());
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf && request.getSession(false) != null) {
            me.put("csrf", Map.of("headerName", csrf.getHeaderName(), "parameterName", csrf.getParameterName(),
                    "token", csrf.getToken()));
        }
        return me;
    }
}
