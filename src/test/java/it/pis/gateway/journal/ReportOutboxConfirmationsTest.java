package it.pis.gateway.journal;

import it.pis.gateway.health.OutageLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Confirmed reports leave the outbox in batches; a failed batch is kept for the next flush. */
class ReportOutboxConfirmationsTest {

    final SingleConnectionDataSource db = new SingleConnectionDataSource(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", true);
    final JdbcTemplate jdbc = new JdbcTemplate(db);
    final GroupCommit commits = new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(db)),
            64, 100, 10_000);
    final ReportOutbox outbox = new ReportOutbox(jdbc, commits, Duration.ofSeconds(30), 500,
            new OutageLog(LoggerFactory.getLogger(ReportOutbox.class), "journal database", Clock.systemUTC(), Duration.ofMinutes(5)));

    @AfterEach
    void stop() throws Exception {
        commits.close();
        db.destroy();
    }

    @Test
    void confirmationsSurviveAFailedFlush() {
        outbox.markPublished("r1");
        outbox.markPublished("r2");

        assertThatThrownBy(outbox::flushConfirmed).hasMessageContaining("report_outbox");

        jdbc.execute("CREATE TABLE report_outbox (report_id VARCHAR(36) PRIMARY KEY)");
        jdbc.update("INSERT INTO report_outbox VALUES ('r1'), ('r2'), ('r3')");
        assertThat(outbox.flushConfirmed()).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT report_id FROM report_outbox", String.class)).containsExactly("r3");
        assertThat(outbox.flushConfirmed()).isZero();
    }
}
