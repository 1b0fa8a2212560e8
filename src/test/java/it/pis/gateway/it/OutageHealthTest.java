package it.pis.gateway.it;

import it.pis.gateway.security.DemoUsers;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What partners and probes see when the broker or the journal database is gone, on the production
 * shape: an external broker (here none at all answers on its address) and a journal database over
 * the network (an H2 server over TCP that the test stops and starts again).
 * <ul>
 * <li>Broker down: messages are answered AA; /actuator/health says DEGRADED with HTTP 200, readiness
 * stays UP (a load balancer keeps the node: it still stores durably).</li>
 * <li>Journal database cut: messages are answered AE with the documented "journal unavailable" cause,
 * never AA; readiness is DOWN (503); once the database is back, readiness is UP and messages are AA
 * again, with no restart.</li>
 * </ul>
 * Every health answer is awaited with a client timeout of two seconds: a check that waited for a
 * connection timeout would fail the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class OutageHealthTest {

    static final int DB_PORT = FreePorts.next();
    static final Path DB_DIR = tempDir();
    static Server database = startDatabase();
    static final int MLLP_PORT = FreePorts.next();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString((DemoUsers.USERS.get(1).username() + ":"
            + DemoUsers.USERS.get(1).password()).getBytes(StandardCharsets.UTF_8));

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) throws IOException {
        registry.add("spring.datasource.url", () -> "jdbc:h2:tcp://127.0.0.1:" + DB_PORT
                + "/journal;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        registry.add("spring.artemis.mode", () -> "native");
        registry.add("spring.artemis.broker-url", () -> "tcp://127.0.0.1:" + FreePorts.next());
        registry.add("spring.artemis.embedded.enabled", () -> false);
        registry.add("pis.data-dir", () -> DB_DIR.resolve("data").toString());
        registry.add("pis.tls.certs-dir", () -> DB_DIR.resolve("certs").toString());
        registry.add("pis.mllp.port", () -> MLLP_PORT);
        registry.add("pis.mllps.port", FreePorts::next);
        registry.add("pis.partner.https-port", FreePorts::next);
    }

    @LocalServerPort
    int httpPort;

    @AfterAll
    static void stopDatabase() {
        database.stop();
    }

    @Test
    void brokerDownIsDegradedButReadyAndMessagesAreStillAccepted() throws Exception {
        assertThat(send(adtA04(uniqueId(), "Colombo", "Rita", null))).contains("MSA|AA|");
        awaitHealth("/actuator/health", "DEGRADED");

        HttpResponse<String> health = get("/actuator/health", ADMIN);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"broker\":{", "\"status\":\"DEGRADED\"", "wait in the journal's outbox");
        assertThat(get("/actuator/health/readiness", null).body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/actuator/health/liveness", null).body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void aDatabaseCutIsAnsweredJournalUnavailableAndNotReadyThenRecoversByItself() throws Exception {
        awaitHealth("/actuator/health/readiness", "UP");
        database.stop();
        try {
            String ack = send(adtA04(uniqueId(), "Colombo", "Rita", null));
            assertThat(ack).contains("MSA|AE|").contains("journal unavailable", "NOT stored, please resend")
                    .doesNotContain("internal error");
            HttpResponse<String> readiness = get("/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).isEqualTo("{\"status\":\"DOWN\"}");
            assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        } finally {
            database = startDatabase();
        }
        awaitHealth("/actuator/health/readiness", "UP");
        assertThat(send(adtA04(uniqueId(), "Colombo", "Rita", null))).contains("MSA|AA|");
    }

    private void awaitHealth(String path, String status) throws Exception {
        String body = "";
        for (int i = 0; i < 100 && !body.contains("\"status\":\"" + status + "\"}"); i++) {
            Thread.sleep(100);
            body = get(path, null).body();
        }
        assertThat(body).endsWith("\"status\":\"" + status + "\"}");
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(2));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One message on a fresh connection, with an HL7 engine's ordinary read timeout; the ACK. */
    private static String send(String er7) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", MLLP_PORT)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(0x0B);
            socket.getOutputStream().write(er7.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(new byte[]{0x1C, 0x0D});
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream ack = new ByteArrayOutputStream();
            for (int b = in.read(); b != 0x1C; b = in.read()) {
                if (b < 0) {
                    throw new IOException("closed before the ACK");
                }
                ack.write(b);
            }
            return ack.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static Server startDatabase() {
        try {
            return Server.createTcpServer("-tcpPort", String.valueOf(DB_PORT), "-baseDir", DB_DIR.toString(),
                    "-ifNotExists").start();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("pis-outage-health-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
