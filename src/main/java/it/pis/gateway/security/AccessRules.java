package it.pis.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static it.pis.gateway.security.StaffRole.ADMIN;
import static it.pis.gateway.security.StaffRole.AUDITOR;
import static it.pis.gateway.security.StaffRole.METRICS;
import static it.pis.gateway.security.StaffRole.OPERATOR;

/**
 * Who may call what on the staff port, as one table: the filter chain is built from it, and a 403
 * names the rule that refused. First match wins. Roles empty: any logged-in user; {@code open}:
 * no login (health for load balancers, the login page).
 */
public final class AccessRules {

    /** One line of the table. */
    public record Rule(HttpMethod method, String pattern, Set<StaffRole> roles, boolean open) {
        RequestMatcher matcher() {
            return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
        }

        public String describe() {
            return (method == null ? "" : method.name() + " ") + pattern;
        }
    }

    public static final List<Rule> RULES = List.of(
            open(null, "/error"),
            open(null, "/login"),
            // the console's own style and scripts (htmx from its webjar): nothing personal
            open(HttpMethod.GET, "/assets/**"),
            open(HttpMethod.GET, "/webjars/**"),
            open(HttpMethod.GET, "/favicon.ico"),
            open(HttpMethod.GET, "/actuator/health"),
            open(HttpMethod.GET, "/actuator/health/**"),
            open(HttpMethod.GET, "/actuator/info"),
            rule(HttpMethod.GET, "/actuator/prometheus", ADMIN, METRICS),
            rule(null, "/actuator/**", ADMIN),
            rule(HttpMethod.GET, "/api/me"),
            // the operations room
            rule(HttpMethod.GET, "/api/reports", OPERATOR),
            rule(HttpMethod.GET, "/api/reports/**", OPERATOR),
            rule(HttpMethod.POST, "/api/reports/*/take", OPERATOR),
            rule(HttpMethod.GET, "/api/beds", OPERATOR),
            rule(HttpMethod.GET, "/api/placements/**", OPERATOR),
            rule(HttpMethod.POST, "/api/handovers", OPERATOR),
            rule(HttpMethod.POST, "/api/handovers/preview", OPERATOR),
            // what was sent and received is personal data: operators only
            rule(HttpMethod.GET, "/api/handovers/*/deliveries/*/content", OPERATOR),
            rule(HttpMethod.GET, "/api/handovers/*/deliveries/*/receipt", OPERATOR),
            // delivery states, and restarting a dead delivery: operators and integration admins
            rule(HttpMethod.GET, "/api/handovers", OPERATOR, ADMIN),
            rule(HttpMethod.GET, "/api/handovers/**", OPERATOR, ADMIN),
            rule(HttpMethod.POST, "/api/handovers/*/deliveries/*/retry", OPERATOR, ADMIN),
            // the audit trail: auditors search it; its verification is for auditors and admins
            rule(HttpMethod.GET, "/api/audit", AUDITOR),
            rule(HttpMethod.GET, "/api/admin/audit/verify", ADMIN, AUDITOR),
            rule(null, "/api/admin/**", ADMIN),
            // the console: the same roles as the API behind each page
            rule(null, "/console/reports/**", OPERATOR),
            rule(null, "/console/reports", OPERATOR),
            rule(null, "/console/handovers/**", OPERATOR),
            rule(null, "/console/handovers", OPERATOR),
            rule(null, "/console/beds/**", OPERATOR),
            rule(null, "/console/beds", OPERATOR),
            rule(null, "/console/admin/**", ADMIN),
            rule(null, "/console/audit/**", AUDITOR),
            rule(null, "/console/audit", AUDITOR),
            rule(HttpMethod.GET, "/"),
            rule(null, "/console"),
            rule(null, "/console/**"));

    private AccessRules() {
    }

    private static Rule open(HttpMethod method, String pattern) {
        return new Rule(method, pattern, Set.of(), true);
    }

    private static Rule rule(HttpMethod method, String pattern, StaffRole... roles) {
        return new Rule(method, pattern, roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles), false);
    }

    /** Applies the table; anything not in it needs a login (and mostly answers 404). */
    static void apply(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry registry) {
        for (Rule rule : RULES) {
            var authorized = registry.requestMatchers(rule.matcher());
            if (rule.open()) {
                authorized.permitAll();
            } else if (rule.roles().isEmpty()) {
                authorized.authenticated();
            } else {
                authorized.hasAnyRole(rule.roles().stream().map(Enum::name).toArray(String[]::new));
            }
        }
        registry.anyRequest().authenticated();
    }

    /** The rule that decides this request. */
    static Optional<Rule> ruleFor(HttpServletRequest request) {
        return RULES.stream().filter(r -> r.matcher().matches(request)).findFirst();
    }

    static String rolesText(Set<StaffRole> roles) {
        return roles.stream().sorted().map(Enum::name).collect(Collectors.joining(" or "));
    }
}
