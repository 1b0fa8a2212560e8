package it.pis.gateway.journal;

import com.zaxxer.hikari.HikariDataSource;
import it.pis.gateway.health.OutageLog;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes' outboxes on one PostgreSQL journal (127.0.0.1:5432, database test, a schema of its own
 * migrated by Flyway): while one node relays, the other gets nothing, so two nodes never send the
 * same report side by side and one reader keeps the journal's order; the lease passes on when the
 * holder stops, or when the node holding it died and its lease ran out.
 */
class ReportOutboxLeaseTest {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String SCHEMA = "pis_lease_" + Long.toHexString(System.nanoTime());
    static HikariDataSource poolA;
    static HikariDataSource poolB;
    GroupCommit commitsA;
    GroupCommit commitsB;

    @BeforeAll
    static void journal() {
        Flyway.configure().dataSource(URL, "postgres", "").schemas(SCHEMA).defaultSchema(SCHEMA).load().migrate();
        poolA = pool();
        poolB = pool();
        JdbcTemplate jdbc = new JdbcTemplate(poolA);
        Timestamp aMinuteAgo = Timestamp.from(Instant.now().minusSeconds(60));
        for (String id : List.of("r-1", "r-2")) {
            jdbc.update("INSERT INTO report (id, partner_id, external_id, received_at, status, body) VALUES (?, 'p', ?, ?, 'NEW', '{}')",
                    id, id, aMinuteAgo);
            jdbc.update("INSERT INTO report_outbox (report_id, committed_at) VALUES (?, ?)", id, aMinuteAgo);
        }
    }

    private static HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(URL + "?currentSchema=" + SCHEMA);
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(2);
        return pool;
    }

    @AfterEach
    void stopCommits() throws Exception {
        commitsA.close();
        commitsB.close();
    }

    @AfterAll
    static void drop() throws Exception {
        poolA.close();
        poolB.close();
        try (var c = DriverManager.getConnection(URL, "postgres", "")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private ReportOutbox node(HikariDataSource pool, Duration lease, boolean first) {
        GroupCommit commits = new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(pool)), 64, 100, 10_000);
        if (first) {
            commitsA = commits;
        } else {
            commitsB = commits;
        }
        return new ReportOutbox(new JdbcTemplate(pool), commits,
                new OutageLog(LoggerFactory.getLogger(ReportOutbox.class), "journal database", Clock.systemUTC(), Duration.ofMinutes(5)),
                JournalCipher.plaintext(), lease, Clock.systemUTC());
    }

    @Test
    void whileOneNodeRelaysTheOtherGetsNothingAndItsTurnComesWhenTheFirstStops() {
        ReportOutbox a = node(poolA, Duration.ofMinutes(1), true);
        ReportOutbox b = node(poolB, Duration.ofMinutes(1), false);

        assertThat(a.after(Long.MIN_VALUE, 10).reports()).extracting(ReportOutbox.Waiting::reportId).containsExactly("r-1", "r-2");
        assertThat(b.after(Long.MIN_VALUE, 10).reports()).as("node B while node A relays").isEmpty();
        assertThat(a.after(Long.MIN_VALUE, 1).reports()).as("node A keeps its lease, oldest first").extracting(ReportOutbox.Waiting::reportId)
                .containsExactly("r-1");

        a.releaseLease();
        assertThat(b.after(Long.MIN_VALUE, 10).reports()).as("node B once node A stopped").hasSize(2);
        assertThat(a.after(Long.MIN_VALUE, 10).reports()).as("node A while node B relays").isEmpty();
        b.releaseLease();
    }

    @Test
    void theLeaseOfANodeThatDiedWhileRelayingRunsOut() throws Exception {
        ReportOutbox dying = node(poolA, Duration.ofMillis(300), true);
        ReportOutbox b = node(poolB, Duration.ofMinutes(1), false);

        assertThat(dying.after(Long.MIN_VALUE, 10).reports()).hasSize(2);
        assertThat(b.after(Long.MIN_VALUE, 10).reports()).isEmpty();
        Thread.sleep(400); // the dying node never releases its lease
        assertThat(b.after(Long.MIN_VALUE, 10).reports()).as("node B after node A's lease ran out").hasSize(2);
        b.releaseLease();
    }
}
