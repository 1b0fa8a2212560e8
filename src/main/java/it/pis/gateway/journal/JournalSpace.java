package it.pis.gateway.journal;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.reflect.Method;
import java.sql.Connection;

/**
 * Gives the space of purged rows back after a purge, with what each database offers while it runs.
 * <ul>
 * <li>PostgreSQL: plain {@code VACUUM (ANALYZE)} of the purged tables. Dead rows and blanked TOAST
 * chunks become free space the tables reuse, so the files stop growing; the files do not shrink.
 * {@code VACUUM FULL} would shrink them but holds an exclusive lock for the whole rewrite: intake
 * would stop, so the gateway never runs it (an operator may, in a maintenance window).</li>
 * <li>H2 (embedded default): the MVStore's {@code compactFile}, for at most {@code h2CompactMillis}:
 * it moves live chunks out of the sparse ones and truncates the file, while the database stays open.
 * H2 has no SQL statement for this while running ({@code SHUTDOWN COMPACT} closes the database), and
 * the method is reached through H2's engine classes, which the gateway only has at run time.</li>
 * </ul>
 */
final class JournalSpace {

    private final JdbcTemplate jdbc;
    private final int h2CompactMillis;

    JournalSpace(JdbcTemplate jdbc, int h2CompactMillis) {
        this.jdbc = jdbc;
        this.h2CompactMillis = h2CompactMillis;
    }

    /** @return what was done, for the audit trail */
    String reclaim() {
        return jdbc.execute((ConnectionCallback<String>) connection -> {
            String product = connection.getMetaData().getDatabaseProductName();
            if (product.equals("PostgreSQL")) {
                try (var statement = connection.createStatement()) {
                    statement.execute("VACUUM (ANALYZE) inbound_message, report");
                }
                return "PostgreSQL VACUUM (ANALYZE) inbound_message, report";
            }
            if (product.equals("H2")) {
                compactH2(connection);
                return "H2 MVStore compactFile (" + h2CompactMillis + " ms at most)";
            }
            return "nothing (" + product + ")";
        });
    }

    private void compactH2(Connection connection) {
        try {
            Class<?> jdbcConnection = Class.forName("org.h2.jdbc.JdbcConnection");
            Object session = jdbcConnection.getMethod("getSession").invoke(connection.unwrap(jdbcConnection));
            Object database = session.getClass().getMethod("getDatabase").invoke(session);
            Object store = database.getClass().getMethod("getStore").invoke(database);
            Method compact = store.getClass().getMethod("compactFile", int.class);
            compact.invoke(store, h2CompactMillis);
        } catch (ReflectiveOperationException | java.sql.SQLException e) {
            throw new IllegalStateException("H2 compaction is not available: " + e, e);
        }
    }
}
