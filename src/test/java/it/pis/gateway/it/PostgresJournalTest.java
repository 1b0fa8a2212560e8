package it.pis.gateway.it;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.util.Terser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.DriverManager;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same path with the journal on PostgreSQL (127.0.0.1:5432, database test), in a schema of
 * its own that is dropped afterwards. Also shows that a journal failure gives AE, never AA, and
 * a 503 (not a 500) to staff.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// closed after the class: once its schema is dropped, a cached context's timers would log an ERROR
// every 200 ms (report_outbox does not exist) for the rest of the run
@DirtiesContext
class PostgresJournalTest {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String SCHEMA = "pis_it_" + Long.toHexString(System.nanoTime());
    static final int MLLP_PORT = FreePorts.next();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws Exception {
        registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.default-schema", () -> SCHEMA);
        registry.add("spring.artemis.embedded.server-id", () -> 7);
        registry.add("pis.data-dir", Files.createTempDirectory("pis-pg-")::toString);
        // provided keys, as in production: no development key is generated
        registry.add("pis.journal.encryption.dev-key", () -> false);
        registry.add("pis.journal.encryption.keys", () -> "pg-1:" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
        registry.add("pis.mllp.port", () -> MLLP_PORT);
        registry.add("pis.mllps.port", FreePorts::next);
        registry.add("pis.partner.https-port", FreePorts::next);
        registry.add("pis.tls.certs-dir", Files.createTempDirectory("pis-pg-certs-")::toString);
    }

    /** The embedded default's demo operator, over HTTP Basic, as a newcomer's curl would. */
    static final String DEMO_OPERATOR = "Basic " + java.util.Base64.getEncoder().encodeToString(
            (it.pis.gateway.security.DemoUsers.USERS.get(0).username() + ":"
                    + it.pis.gateway.security.DemoUsers.USERS.get(0).password()).getBytes(StandardCharsets.UTF_8));

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    it.pis.gateway.journal.JournalCipher journalCipher;
    @LocalServerPort
    int httpPort;

    @AfterAll
    static void dropSchema() throws Exception {
        try (var c = DriverManager.getConnection(URL, "postgres", "")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void journalIsPostgresAndKeepsTheRawMessage() throws Exception {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
        String id = uniqueId();
        String er7 = adtA04(id, "Lorusso", "Tecla", null);

        Terser first = send(er7);
        Terser second = send(er7);

        assertThat(first.get("/MSA-1")).isEqualTo("AA");
        assertThat(second.get("/MSA-1")).isEqualTo("AA");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE external_id = ?", Integer.class, id)).isEqualTo(1);
        byte[] sealed = jdbc.queryForObject("SELECT raw FROM inbound_message WHERE external_id = ? AND outcome = 'ACCEPTED'",
                byte[].class, id);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Lorusso");
        assertThat(jdbc.queryForObject("SELECT body FROM report WHERE external_id = ?", String.class, id))
                .doesNotContain("Lorusso");
        assertThat(jdbc.queryForObject("SELECT body_key_id FROM report WHERE external_id = ?", String.class, id))
                .isEqualTo("pg-1");
        byte[] raw = it.pis.gateway.journal.OpenedJournalRows.raw(jdbc, journalCipher, "external_id = ? AND outcome = 'ACCEPTED'", id);
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).isEqualTo(er7);
        assertThat(it.pis.gateway.journal.OpenedJournalRows.body(jdbc, journalCipher, "external_id = ?", id))
                .contains("\"familyName\":\"Lorusso\"");
    }

    @Test
    void journalDownMeansAeAndNothingAcceptedThenAaOnceItIsBack() throws Exception {
        String id = uniqueId();
        jdbc.execute("ALTER TABLE report RENAME TO report_offline");
        try {
            Terser ack = send(adtA04(id, "Fermo", "Dati", null));
            assertThat(ack.get("/MSA-1")).isEqualTo("AE");
            assertThat(ack.get("/MSA-3")).contains("NOT stored", "resend");
            HttpResponse<String> staff = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/api/reports")).header("Authorization", DEMO_OPERATOR)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(staff.statusCode()).isEqualTo(503);
            assertThat(staff.body()).contains("journal unavailable");
        } finally {
            jdbc.execute("ALTER TABLE report_offline RENAME TO report");
        }
        assertThat(send(adtA04(id, "Fermo", "Dati", null)).get("/MSA-1")).isEqualTo("AA");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE external_id = ?", Integer.class, id)).isEqualTo(1);
    }

    private static Terser send(String er7) throws Exception {
        try (HapiContext hapi = new DefaultHapiContext()) {
            Connection connection = hapi.newClient("127.0.0.1", MLLP_PORT, false);
            try {
                return new Terser(connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(er7)));
            } finally {
                connection.close();
            }
        }
    }

}
