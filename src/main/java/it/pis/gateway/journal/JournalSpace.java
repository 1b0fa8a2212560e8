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
 * <li>H2 (embedded default), while it runs: the MVStore's {@code compact(fillRate, bytes)} for at most
 * {@code h2CompactMillis}, then {@code CHECKPOINT}: live rows move out of the chunks the purge left
 * nearly empty, so those chunks are free space that new writes reuse once H2's retention time (45 s)
 * has passed: the file stops growing, it does not shrink. The method is reached through H2's engine
 * classes, which the gateway has only at run time. Not {@code MVStore.compactFile}: on a live H2 2.4
 * database it failed an internal assertion and closed the database (found by RetentionSpaceTest).</li>
 * <li>H2, to shrink the file: {@link #shutdownCompact()}, {@code SHUTDOWN COMPACT}, which rewrites the
 * file and closes the database: only the {@code retention purge} command, with the gateway stopped.</li>
 * </ul>
 */
final class JournalSpace {

    /** Chunks less full than this (percent) are rewritten; the bytes rewritten per step. */
    private static final int H2_FILL_RATE = 90;
    private static final int H2_REWRITE_BYTES = 16 * 1024 * 1024;

    /** The tables the purge changes. */
    static final String PURGED_TABLES = "inbound_message, report, delivery, handover, placement_decision";

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
                    statement.execute("VACUUM (ANALYZE) " + PURGED_TABLES);
                }
                return "PostgreSQL VACUUM (ANALYZE) " + PURGED_TABLES;
            }
            if (product.equals("H2")) {
                compactH2(connection);
                return "H2 MVStore compact and CHECKPOINT (" + h2CompactMillis + " ms at most)";
            }
            return "nothing (" + product + ")";
        });
    }

    /**
     * Rewrites the MVStore's partly empty chunks (what H2's background writer does when commits are
     * delayed, which the journal turns off with WRITE_DELAY=0), then checkpoints, so that the chunks
     * holding the purged bytes become free space that new chunks reuse and, at the file's end, is cut off.
     */
    /**
     * H2: {@code SHUTDOWN COMPACT}, the database closes with its file rewritten to what is live;
     * PostgreSQL: nothing more than {@link #reclaim()} did. @return what was done
     */
    String shutdownCompact() {
        return jdbc.execute((ConnectionCallback<String>) connection -> {
            if (!connection.getMetaData().getDatabaseProductName().equals("H2")) {
                return "nothing more";
            }
            try (var statement = connection.createStatement()) {
                statement.execute("SHUTDOWN COMPACT");
            }
            return "H2 SHUTDOWN COMPACT";
        });
    }

    private void compactH2(Connection connection) throws java.sql.SQLException {
        Object mvStore;
        try {
            Class<?> jdbcConnection = Class.forName("org.h2.jdbc.JdbcConnection");
            Object session = jdbcConnection.getMethod("getSession").invoke(connection.unwrap(jdbcConnection));
            Object database = session.getClass().getMethod("getDatabase").invoke(session);
            Object store = database.getClass().getMethod("getStore").invoke(database);
            mvStore = store.getClass().getMethod("getMvStore").invoke(store);
            Method compact = mvStore.getClass().getMethod("compact", int.class, int.class);
            long until = System.nanoTime() + h2CompactMillis * 1_000_000L;
            while (System.nanoTime() < until && (Boolean) compact.invoke(mvStore, H2_FILL_RATE, H2_REWRITE_BYTES)) {
                try (var statement = connection.createStatement()) {
                    statement.execute("CHECKPOINT");
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("H2 compaction is not available: " + e, e);
        }
        try (var statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }
}
