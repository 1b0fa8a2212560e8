package it.pis.gateway.console;

import it.pis.gateway.security.StaffIdentity;
import it.pis.gateway.security.StaffRole;

import java.util.Set;

/**
 * The logged-in person as the console's templates see them: a name and what the navigation may
 * offer. The filter chain (security/AccessRules) is what actually refuses; this only hides links
 * that would end in a 403.
 */
public record ConsoleViewer(String name, Set<StaffRole> roles) {

    static ConsoleViewer of(StaffIdentity identity) {
        return new ConsoleViewer(identity.name(), identity.roles());
    }

    public boolean operator() {
        return roles.contains(StaffRole.OPERATOR);
    }

    public boolean admin() {
        return roles.contains(StaffRole.ADMIN);
    }

    public boolean auditor() {
        return roles.contains(StaffRole.AUDITOR);
    }
}
