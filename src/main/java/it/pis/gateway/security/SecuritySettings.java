package it.pis.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * {@code pis.security.*}: who may log in to the staff port and how (application.yaml documents
 * each key).
 *
 * @param demoUsers      create the documented demo users at start (embedded default only; refused in production)
 * @param basicAuth      accept HTTP Basic with a local user on the staff API (curl); off in production
 * @param allowPlainHttp let the staff port listen beyond 127.0.0.1 without TLS (behind a TLS proxy)
 */
@ConfigurationProperties("pis.security")
public record SecuritySettings(boolean demoUsers, boolean basicAuth, boolean allowPlainHttp, Lockout lockout,
                               Bearer bearer, Oidc oidc) {

    public SecuritySettings {
        lockout = lockout == null ? new Lockout(10, Duration.ofMinutes(5)) : lockout;
        bearer = bearer == null ? new Bearer(null, null, null, null) : bearer;
        oidc = oidc == null ? new Oidc(null, null, null, null, null, null, null) : oidc;
    }

    /** After {@code failures} wrong passwords in a row, the password is refused for {@code duration}. */
    public record Lockout(int failures, Duration duration) {
    }

    /**
     * Bearer JWTs for machines: signed by {@code issuerUri}'s keys (found by OIDC/OAuth discovery),
     * issued by it, for {@code audience} when set; roles from the {@code rolesClaim} claim.
     */
    public record Bearer(String issuerUri, String audience, String rolesClaim, String principalClaim) {
        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }

        public String rolesClaimOrDefault() {
            return rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
        }

        public String principalClaimOrDefault() {
            return principalClaim == null || principalClaim.isBlank() ? "sub" : principalClaim;
        }
    }

    /**
     * OpenID Connect login for humans (authorization code flow) with the administration's provider.
     * The user is {@code usernameClaim} of the ID token (default {@code preferred_username}); roles
     * come from the local user of that name, or from {@code rolesClaim} when it is set.
     */
    public record Oidc(String issuerUri, String clientId, String clientSecret, List<String> scopes,
                       String usernameClaim, String rolesClaim, String name) {
        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }

        public String usernameClaimOrDefault() {
            return usernameClaim == null || usernameClaim.isBlank() ? "preferred_username" : usernameClaim;
        }

        public List<String> scopesOrDefault() {
            return scopes == null || scopes.isEmpty() ? List.of("openid", "profile", "email") : scopes;
        }

        public boolean rolesFromClaim() {
            return rolesClaim != null && !rolesClaim.isBlank();
        }
    }
}
