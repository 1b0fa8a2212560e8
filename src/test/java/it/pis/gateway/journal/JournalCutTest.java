package it.pis.gateway.journal;

import com.zaxxer.hikari.HikariDataSource;
import it.pis.gateway.health.OutageLog;
import it.pis.gateway.it.FreePorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The journal database cut off under the group commit, for real: an H2 server over TCP that the test
 * stops and starts again, behind a HikariCP pool and the JDBC transaction manager, as the gateway
 * runs PostgreSQL. A write during the cut fails as "journal unavailable" (a
 * DataAccessResourceFailureException, which the inbound journal answers as JOURNAL_UNAVAILABLE), not
 * as a transaction exception that would read "internal error"; the outage is seen, and once the
 * server is back the next write commits with no restart.
 */
class JournalCutTest {

    final int port = FreePorts.next();
    final Path data = Files.createTempDirectory("pis-journal-cut-");
    final OutageLog outage = new OutageLog(LoggerFactory.getLogger(JournalCutTest.class), "journal database",
            Clock.systemUTC(), Duration.ofMinutes(5));
    Server server = startServer();
    final HikariDataSource pool = pool();
    final JdbcTemplate jdbc = new JdbcTemplate(pool);
    final GroupCommit commits = new GroupCommit(new TransactionTemplate(new JdbcTransactionManager(pool)),
            64, 100, 10_000, new SimpleMeterRegistry(), outage);

    JournalCutTest() throws Exception {
        jdbc.execute("CREATE TABLE t (k VARCHAR(20) PRIMARY KEY)");
    }

    @AfterEach
    void stop() throws Exception {
        commits.close();
        pool.close();
        server.stop();
    }

    @Test
    void aWriteDuringTheCutFailsAsJournalUnavailableAndTheNextOneAfterItCommits() throws Exception {
        assertThat(commits.write(() -> jdbc.update("INSERT INTO t VALUES ('before')"))).isEqualTo(1);

        server.stop();
        assertThatThrownBy(() -> commits.write(() -> jdbc.update("INSERT INTO t VALUES ('during')")))
                .isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(outage.isDown()).isTrue();

        server = startServer();
        assertThat(resendUntilStored("after")).as("stored once the database is back, with no restart").isTrue();
        assertThat(outage.isDown()).isFalse();
        assertThat(jdbc.queryForList("SELECT k FROM t ORDER BY k", String.class)).containsExactly("after", "before");
    }

    /**
     * As a partner does after "journal unavailable, please resend": a few tries, a second apart (H2's
     * "session closed" is not an SQLSTATE 08 error, so HikariCP finds a broken connection only when it
     * validates it, which it skips for a connection used in the last 500 ms).
     */
    private boolean resendUntilStored(String key) throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                return commits.write(() -> jdbc.update("INSERT INTO t VALUES (?)", key)) == 1;
            } catch (DataAccessResourceFailureException stillUnavailable) {
                Thread.sleep(1000);
            }
        }
        return false;
    }

    private Server startServer() throws SQLException {
        return Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", data.toString(), "-ifNotExists")
                .start();
    }

    private HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:tcp://127.0.0.1:" + port + "/journal");
        pool.setUsername("sa");
        pool.setPassword("");
        pool.setMaximumPoolSize(4);
        // short: the cut is found when a connection is asked for
        pool.setConnectionTimeout(1000);
        return pool;
    }
}
