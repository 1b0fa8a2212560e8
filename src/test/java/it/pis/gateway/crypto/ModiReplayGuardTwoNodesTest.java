package it.pis.gateway.crypto;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

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

/**
 * ModI jti replay across gateway nodes: two guards, each with a connection pool of its own (as two
 * nodes have), on one PostgreSQL journal (127.0.0.1:5432, database test, a schema of its own
 * migrated by Flyway and dropped afterwards). A jti taken on one node is a replay on the other,
 * also when both receive it at the same moment.
 */
class ModiReplayGuardTwoNodesTest {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String SCHEMA = "pis_jti_" + Long.toHexString(System.nanoTime());
    static HikariDataSource nodeA;
    static HikariDataSource nodeB;

    @BeforeAll
    static void journal() {
        Flyway.configure().dataSource(URL, "postgres", "").schemas(SCHEMA).defaultSchema(SCHEMA).load().migrate();
        nodeA = pool();
        nodeB = pool();
    }

    private static HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(URL + "?currentSchema=" + SCHEMA);
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(4);
        return pool;
    }

    @AfterAll
    static void drop() throws Exception {
        nodeA.close();
        nodeB.close();
        try (var c = DriverManager.getConnection(URL, "postgres", "")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void aJtiUsedOnOneNodeIsAReplayOnTheOther() {
        ModiReplayGuard a = new ModiReplayGuard(new JdbcTemplate(nodeA), Clock.systemUTC());
        ModiReplayGuard b = new ModiReplayGuard(new JdbcTemplate(nodeB), Clock.systemUTC());
        Instant forgetAfter = Instant.now().plus(5, ChronoUnit.MINUTES);

        assertThat(a.firstUse("csm-milano-nord", "jti-in-turn", forgetAfter)).isTrue();
        assertThat(b.firstUse("csm-milano-nord", "jti-in-turn", forgetAfter)).as("replay on the other node").isFalse();
        assertThat(b.firstUse("serd-milano-centro", "jti-in-turn", forgetAfter)).as("another partner's jti").isTrue();
    }

    @Test
    void aJtiSentToBothNodesAtOnceIsTakenByExactlyOne() throws Exception {
        ModiReplayGuard a = new ModiReplayGuard(new JdbcTemplate(nodeA), Clock.systemUTC());
        ModiReplayGuard b = new ModiReplayGuard(new JdbcTemplate(nodeB), Clock.systemUTC());
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
}
