package it.pis.gateway.security;

import it.pis.gateway.journal.AuditEntry;
import it.pis.gateway.journal.AuditTrail;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The staff users in the journal database ({@code staff_user}), for password login. Every change
 * is appended to the audit trail in the same transaction: no change without its trace.
 */
public class StaffUsers implements UserDetailsService {

    /** A user as stored (the hash stays inside). */
    public record StaffUser(String username, Set<StaffRole> roles, boolean enabled, boolean demo, boolean hasPassword,
                            int failedLogins, Instant lockedUntil, Instant createdAt, Instant updatedAt,
                            Instant passwordChangedAt) {
    }

    /** Who changes users: the actor and how they authenticated (cli, form, system...). */
    public record Changer(String actor, String via) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{1,127}");
    private static final String COLUMNS = "username, roles, enabled, demo, password_hash IS NOT NULL, failed_logins,"
            + " locked_until, created_at, updated_at, password_changed_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecuritySettings.Lockout lockout;

    public StaffUsers(JdbcTemplate jdbc, TransactionTemplate tx, PasswordEncoder encoder, AuditTrail audit, Clock clock,
                      SecuritySettings.Lockout lockout) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
        this.lockout = lockout;
    }

    /** Why this is not a valid user name, or null. */
    public static String nameProblem(String username) {
        return username != null && NAME.matcher(username).matches() ? null
                : "a user name is 2 to 128 letters, digits and . _ @ - (starting with a letter or digit)";
    }

    public Optional<StaffUser> find(String username) {
        return jdbc.query("SELECT " + COLUMNS + " FROM staff_user WHERE username = ?", StaffUsers::row, username)
                .stream().findFirst();
    }

    public List<StaffUser> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM staff_user ORDER BY username", StaffUsers::row);
    }

    /**
     * Adds a user; {@code password} null: the user logs in only through OIDC.
     *
     * @throws IllegalArgumentException naming what is wrong (name, roles, password, already there)
     */
    public StaffUser add(String username, CharSequence password, Set<StaffRole> roles, boolean demo, Changer by) {
        check(nameProblem(username));
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a user needs at least one role: " + List.of(StaffRole.values()));
        }
        if (password != null) {
            check(Passwords.problem(username, password));
        }
        String hash = password == null ? null : encoder.encode(password);
        OffsetDateTime now = now();
        try {
            tx.executeWithoutResult(status -> {
                jdbc.update("INSERT INTO staff_user (username, password_hash, roles, enabled, demo, created_at, updated_at,"
                                + " password_changed_at) VALUES (?, ?, ?, TRUE, ?, ?, ?, ?)", username, hash,
                        StaffRole.format(roles), demo, now, now, hash == null ? null : now);
                audit.append(new AuditEntry(by.actor(), by.via(), "USER_ADD", username, AuditEntry.OK, null,
                        "roles " + StaffRole.format(roles) + (hash == null ? ", OIDC login only" : ", password set")
                                + (demo ? ", demo user" : ""), null));
            });
        } catch (DuplicateKeyException e) {
            throw new IllegalArgumentException("user " + username + " exists already");
        }
        return find(username).orElseThrow();
    }

    public StaffUser setEnabled(String username, boolean enabled, Changer by) {
        change(username, by, enabled ? "USER_ENABLE" : "USER_DISABLE", null,
                "UPDATE staff_user SET enabled = ?, failed_logins = 0, locked_until = NULL, updated_at = ? WHERE username = ?",
                enabled, now(), username);
        return find(username).orElseThrow();
    }

    public StaffUser setPassword(String username, CharSequence password, Changer by) {
        check(Passwords.problem(username, password));
        String hash = encoder.encode(password);
        OffsetDateTime now = now();
        change(username, by, "USER_PASSWORD", "password changed", "UPDATE staff_user SET password_hash = ?,"
                + " failed_logins = 0, locked_until = NULL, updated_at = ?, password_changed_at = ? WHERE username = ?",
                hash, now, now, username);
        return find(username).orElseThrow();
    }

    public StaffUser setRoles(String username, Set<StaffRole> roles, Changer by) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a user needs at least one role: " + List.of(StaffRole.values()));
        }
        String before = find(username).map(u -> StaffRole.format(u.roles())).orElse("?");
        change(username, by, "USER_ROLES", "roles " + before + " -> " + StaffRole.format(roles),
                "UPDATE staff_user SET roles = ?, updated_at = ? WHERE username = ?", StaffRole.format(roles), now(),
                username);
        return find(username).orElseThrow();
    }

    private void change(String username, Changer by, String action, String detail, String sql, Object... args) {
        tx.executeWithoutResult(status -> {
            if (jdbc.update(sql, args) == 0) {
                throw new IllegalArgumentException("no user " + username);
            }
            audit.append(new AuditEntry(by.actor(), by.via(), action, username, AuditEntry.OK, null, detail, null));
        });
    }

    /** Enabled demo users: none may exist where the production profile runs. */
    public List<String> enabledDemoUsers() {
        return jdbc.queryForList("SELECT username FROM staff_user WHERE demo = TRUE AND enabled = TRUE ORDER BY username",
                String.class);
    }

    /** For password login: an OIDC-only user is not found here (it has no password to check). */
    @Override
    public UserDetails loadUserByUsername(String username) {
        List<UserDetails> found = jdbc.query("SELECT username, password_hash, roles, enabled, locked_until FROM staff_user"
                + " WHERE username = ? AND password_hash IS NOT NULL", (rs, i) -> {
                    Instant lockedUntil = instant(rs, 5);
                    return User.withUsername(rs.getString(1))
                            .password(rs.getString(2))
                            .authorities(StaffRole.parse(rs.getString(3)).stream()
                                    .map(r -> new SimpleGrantedAuthority(r.authority())).toList())
                            .disabled(!rs.getBoolean(4))
                            .accountLocked(lockedUntil != null && lockedUntil.isAfter(clock.instant()))
                            .build();
                }, username);
        if (found.isEmpty()) {
            throw new UsernameNotFoundException("no user " + username + " with a password");
        }
        return found.get(0);
    }

    /** A wrong password: after {@code lockout.failures()} in a row the password is refused for a while. Returns true when this one locked it. */
    public boolean loginFailed(String username) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            int updated = jdbc.update("UPDATE staff_user SET failed_logins = failed_logins + 1 WHERE username = ?", username);
            if (updated == 0) {
                return false;
            }
            Integer failures = jdbc.queryForObject("SELECT failed_logins FROM staff_user WHERE username = ?",
                    Integer.class, username);
            if (failures != null && failures >= lockout.failures()) {
                jdbc.update("UPDATE staff_user SET failed_logins = 0, locked_until = ? WHERE username = ?",
                        clock.instant().plus(lockout.duration()).atOffset(ZoneOffset.UTC), username);
                return true;
            }
            return false;
        }));
    }

    public void loginSucceeded(String username) {
        jdbc.update("UPDATE staff_user SET failed_logins = 0, locked_until = NULL WHERE username = ?"
                + " AND (failed_logins <> 0 OR locked_until IS NOT NULL)", username);
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static void check(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static StaffUser row(ResultSet rs, int i) throws SQLException {
        return new StaffUser(rs.getString(1), StaffRole.parse(rs.getString(2)), rs.getBoolean(3), rs.getBoolean(4),
                rs.getBoolean(5), rs.getInt(6), instant(rs, 7), instant(rs, 8), instant(rs, 9), instant(rs, 10));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
