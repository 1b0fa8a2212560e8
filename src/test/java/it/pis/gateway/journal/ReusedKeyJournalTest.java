package it.pis.gateway.journal;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.inbound.ContentHash;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The journal's side of a reused idempotency key, on H2 (PostgreSQL mode) and on PostgreSQL at
 * 127.0.0.1:5432 in a schema of its own: the same content is a duplicate, other content is refused
 * and nothing is stored for it, and a report stored before the content_sha256 column (V9) still
 * answers any later use of its key as a duplicate, as it did before the migration.
 */
class ReusedKeyJournalTest {

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    static final Agreement SAN_CARLO = AgreementFiles.loader().load(AgreementFiles.DEMO).byId(AgreementFiles.SAN_CARLO)
            .orElseThrow();

    DataSource db;
    JdbcTemplate jdbc;
    GroupCommit commits;
    String schema;

    InboundJournal open(String database, String migratedUpTo) {
        if (database.equals("h2")) {
            db = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        } else {
            schema = "pis_keys_" + Long.toHexString(System.nanoTime());
            db = new DriverManagerDataSource(PG + "?currentSchema=" + schema, "postgres", "");
        }
        migrate(database, migratedUpTo);
        jdbc = new JdbcTemplate(db);
        commits = new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(db)), 64, 1000, 10_000);
        return journal();
    }

    InboundJournal journal() {
        return new InboundJournal(jdbc, commits, new ReportStore(jdbc, new ReportCodec(JsonMapper.builder().build())));
    }

    void migrate(String database, String target) {
        Flyway.configure().dataSource(db)
                .locations("classpath:db/migration", "classpath:db/vendor/" + (database.equals("h2") ? "h2" : "postgresql"))
                .schemas(schema == null ? new String[0] : new String[] {schema})
                .target(MigrationVersion.fromVersion(target)).load().migrate();
    }

    @AfterEach
    void close() throws Exception {
        if (commits != null) {
            commits.close();
        }
        if (schema != null) {
            try (var c = DriverManager.getConnection(PG, "postgres", "")) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    static InboundMessage message(String key, String content) {
        InboundMessage message = new InboundMessage("hl7v2-mllp", content.getBytes(StandardCharsets.ISO_8859_1))
                .claimed("OSPSANCARLO", key, "ADT^A04").identifiedAs(SAN_CARLO)
                .fingerprinted(ContentHash.of(content), InboundMessage.KeyOrigin.MESSAGE);
        return message.mapped(new Report(message.id(), message.receivedAt(),
                new Report.Source(SAN_CARLO.id(), SAN_CARLO.kind(), "hl7v2-mllp", key, "ADT^A04", "3"), null, null, null,
                null, null, null, content, null, null, null, ReportStatus.NEW, null, message.id().toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void sameContentIsADuplicateOtherContentIsRefusedAndStoresNothing(String database) {
        InboundJournal journal = open(database, "latest");
        InboundMessage rossi = journal.accept(message("K1", "Rossi"));
        InboundMessage again = journal.accept(message("K1", "Rossi"));
        InboundMessage bianchi = message("K1", "Bianchi");

        assertThat(rossi.outcome()).isEqualTo(InboundMessage.Outcome.NEW_REPORT);
        assertThat(again.outcome()).isEqualTo(InboundMessage.Outcome.DUPLICATE);
        assertThat(again.reportId()).isEqualTo(rossi.reportId());
        assertThatThrownBy(() -> journal.accept(bianchi)).isInstanceOfSatisfying(InboundRejection.class, e -> {
            assertThat(e.cause()).isEqualTo(InboundRejection.Cause.KEY_REUSED);
            assertThat(e.kind()).isEqualTo(InboundRejection.Kind.ERROR);
            assertThat(e.inbound()).isSameAs(bianchi);
        }).hasMessageContaining("report " + rossi.reportId());
        assertThat(jdbc.queryForList("SELECT outcome FROM inbound_message WHERE external_id = 'K1' ORDER BY received_at",
                String.class)).containsExactly("ACCEPTED", "DUPLICATE");
        assertThat(jdbc.queryForObject("SELECT content_sha256 FROM report WHERE external_id = 'K1'", String.class))
                .isEqualTo(ContentHash.of("Rossi"));
    }

    /** Found by ChannelFuzzTest: a SOAP message id of 297,881 characters failed the INSERT and was answered as a journal outage. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aKeyLongerThanTheJournalHoldsIsRefusedAsInvalidAndStoresNothing(String database) {
        InboundJournal journal = open(database, "latest");
        String longest = "K".repeat(InboundJournal.MAX_KEY_LENGTH);

        assertThat(journal.accept(message(longest, "Rossi")).outcome()).isEqualTo(InboundMessage.Outcome.NEW_REPORT);
        assertThatThrownBy(() -> journal.accept(message(longest + "K", "Rossi"))).isInstanceOfSatisfying(
                InboundRejection.class, e -> {
                    assertThat(e.cause()).isEqualTo(InboundRejection.Cause.INVALID);
                    assertThat(e.kind()).isEqualTo(InboundRejection.Kind.REJECT);
                }).hasMessageContaining("257 characters long; at most 256");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM report", Integer.class)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aReportStoredBeforeContentHashesStillAnswersItsKeyAsADuplicate(String database) {
        open(database, "8.1");
        jdbc.update("INSERT INTO report (id, partner_id, external_id, received_at, status, body) VALUES (?, ?, ?, ?, ?, ?)",
                "01a23000-0000-7000-8000-000000000001", SAN_CARLO.id(), "OLD-1", java.sql.Timestamp.from(Instant.now()),
                "NEW", "{\"id\":\"01a23000-0000-7000-8000-000000000001\",\"narrative\":\"Rossi\",\"status\":\"NEW\"}");
        migrate(database, "latest");

        InboundMessage bianchi = journal().accept(message("OLD-1", "Bianchi"));

        assertThat(bianchi.outcome()).isEqualTo(InboundMessage.Outcome.DUPLICATE);
        assertThat(bianchi.reportId()).isEqualTo("01a23000-0000-7000-8000-000000000001");
    }
}
