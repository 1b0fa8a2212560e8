package it.pis.gateway.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who an OIDC login is, and what they may do. The provider (SPID/CIE behind the administration's
 * OIDC provider, say) proves who the person is; the gateway decides what they may do:
 * <ul>
 * <li>default: the user named by the ID token's {@code usernameClaim} must be a local user
 *     ({@code users add <name> --role ... --oidc-only}), enabled, and gets its roles;</li>
 * <li>with {@code rolesClaim}: roles come from that claim (a list or a space/comma-separated
 *     string; unknown names ignored), and a local user of that name, if any, must be enabled.</li>
 * </ul>
 * No role, no login: the refusal names why, and is audited as a failed login.
 */
class OidcStaffUsers implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService delegate = new OidcUserService();
    private final StaffUsers users;
    private final SecuritySettings.Oidc settings;

    OidcStaffUsers(StaffUsers users, SecuritySettings.Oidc settings) {
        this.users = users;
        this.settings = settings;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = delegate.loadUser(request);
        String claim = settings.usernameClaimOrDefault();
        Object value = user.getClaims().get(claim);
        if (value == null || value.toString().isBlank()) {
            throw new Refused(user.getSubject(), "the ID token has no '" + claim + "' claim (pis.security.oidc.username-claim)");
        }
        String name = value.toString();
        Optional<StaffUsers.StaffUser> local = users.find(name);
        if (local.isPresent() && !local.get().enabled()) {
            throw new Refused(name, "user " + name + " is disabled");
        }
        Set<StaffRole> roles;
        if (settings.rolesFromClaim()) {
            roles = roles(user.getClaims().get(settings.rolesClaim()));
        } else if (local.isPresent()) {
            roles = local.get().roles();
        } else {
            throw new Refused(name, name + " is not a user of this gateway: an admin adds it with"
                    + " 'users add " + name + " --role OPERATOR --oidc-only'");
        }
        if (roles.isEmpty()) {
            throw new Refused(name, name + " has no role on this gateway");
        }
        List<GrantedAuthority> authorities = roles.stream()
                .<GrantedAuthority>map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), claim);
    }

    static Set<StaffRole> roles(Object claim) {
        Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
        Collection<?> values = claim instanceof Collection<?> c ? c
                : claim == null ? List.of() : List.of(claim.toString().split("[\\s,]+"));
        for (Object v : values) {
            StaffRole role = StaffRole.of(String.valueOf(v));
            if (role != null) {
                roles.add(role);
            }
        }
        return roles;
    }

    /** An OIDC login the provider accepted and the gateway refuses, naming who and why (for the audit trail). */
    static final class Refused extends OAuth2AuthenticationException {
        private final String username;

        Refused(String username, String why) {
            super(new OAuth2Error("access_denied", why, null), why);
            this.username = username;
        }

        String username() {
            return username;
        }
    }
}
