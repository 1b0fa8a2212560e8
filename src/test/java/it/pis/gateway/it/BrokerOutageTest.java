package it.pis.gateway.it;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import it.pis.gateway.publishing.BrokerHealth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production shape's broker (an Artemis of its own, over TCP, the client reconnecting for ever
 * as a failover set-up does) stops while hospitals send: every message is still answered AA within
 * an HL7 engine's ordinary read timeout, and the broker's health is DEGRADED (not DOWN). When the
 * broker is back, every report that was ACKed is published, each once, and each connection's
 * reports in the order they were sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class BrokerOutageTest {

    static final ArtemisBroker BROKER = new ArtemisBroker().start();
    static final int MLLP_PORT = FreePorts.next();
    /** What an HL7 engine waits for an ACK before it gives up and resends. */
    static final int CLIENT_READ_TIMEOUT_MS = 10_000;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) throws IOException {
        registry.add("spring.artemis.mode", () -> "native");
        registry.add("spring.artemis.broker-url", BROKER::reconnectingUrl);
        registry.add("spring.artemis.embedded.enabled", () -> false);
        registry.add("pis.data-dir", Files.createTempDirectory("pis-outage-")::toString);
        registry.add("pis.tls.certs-dir", Files.createTempDirectory("pis-outage-certs-")::toString);
        registry.add("pis.mllp.port", () -> MLLP_PORT);
        registry.add("pis.mllps.port", FreePorts::next);
        registry.add("pis.partner.https-port", FreePorts::next);
        // small batches, so that the outage's reports go out in several
        registry.add("pis.outbox.relay-batch", () -> 7);
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    BrokerHealth brokerHealth;
    /** After the gateway (closed after each test), whose client would keep reconnecting to a broker stopped under it. */
    @AfterAll
    static void stopBroker() {
        BROKER.stop();
    }

    @Test
    void acksGoOnWhileTheBrokerIsDownAndEveryReportIsPublishedOnceWhenItIsBack() throws Exception {
        List<List<String>> connections = new ArrayList<>(sendFromHospitals(1, 3));

        BROKER.stop();
        connections.addAll(sendFromHospitals(4, 40));
        awaitDegraded();
        BROKER.start();

        List<String> reportIds = connections.stream().flatMap(List::stream).toList();
        List<String> published = receive(reportIds.size());
        assertThat(published).containsExactlyInAnyOrderElementsOf(reportIds);
        for (List<String> connection : connections) {
            assertThat(published.stream().filter(connection::contains).toList())
                    .as("one connection's reports on the queue, in the order they were sent").isEqualTo(connection);
        }
        awaitEmptyOutbox();
        assertThat(receive(1)).as("a report published twice").isEmpty();
    }

    /** {@code connections} hospitals' engines at once, each sending {@code perConnection} messages; the report ids of each one's AAs. */
    private static List<List<String>> sendFromHospitals(int connections, int perConnection) throws Exception {
        ExecutorService engines = Executors.newFixedThreadPool(connections);
        try {
            List<Future<List<String>>> sent = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                sent.add(engines.submit((Callable<List<String>>) () -> sendOneByOne(perConnection)));
            }
            List<List<String>> ids = new ArrayList<>();
            for (Future<List<String>> s : sent) {
                ids.add(s.get());
            }
            return ids;
        } finally {
            engines.shutdown();
        }
    }

    private static List<String> sendOneByOne(int count) throws IOException {
        List<String> ids = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", MLLP_PORT)) {
            socket.setSoTimeout(CLIENT_READ_TIMEOUT_MS);
            for (int i = 0; i < count; i++) {
                byte[] message = adtA04(uniqueId(), "Esposito", "Gennaro", null).getBytes(StandardCharsets.ISO_8859_1);
                socket.getOutputStream().write(0x0B);
                socket.getOutputStream().write(message);
                socket.getOutputStream().write(new byte[]{0x1C, 0x0D});
                socket.getOutputStream().flush();
                String ack = readBlock(socket.getInputStream());
                assertThat(ack).contains("MSA|AA|");
                ids.add(ack.replaceAll("(?s).*MSA\\|AA\\|[^|]*\\|report ([0-9a-f-]{36}).*", "$1"));
            }
        }
        return ids;
    }

    private static String readBlock(InputStream in) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (int b = in.read(); b != 0x1C; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed before the ACK");
            }
            if (b != 0x0B) {
                block.write(b);
            }
        }
        in.read();
        return block.toString(StandardCharsets.ISO_8859_1);
    }

    /** Up to {@code count} report ids from pis.reports, as a staff consumer reads them (waiting up to 30 s for each). */
    private static List<String> receive(int count) throws Exception {
        List<String> ids = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(BROKER.url());
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("pis.reports"));
            for (int i = 0; i < count; i++) {
                Message message = consumer.receive(ids.size() < count && count > 1 ? 30_000 : 2_000);
                if (message == null) {
                    break;
                }
                assertThat(message.getStringProperty("JMSXGroupID")).as("the partner's message group")
                        .isEqualTo("ospedale-san-carlo");
                ids.add(message.getStringProperty("reportId"));
            }
        }
        return ids;
    }

    private void awaitDegraded() {
        await("broker health while the broker is stopped").atMost(Duration.ofSeconds(30))
                .until(() -> brokerHealth.health().getStatus(), BrokerHealth.DEGRADED::equals);
    }

    private void awaitEmptyOutbox() throws InterruptedException {
        for (int i = 0; i < 300 && jdbc.queryForObject("SELECT count(*) FROM report_outbox", Integer.class) > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report_outbox", Integer.class)).isZero();
    }
}
