package it.pis.gateway.journal;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.util.UUID;

/**
 * A journal database migrated by the project's Flyway scripts, for tests that run on both
 * databases: {@code h2} (in memory, PostgreSQL mode, as the embedded default) or {@code postgresql}
 * (127.0.0.1:5432, database test, in a schema of its own that {@link #close()} drops).
 */
public final class MigratedJournal implements AutoCloseable {

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

    final SingleConnectionDataSource db;
    public final JdbcTemplate jdbc;
    final TransactionTemplate tx;
    private final String schema;
    private final boolean owner;
    private GroupCommit commits;

    private MigratedJournal(SingleConnectionDataSource db, String schema) {
        this(db, schema, true);
    }

    private MigratedJournal(SingleConnectionDataSource db, String schema, boolean owner) {
        this.db = db;
        this.schema = schema;
        this.owner = owner;
        Flyway.configure().dataSource(db).locations("classpath:db/migration")
                .schemas(schema == null ? new String[0] : new String[] {schema}).load().migrate();
        this.jdbc = new JdbcTemplate(db);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(db));
    }

    /** A group commit on this journal, as the gateway's (closed with the journal). */
    public GroupCommit groupCommit() {
        if (commits == null) {
            commits = new GroupCommit(tx, 64, 1000, 10_000);
        }
        return commits;
    }

    /** {@code database}: h2 or postgresql; {@code prefix} names the PostgreSQL schema, for a reader of leftovers. */
    public static MigratedJournal open(String database, String prefix) {
        if (database.equals("h2")) {
            return new MigratedJournal(new SingleConnectionDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", true),
                    null);
        }
        String schema = prefix + "_" + Long.toHexString(System.nanoTime());
        return new MigratedJournal(new SingleConnectionDataSource(PG + "?currentSchema=" + schema, "postgres", "", true),
                schema);
    }

    /** PostgreSQL only: a connection of its own to the same journal, as a second gateway node has (closing it drops nothing). */
    public MigratedJournal anotherNode() {
        if (schema == null) {
            throw new IllegalStateException("an in-memory H2 journal has one node");
        }
        return new MigratedJournal(new SingleConnectionDataSource(PG + "?currentSchema=" + schema, "postgres", "", true),
                schema, false);
    }

    @Override
    public void close() {
        if (commits != null) {
            try {
                commits.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (schema != null && owner) {
            jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
        }
        db.destroy();
    }
}
