package it.pis.gateway.journal;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail on the databases it runs on (H2 in PostgreSQL mode; PostgreSQL at 127.0.0.1:5432
 * in a schema of its own): each row chained to the one before, every kind of tampering found at
 * the row where it was done, two gateway nodes appending at once without forking the chain, and
 * PostgreSQL refusing to change or remove a row at all.
 */
class AuditTrailTest {

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

    DataSource db;
    JdbcTemplate jdbc;
    TransactionTemplate tx;
    String schema;

    AuditTrail open(String database, String node) {
        if (db == null) {
            if (database.equals("h2")) {
                db = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
            } else {
                schema = "pis_audit_" + Long.toHexString(System.nanoTime());
                db = new DriverManagerDataSource(PG + "?currentSchema=" + schema, "postgres", "");
            }
            Flyway.configure().dataSource(db).locations("classpath:db/migration", "classpath:db/vendor/" + 
                            (database.equals("h2") ? "h2" : "postgresql"))
                    .schemas(schema == null ? new String[0] : new String[] {schema}).load().migrate();
            jdbc = new JdbcTemplate(db);
            tx = new TransactionTemplate(new DataSourceTransactionManager(db));
        }
        return new AuditTrail(jdbc, tx, Clock.systemUTC(), node);
    }

    @AfterEach
    void drop() throws Exception {
        if (schema != null) {
            try (var c = DriverManager.getConnection(PG, "postgres", "")) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void theHashIsSha256OfThePreviousHashAndTheLengthPrefixedFieldsAsDocumented() throws Exception {
        AuditEvent e = new AuditEvent(1, Instant.parse("2026-11-26T03:15:00.123456Z"), "op.rossi", "form", "ORIGINAL_VIEW",
                "r-1", "OK", "verifica", null, "127.0.0.1", "node-a", AuditChain.GENESIS, null);
        String expected = AuditChain.GENESIS + "\n" + "1:1;" + "27:2026-11-26T03:15:00.123456Z;" + "8:op.rossi;"
                + "4:form;" + "13:ORIGINAL_VIEW;" + "3:r-1;" + "2:OK;" + "8:verifica;" + "-;" + "9:127.0.0.1;" + "6:node-a;";
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected.getBytes(StandardCharsets.UTF_8)));
        assertThat(AuditChain.hash(e)).isEqualTo(sha);
        AuditEvent shifted = new AuditEvent(1, e.at(), "op.rossi", "form", "ORIGINAL_VIEW", "r-1", "OK", null, "verifica",
                "127.0.0.1", "node-a", AuditChain.GENESIS, null);
        assertThat(AuditChain.hash(shifted)).as("a value moved to the next field").isNotEqualTo(sha);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void eachRowChainsToTheOneBeforeAndTheWholeChainVerifies(String database) {
        AuditTrail trail = open(database, "node-a");
        assertThat(trail.verify().intact()).isTrue();
        AuditEvent first = trail.append(entry("op.rossi", "LOGIN", null, null));
        AuditEvent second = trail.append(entry("op.rossi", "ORIGINAL_VIEW", "r-1", "verifica identità"));

        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prevHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(second.hash()).isEqualTo(AuditChain.hash(second));
        AuditTrail.Verification v = trail.verify();
        assertThat(v.intact()).isTrue();
        assertThat(v.rows()).isEqualTo(2);
        assertThat(v.tipHash()).isEqualTo(second.hash());
        assertThat(trail.search(new AuditTrail.Query("op.rossi", "ORIGINAL_VIEW", null, null, null, 10)))
                .singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo("verifica identità"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aChangedRowIsFoundAtThatRow(String database) {
        AuditTrail trail = appendFive(database);
        tamper(database, "UPDATE audit_event SET reason = 'curiosità' WHERE seq = 3");

        AuditTrail.Verification v = trail.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenAt()).isEqualTo(3);
        assertThat(v.problem()).contains("row 3 was changed after it was written");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRemovedRowIsFoundWhereTheGapIs(String database) {
        AuditTrail trail = appendFive(database);
        tamper(database, "DELETE FROM audit_event WHERE seq = 2");

        AuditTrail.Verification v = trail.verify();
        assertThat(v.brokenAt()).isEqualTo(2);
        assertThat(v.problem()).contains("row 2 is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRemovedAndRenumberedRowIsFoundByItsBrokenLink(String database) {
        AuditTrail trail = appendFive(database);
        tamper(database, "DELETE FROM audit_event WHERE seq = 2");
        tamper(database, "UPDATE audit_event SET seq = seq - 1 WHERE seq > 2");

        AuditTrail.Verification v = trail.verify();
        assertThat(v.brokenAt()).isEqualTo(2);
        assertThat(v.problem()).contains("does not chain to row 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void rowsRemovedFromTheEndAreFoundByTheTip(String database) {
        AuditTrail trail = appendFive(database);
        tamper(database, "DELETE FROM audit_event WHERE seq >= 4");

        AuditTrail.Verification v = trail.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenAt()).isEqualTo(4);
        assertThat(v.problem()).contains("rows 4..5 were removed");
    }

    @Test
    void postgresRefusesToChangeOrRemoveAnAuditRow() {
        AuditTrail trail = appendFive("postgres");
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_event SET reason = 'x' WHERE seq = 1"))
                .isInstanceOf(DataAccessException.class).rootCause()
                .hasMessageContaining("audit_event is append-only: UPDATE refused");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_event WHERE seq = 1")).rootCause()
                .hasMessageContaining("audit_event is append-only: DELETE refused");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_event")).rootCause()
                .hasMessageContaining("audit_event is append-only: TRUNCATE refused");
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void anAppendInsideATransactionThatRollsBackLeavesNoTrace() {
        AuditTrail trail = appendFive("h2");
        try {
            tx.executeWithoutResult(status -> {
                trail.append(entry("op.rossi", "REPORT_TAKE", "r-9", null));
                throw new IllegalStateException("the take failed");
            });
        } catch (IllegalStateException expected) {
            // the action and its trace go together
        }
        AuditTrail.Verification v = trail.verify();
        assertThat(v.intact()).isTrue();
        assertThat(v.rows()).isEqualTo(5);
        assertThat(trail.append(entry("op.rossi", "LOGIN", null, null)).seq()).isEqualTo(6);
    }

    /** Two gateway nodes (two trails, two connection pools' worth of threads) append at once to one PostgreSQL. */
    @Test
    void twoNodesAppendingAtOnceNeverForkTheChain() throws Exception {
        AuditTrail nodeA = open("postgres", "node-a");
        DataSource otherNode = new DriverManagerDataSource(PG + "?currentSchema=" + schema, "postgres", "");
        AuditTrail nodeB = new AuditTrail(new JdbcTemplate(otherNode),
                new TransactionTemplate(new DataSourceTransactionManager(otherNode)), Clock.systemUTC(), "node-b");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<AuditEvent>> appends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            AuditTrail node = i % 2 == 0 ? nodeA : nodeB;
            int n = i;
            appends.add(threads.submit(() -> node.append(entry("user" + (n % 7), "REPORT_VIEW", "r-" + n, null))));
        }
        List<Long> seqs = new ArrayList<>();
        for (Future<AuditEvent> f : appends) {
            seqs.add(f.get(60, TimeUnit.SECONDS).seq());
        }
        threads.shutdown();

        assertThat(seqs).doesNotHaveDuplicates().hasSize(200);
        AuditTrail.Verification v = nodeA.verify();
        assertThat(v.intact()).as(v.problem()).isTrue();
        assertThat(v.rows()).isEqualTo(200);
        assertThat(jdbc.queryForList("SELECT DISTINCT node FROM audit_event ORDER BY node", String.class))
                .containsExactly("node-a", "node-b");
    }

    private AuditTrail appendFive(String database) {
        AuditTrail trail = open(database, "node-a");
        for (int i = 1; i <= 5; i++) {
            trail.append(entry("op.rossi", "REPORT_VIEW", "r-" + i, i == 3 ? "verifica" : null));
        }
        assertThat(trail.verify().intact()).isTrue();
        return trail;
    }

    /** What someone with the database's keys could do behind the gateway's back. */
    private void tamper(String database, String sql) {
        if (database.equals("postgres")) {
            jdbc.execute("ALTER TABLE audit_event DISABLE TRIGGER USER");
            jdbc.update(sql);
            jdbc.execute("ALTER TABLE audit_event ENABLE TRIGGER USER");
        } else {
            jdbc.update(sql);
        }
    }

    private static AuditEntry entry(String actor, String action, String target, String reason) {
        return new AuditEntry(actor, "form", action, target, AuditEntry.OK, reason, null, "127.0.0.1");
    }

}
