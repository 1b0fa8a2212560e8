package it.pis.gateway.outbound;

import it.pis.gateway.agreement.AgreementLoader;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument.Withheld;
import it.pis.gateway.journal.DeliveryQueue;
import it.pis.gateway.journal.GroupCommit;
import it.pis.gateway.journal.HandoverJournal;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.TimeOrderedIds;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The outbound journal on an in-memory H2 (PostgreSQL mode, the real migrations) and the demo
 * agreements, for tests of the delivery state machine without Spring.
 */
final class OutboundFixture implements AutoCloseable {

    final SingleConnectionDataSource db = new SingleConnectionDataSource("jdbc:h2:mem:" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", true);
    final JdbcTemplate jdbc;
    final GroupCommit commits;
    final HandoverJournal journal;
    final DeliveryQueue queue;
    final AgreementRegistry agreements;

    OutboundFixture(Path agreementsFolder) {
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(db);
        commits = new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(db)), 64, 1000, 10_000);
        journal = new HandoverJournal(jdbc, commits, JsonMapper.builder().findAndAddModules().build());
        queue = new DeliveryQueue(jdbc, commits);
        agreements = new AgreementRegistry(new AgreementLoader(List.of()), agreementsFolder);
    }

    /** Journals a handover with one delivery to each recipient (over MLLP), created at {@code at}; returns the handover. */
    Handover handover(Instant at, String... recipients) {
        Handover handover = new Handover(TimeOrderedIds.next(), List.of(UUID.randomUUID()), at, "op.rossi",
                List.of(recipients), "Accolto", null, null, null, null, null, null, null, Confidentiality.NORMAL);
        journal.create(handover, null, handover.id().toString().getBytes(StandardCharsets.UTF_8),
                Arrays.stream(recipients).map(r -> new HandoverJournal.NewDelivery(TimeOrderedIds.next(), r,
                        "hl7v2-mllp", "hl7v2-mdm", "mllp://127.0.0.1:1", "M" + UUID.randomUUID().toString().substring(0, 8),
                        "application/hl7-v2", ("MDM for " + r).getBytes(StandardCharsets.UTF_8), List.of("summary"),
                        List.<Withheld>of(), null)).toList());
        return handover;
    }

    @Override
    public void close() throws Exception {
        commits.close();
        db.destroy();
    }
}
