package it.pis.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The documented demo users of the embedded default ({@code pis.security.demo-users: true},
 * 127.0.0.1 only, never in production): one per role, created at start when missing, so that a
 * newcomer can follow the README with curl. Their passwords are in the README: they protect nothing.
 */
public final class DemoUsers {

    private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

    /** A demo user, its documented password and roles. */
    public record Demo(String username, String password, Set<StaffRole> roles) {
    }

    public static final List<Demo> USERS = List.of(
            new Demo("operatore", "pis-demo-turno-notte", EnumSet.of(StaffRole.OPERATOR)),
            new Demo("admin", "pis-demo-integrazioni", EnumSet.of(StaffRole.ADMIN)),
            new Demo("auditor", "pis-demo-registro-accessi", EnumSet.of(StaffRole.AUDITOR)));

    private DemoUsers() {
    }

    static void ensure(StaffUsers users) {
        for (Demo demo : USERS) {
            if (users.find(demo.username()).isEmpty()) {
                users.add(demo.username(), demo.password(), demo.roles(), true,
                        new StaffUsers.Changer("pis-gateway", "system"));
                log.info("demo user {} ({}) created with its documented password: development only",
                        demo.username(), StaffRole.format(demo.roles()));
            }
        }
    }
}
