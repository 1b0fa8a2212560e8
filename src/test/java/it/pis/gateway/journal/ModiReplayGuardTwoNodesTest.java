package it.pis.gateway.journal;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ModI jti replay across gateway nodes: two guards, each with a connection pool of its own (as two
 * nodes have), on one PostgreSQL journal (127.0.0.1:5432, database test, a schema of its own
 * migrated by Flyway and dropped afterwards). A jti taken on one node is a replay on the other,
 * also when both receive it at the same moment. Each node's guard writes through a group commit of
 * its own, as in the gateway, so several jtis share a transaction.
 */
class ModiReplayGuardTwoNodesTest {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String SCHEMA = "pis_jti_" + Long.toHexString(System.nanoTime());
    static HikariDataSource nodeA;
    static HikariDataSource nodeB;
    static GroupCommit commitsA;
    static GroupCommit commitsB;

    @BeforeAll
    static void journal() {
        Flyway.configure().dataSource(URL, "postgres", "").schemas(SCHEMA).defaultSchema(SCHEMA).load().migrate();
        nodeA = pool();
        nodeB = pool();
        commitsA = groupCommit(nodeA);
        commitsB = groupCommit(nodeB);
    }

    private static HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(URL + "?currentSchema=" + SCHEMA);
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(4);
        return pool;
    }

    private static GroupCommit groupCommit(HikariDataSource pool) {
        return new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(pool)), 64, 1000, 10_000);
    }

    @AfterAll
    static void drop() throws Exception {
        commitsA.close();
        commitsB.close();
        nodeA.close();
        nodeB.close();
        try (var c = DriverManager.getConnection(URL, "postgres", "")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void aJtiUsedOnOneNodeIsAReplayOnTheOther() {
        ModiReplayGuard a = new ModiReplayGuard(new JdbcTemplate(nodeA), commitsA, Clock.systemUTC());
        ModiReplayGuard b = new ModiReplayGuard(new JdbcTemplate(nodeB), commitsB, Clock.systemUTC());
        Instant forgetAfter = Instant.now().plus(5, ChronoUnit.MINUTES);

        assertThat(a.firstUse("csm-milano-nord", "jti-in-turn", forgetAfter)).isTrue();
        assertThat(b.firstUse("csm-milano-nord", "jti-in-turn", forgetAfter)).as("replay on the other node").isFalse();
        assertThat(b.firstUse("serd-milano-centro", "jti-in-turn", forgetAfter)).as("another partner's jti").isTrue();
    }

    @Test
    void aJtiSentToBothNodesAtOnceIsTakenByExactlyOne() throws Exception {
        ModiReplayGuard a = new ModiReplayGuard(new JdbcTemplate(nodeA), commitsA, Clock.systemUTC());
        ModiReplayGuard b = new ModiReplayGuard(new JdbcTemplate(nodeB), commitsB, Clock.systemUTC());
        Instant forgetAfter = Instant.now().plus(5, ChronoUnit.MINUTES);
        ExecutorService both = Executors.newFixedThreadPool(4);
        List<Future<Boolean>[]> pairs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String jti = "jti-race-" + i;
            @SuppressWarnings("unchecked")
            Future<Boolean>[] pair = new Future[]{
                    both.submit(() -> a.firstUse("csm-milano-nord", jti, forgetAfter)),
                    both.submit(() -> b.firstUse("csm-milano-nord", jti, forgetAfter))};
            pairs.add(pair);
        }
        int taken = 0;
        for (Future<Boolean>[] pair : pairs) {
            boolean onA = pair[0].get();
            boolean onB = pair[1].get();
            assertThat(onA ^ onB).as("exactly one node takes the jti").isTrue();
            taken++;
        }
        both.shutdown();
        assertThat(taken).isEqualTo(200);
    }

    @Test
    void replaysAndFreshJtisCommittedTogetherAreEachAnsweredRight() throws Exception {
        ModiReplayGuard a = new ModiReplayGuard(new JdbcTemplate(nodeA), commitsA, Clock.systemUTC());
        Instant forgetAfter = Instant.now().plus(5, ChronoUnit.MINUTES);
        for (int i = 0; i < 50; i += 2) {
            assertThat(a.firstUse("csm-milano-nord", "jti-batch-" + i, forgetAfter)).isTrue();
        }
        ExecutorService sixteen = Executors.newFixedThreadPool(16);
        List<Future<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String jti = "jti-batch-" + i;
            answers.add(sixteen.submit(() -> a.firstUse("csm-milano-nord", jti, forgetAfter)));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(answers.get(i).get()).as("jti-batch-" + i + (i % 2 == 0 ? " (a replay)" : " (fresh)"))
                    .isEqualTo(i % 2 == 1);
        }
        sixteen.shutdown();
    }

    @Test
    void theJtiIsWrittenThroughTheGroupCommit() throws Exception {
        GroupCommit stopped = groupCommit(nodeA);
        stopped.close();
        ModiReplayGuard guard = new ModiReplayGuard(new JdbcTemplate(nodeA), stopped, Clock.systemUTC());

        assertThatThrownBy(() -> guard.firstUse("csm-milano-nord", "jti-no-writer", Instant.now().plusSeconds(300)))
                .as("a guard that wrote on its own connection would not notice the stopped writer")
                .isInstanceOf(DataAccessResourceFailureException.class);
    }
}
