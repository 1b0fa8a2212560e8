package it.pis.gateway.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database cut that also fails the rollback, under the gateway's logging configuration: Spring's
 * TransactionTemplate would log "Application exception overridden by rollback exception" with two
 * stack traces for each such transaction (twice per node per cut in the fault suite's logs); the
 * gateway logs the outage itself, once per state change. The exception thrown keeps the first failure.
 */
@ExtendWith(OutputCaptureExtension.class)
class RollbackFailureLogTest extends GatewayIntegrationTest {

    @Test
    void aRollbackThatFailsAfterTheWorkFailedLogsNoStackTraceAndKeepsTheFirstFailure(CapturedOutput log) {
        // a database of its own (the gateway's journal stays untouched), whose connection dies inside the transaction
        DriverManagerDataSource database = new DriverManagerDataSource("jdbc:h2:mem:cut-" + UUID.randomUUID());
        TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(database));
        IllegalStateException work = new IllegalStateException("the work failed " + UUID.randomUUID());

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            try {
                DataSourceUtils.getConnection(database).close();
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            throw work;
        })).isInstanceOfSatisfying(TransactionSystemException.class,
                rollbackFailed -> assertThat(rollbackFailed.getApplicationException()).isSameAs(work));

        assertThat(log.getOut()).doesNotContain("Application exception overridden by rollback exception")
                .doesNotContain(work.getMessage());
    }
}
