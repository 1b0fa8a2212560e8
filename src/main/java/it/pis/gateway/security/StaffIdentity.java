package it.pis.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling, as the audit trail and the API name them: the user (or the token's client) and
 * how they authenticated: {@code form} (a console session with a local password), {@code basic}
 * (a local password on each request), {@code oidc} (a console session through the OIDC provider),
 * {@code bearer} (a machine's JWT).
 */
public record StaffIdentity(String name, String via, Set<StaffRole> roles) {

    public static StaffIdentity of(Authentication authentication, HttpServletRequest request) {
        Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            StaffRole role = StaffRole.of(authority.getAuthority());
            if (role != null && authority.getAuthority().startsWith("ROLE_")) {
                roles.add(role);
            }
        }
        return new StaffIdentity(authentication.getName(), via(authentication, request), roles);
    }

    static String via(Authentication authentication, HttpServletRequest request) {
        if (authentication instanceof JwtAuthenticationToken) {
            return "bearer";
        }
        if (authentication instanceof OAuth2AuthenticationToken) {
            return "oidc";
        }
        if (authentication instanceof UsernamePasswordAuthenticationToken && request != null && isBasic(request)) {
            return "basic";
        }
        return "form";
    }

    static boolean isBasic(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    }
}
