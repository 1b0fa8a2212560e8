package it.pis.gateway.outbound.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.OutboundTls;
import it.pis.gateway.crypto.Pem;
import it.pis.gateway.mllp.MllpFrame;
import it.pis.gateway.mllp.MllpFrameDecoderFactory;
import it.pis.gateway.mllp.MllpFrameEncoder;
import it.pis.gateway.outbound.DeliveryAttempt;
import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.receivers.MllpReceiver;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/hl7v2-mllp-out.yaml on a plain Camel context (no Spring): with the receiver replaced by a
 * mock that answers a given ACK, what the route makes of AA, AE, AR, a foreign MSA-2 and garbage;
 * then over real sockets: HAPI's server, a refused connection, a receiver that never answers.
 */
class Hl7MllpOutRouteTest extends CamelTestSupport {

    static final String MESSAGE_ID = "AGJUUYL5UHUBTQ5D4KUQ";
    static final byte[] CONTENT = ("MSH|^~\\&|PIS-GATEWAY|PIS||OSPSANCARLO|20261126034700+0100||MDM^T02^MDM_T02|"
            + MESSAGE_ID + "|P|2.5|||||||UNICODE UTF-8\rEVN|T02|20261126034700+0100\rPID|1||DMTNCL58C14F205R^^^MEF^CF"
            + "||D’Amato^Nicolò\rPV1|1|N\rTXA|1|TS|TX|20261126034700+0100\r"
            + "OBX|1|TX|PIS-SINTESI^Documento di sintesi dell'intervento^L||Città: àèéìòù – l’unità||||||F\r")
            .getBytes(StandardCharsets.UTF_8);
    static final MllpReceiver RECEIVER = new MllpReceiver().start();

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        return PluginHelper.getRoutesLoader(context).findRoutesBuilders(
                PluginHelper.getResourceLoader(context).resolveResource("file:routes/hl7v2-mllp-out.yaml"))
                .toArray(RoutesBuilder[]::new);
    }

    static final Path CERTS = certs();

    @Override
    protected void bindToRegistry(Registry registry) {
        GatewayKeys keys = new GatewayKeys(CERTS.resolve("gateway.crt"), CERTS.resolve("gateway.key"),
                CERTS.resolve("dev-ca.crt"));
        registry.bind("mllpTlsClient", new MdmConfiguration().mllpTlsClient(new OutboundTls(keys)));
        registry.bind("mllpDelivery", new MllpDelivery(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        registry.bind("mllpDecoder", new MllpFrameDecoderFactory(1_000_000));
        registry.bind("mllpEncoder", new MllpFrameEncoder());
        HapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        registry.bind("ackParser", hapi.getPipeParser());
    }

    @Test
    void aaIsAcknowledgedWithTheAckAsReceiptAndTheJournaledBytesLeaveUnchanged() throws Exception {
        MockEndpoint receiver = receiverAnswers(ack("AA", MESSAGE_ID, "documento archiviato"));

        DeliveryResult result = deliver(attempt("mllp://hl7.sancarlo.example:2575"));

        assertThat(result).isInstanceOf(DeliveryResult.Acknowledged.class);
        assertThat(result.detail()).isEqualTo("AA: documento archiviato");
        assertThat(result.receipt().kind()).isEqualTo("HL7 ACK");
        assertThat(result.receipt().content()).isEqualTo(ack("AA", MESSAGE_ID, "documento archiviato"));
        assertThat(receiver.getReceivedExchanges()).singleElement()
                .satisfies(e -> assertThat(e.getMessage().getBody(byte[].class)).isEqualTo(CONTENT));
    }

    @Test
    void aeIsAFailedAttemptThatWillBeRetried() throws Exception {
        receiverAnswers(ack("AE", MESSAGE_ID, "archivio non disponibile"));

        DeliveryResult result = deliver(attempt("mllp://hl7.sancarlo.example:2575"));

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).isEqualTo("AE: archivio non disponibile");
        assertThat(result.receipt().content()).isEqualTo(ack("AE", MESSAGE_ID, "archivio non disponibile"));
    }

    @Test
    void arIsRefusedForGood() throws Exception {
        receiverAnswers(ack("AR", MESSAGE_ID, "paziente sconosciuto"));

        DeliveryResult result = deliver(attempt("mllp://hl7.sancarlo.example:2575"));

        assertThat(result).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(result.detail()).isEqualTo("AR: paziente sconosciuto");
    }

    @Test
    void anAckForAnotherMessageIsAFailedAttemptEvenWhenItSaysAa() throws Exception {
        receiverAnswers(ack("AA", "SOMEONE-ELSE", "ok"));

        DeliveryResult result = deliver(attempt("mllp://hl7.sancarlo.example:2575"));

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).contains("acknowledges message 'SOMEONE-ELSE' (MSA-2), not " + MESSAGE_ID);
        assertThat(result.receipt()).isNotNull();
    }

    @Test
    void anAnswerThatIsNotAnAckIsAFailedAttemptKeepingWhatCameBack() throws Exception {
        receiverAnswers("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        DeliveryResult result = deliver(attempt("mllp://hl7.sancarlo.example:2575"));

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).startsWith("the answer of mllp://hl7.sancarlo.example:2575 is not a readable HL7 ACK");
        assertThat(new String(result.receipt().content(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400");
    }

    @Test
    void aMalformedEndpointIsAFailedAttemptNamingIt() throws Exception {
        context.start();

        DeliveryResult result = deliver(attempt("http://hl7.sancarlo.example:2575"));

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).contains("'http://hl7.sancarlo.example:2575' of ospedale-san-carlo is not an"
                + " mllp://host:port or mllps://host:port address");
    }

    @Test
    void hapisOwnServerGetsTheExactBytesOverMllpAndItsAaAcknowledges() throws Exception {
        context.start();
        RECEIVER.reset();

        DeliveryResult result = deliver(attempt(RECEIVER.endpoint()));

        assertThat(result).as(result.detail()).isInstanceOf(DeliveryResult.Acknowledged.class);
        assertThat(RECEIVER.count(MESSAGE_ID)).isEqualTo(1);
        assertThat(RECEIVER.bodies().get(0)).isEqualTo(CONTENT);
        assertThat(new String(result.receipt().content(), StandardCharsets.UTF_8)).contains("MSA|AA|" + MESSAGE_ID);
    }

    @Test
    void hapisServerAnsweringAeThenArGivesFailedThenRefused() throws Exception {
        context.start();
        RECEIVER.reset();
        RECEIVER.answerNext(MllpReceiver.Answer.ERROR, MllpReceiver.Answer.REFUSE);

        DeliveryResult error = deliver(attempt(RECEIVER.endpoint()));
        DeliveryResult refusal = deliver(attempt(RECEIVER.endpoint()));

        assertThat(error).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(error.detail()).isEqualTo("AE: document store unavailable, please resend");
        assertThat(refusal).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(refusal.detail()).isEqualTo("AR: no patient for this document in this hospital");
        assertThat(RECEIVER.count(MESSAGE_ID)).isEqualTo(2);
    }

    @Test
    void aRefusedConnectionIsAFailedAttemptNamingTheEndpoint() throws Exception {
        context.start();
        int closed = freePort();

        DeliveryResult result = deliver(attempt("mllp://127.0.0.1:" + closed));

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).startsWith("cannot deliver to mllp://127.0.0.1:" + closed + ": ");
        assertThat(result.receipt()).isNull();
    }

    @Test
    void aReceiverThatNeverAnswersIsAFailedAttemptAfterTheReadTimeout() throws Exception {
        context.start();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread accept = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(5_000);
                } catch (IOException | InterruptedException done) {
                    // the test is over
                }
            });
            accept.start();

            DeliveryResult result = deliver(attempt("mllp://127.0.0.1:" + silent.getLocalPort()));

            assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
            assertThat(result.detail()).isEqualTo("no ACK from mllp://127.0.0.1:" + silent.getLocalPort()
                    + " within PT1S (pis.outbound.mllp.read-timeout)");
            accept.interrupt();
        }
    }

    @Test
    void mllpsGoesOverTlsWithTheGatewaysClientCertificateAndVerifiesTheReceiversName() throws Exception {
        context.start();
        TlsHospital hospital = new TlsHospital(true);

        DeliveryResult result = deliver(attempt("mllps://localhost:" + hospital.port()));
        hospital.close();

        assertThat(result).as(result.detail()).isInstanceOf(DeliveryResult.Acknowledged.class);
        assertThat(result.detail()).isEqualTo("AA: ricevuto su TLS");
        assertThat(hospital.client.get()).contains("CN=localhost");
        assertThat(hospital.received.get()).isEqualTo(CONTENT);
    }

    @Test
    void mllpsRefusesAReceiverWhoseCertificateIsNotForTheHostConnectedTo() throws Exception {
        context.start();
        TlsHospital hospital = new TlsHospital(false);

        DeliveryResult result = deliver(attempt("mllps://localhost:" + hospital.port()));
        hospital.close();

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).startsWith("cannot deliver to mllps://localhost:" + hospital.port())
                .contains("No name matching localhost");
        assertThat(hospital.received.get()).isNull();
    }

    /** A hospital engine over TLS (JDK sockets) that wants a client certificate and answers one AA. */
    private static final class TlsHospital implements AutoCloseable {
        final AtomicReference<String> client = new AtomicReference<>();
        final AtomicReference<byte[]> received = new AtomicReference<>();
        private final SSLServerSocket server;
        private final Thread engine;

        /** @param forLocalhost a certificate naming localhost, else one naming only "ospedale" */
        TlsHospital(boolean forLocalhost) throws Exception {
            DevCertificates.Issued ca = new DevCertificates.Issued(Pem.readCertificate(CERTS.resolve("dev-ca.crt")),
                    Pem.readPrivateKey(CERTS.resolve("dev-ca.key")), null);
            DevCertificates.Issued certificate = DevCertificates.issue(ca, forLocalhost ? "localhost" : "ospedale",
                    Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), forLocalhost);
            SSLContext tls = SSLContext.getInstance("TLS");
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(DevCertificates.pkcs12("hospital", certificate), DevCertificates.DEV_PASSWORD.toCharArray());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("dev-ca", ca.certificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0);
            server.setNeedClientAuth(true);
            engine = new Thread(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    byte[] block = readBlock(socket.getInputStream());
                    client.set(socket.getSession().getPeerPrincipal().getName());
                    received.set(block);
                    byte[] ack = ack("AA", MESSAGE_ID, "ricevuto su TLS");
                    socket.getOutputStream().write(0x0B);
                    socket.getOutputStream().write(ack);
                    socket.getOutputStream().write(new byte[] {0x1C, 0x0D});
                    socket.getOutputStream().flush();
                    Thread.sleep(500);
                } catch (Exception e) {
                    client.set("failed: " + e);
                }
            });
            engine.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
            engine.join(10_000);
        }
    }

    private static byte[] readBlock(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
        int b = in.read();
        while (b != 0x0B) {
            b = in.read();
        }
        int previous = -1;
        while ((b = in.read()) >= 0) {
            if (previous == 0x1C && b == 0x0D) {
                byte[] all = block.toByteArray();
                return java.util.Arrays.copyOf(all, all.length - 1);
            }
            block.write(b);
            previous = b;
        }
        throw new IOException("connection closed inside an MLLP block");
    }

    private static Path certs() {
        try {
            Path dir = Files.createTempDirectory("mllp-out-certs-");
            DevCertificates.ensure(dir, List.of());
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private MockEndpoint receiverAnswers(byte[] answer) throws Exception {
        AdviceWith.adviceWith(context, "hl7v2-mllp-out", route -> route.weaveById("send-to-receiver").replace()
                .to("mock:receiver"));
        MockEndpoint receiver = getMockEndpoint("mock:receiver");
        receiver.whenAnyExchangeReceived(exchange -> exchange.getMessage()
                .setBody(new MllpFrame(answer, false, answer.length)));
        context.start();
        return receiver;
    }

    private DeliveryResult deliver(DeliveryAttempt attempt) {
        return template.requestBody("direct:deliver-hl7v2-mllp", attempt, DeliveryResult.class);
    }

    static DeliveryAttempt attempt(String endpoint) {
        return new DeliveryAttempt(UUID.randomUUID(), UUID.randomUUID(), "ospedale-san-carlo", null, "hl7v2-mllp",
                "hl7v2-mdm", endpoint, MESSAGE_ID, MdmRenderer.CONTENT_TYPE, CONTENT, 1);
    }

    static byte[] ack(String code, String acknowledges, String text) {
        return ("MSH|^~\\&|HIS|OSPSANCARLO|PIS-GATEWAY|PIS|20261126034800+0100||ACK^T02^ACK|ACK0001|P|2.5\r"
                + "MSA|" + code + "|" + acknowledges + "|" + text + "\r").getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
