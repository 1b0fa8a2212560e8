package it.pis.gateway.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a logged-in user may do. A user may hold several.
 * <ul>
 * <li>OPERATOR: the operations room — reports (and, with a reason, their original messages),
 *     taking them, handovers, beds and placements;</li>
 * <li>ADMIN: the integration admin — agreements and their reload, partners, delivery status and
 *     retries of dead deliveries, the audit chain's verification; not the reports' contents;</li>
 * <li>AUDITOR: the audit trail, read-only, and its verification;</li>
 * <li>METRICS: a Prometheus scraper's token: {@code /actuator/prometheus} and nothing else.</li>
 * </ul>
 */
public enum StaffRole {
    OPERATOR, ADMIN, AUDITOR, METRICS;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role of an authority ({@code ROLE_ADMIN}) or a bare name ({@code admin}); null when it is none of them. */
    public static StaffRole of(String value) {
        if (value == null) {
            return null;
        }
        String name = value.strip().toUpperCase(Locale.ROOT);
        if (name.startsWith("ROLE_")) {
            name = name.substring(5);
        }
        for (StaffRole role : values()) {
            if (role.name().equals(name)) {
                return role;
            }
        }
        return null;
    }

    /** {@code OPERATOR,ADMIN} as stored; unknown names are refused. */
    public static Set<StaffRole> parse(String commaSeparated) {
        Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
        for (String name : commaSeparated.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            StaffRole role = of(name);
            if (role == null) {
                throw new IllegalArgumentException("'" + name.strip() + "' is not a role: one of "
                        + Arrays.toString(values()));
            }
            roles.add(role);
        }
        return roles;
    }

    public static String format(Set<StaffRole> roles) {
        return roles.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }
}
