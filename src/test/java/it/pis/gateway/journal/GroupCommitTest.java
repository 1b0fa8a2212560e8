package it.pis.gateway.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group commit on a real (in-memory H2) database: results, isolation of a bad write, shutdown. */
class GroupCommitTest {

    final SingleConnectionDataSource db = new SingleConnectionDataSource(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", true);
    final JdbcTemplate jdbc = new JdbcTemplate(db);
    final GroupCommit commits = new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(db)),
            64, 1000, 10_000);
    final ExecutorService senders = Executors.newFixedThreadPool(32);

    GroupCommitTest() {
        jdbc.execute("CREATE TABLE t (k VARCHAR(20) PRIMARY KEY)");
    }

    @AfterEach
    void stop() throws Exception {
        senders.shutdownNow();
        commits.close();
        db.destroy();
    }

    @Test
    void concurrentWritesAreAllCommittedAndEachGetsItsOwnResult() throws Exception {
        List<Future<Integer>> results = sendAtOnce(200, i -> "k" + i);
        for (Future<Integer> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM t", Integer.class)).isEqualTo(200);
    }

    @Test
    void aFailingWriteFailsAloneAndItsNeighboursCommit() throws Exception {
        jdbc.update("INSERT INTO t VALUES ('taken')");
        List<Future<Integer>> results = sendAtOnce(64, i -> i == 31 ? "taken" : "n" + i);

        int failed = 0;
        for (int i = 0; i < results.size(); i++) {
            if (i == 31) {
                Future<Integer> bad = results.get(i);
                assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DuplicateKeyException.class);
                failed++;
            } else {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
        }
        assertThat(failed).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM t", Integer.class)).isEqualTo(64);
    }

    @Test
    void afterCloseWritesAreRefusedNotLost() throws Exception {
        commits.close();
        assertThatThrownBy(() -> commits.write(() -> jdbc.update("INSERT INTO t VALUES ('late')")))
                .isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM t", Integer.class)).isZero();
    }

    private List<Future<Integer>> sendAtOnce(int count, java.util.function.IntFunction<String> key) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String k = key.apply(i);
            results.add(senders.submit(() -> {
                start.await();
                return commits.write(() -> jdbc.update("INSERT INTO t VALUES (?)", k));
            }));
        }
        start.countDown();
        return results;
    }
}
