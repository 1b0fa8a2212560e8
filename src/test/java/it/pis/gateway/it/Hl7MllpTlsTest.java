package it.pis.gateway.it;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.SocketFactory;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.DevCertificates.Issued;
import it.pis.gateway.crypto.Pem;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MLLP over TLS (pis.mllps.port) with HAPI's own MLLP client: the client certificate decides the
 * partner, and MSH-4 must be that partner's.
 */
class Hl7MllpTlsTest extends GatewayIntegrationTest {

    @Test
    void theHospitalWithItsOwnCertificateAndMsh4IsAccepted() throws Exception {
        String id = uniqueId();
        Terser ack = new Terser(sendOverTls(keys("ospedale-san-carlo"), adtA04(id, "Rossi", "Mario", null)));

        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        String reportId = ack.get("/MSA-3").replace("report ", "");
        assertThat(get("/api/reports/" + reportId).body()).contains("\"externalId\":\"" + id + "\"", "\"channel\":\"hl7v2-mllp\"");
    }

    @Test
    void aHospitalCertificateSendingAnotherHospitalsMsh4IsRefusedNamingBoth() throws Exception {
        Path second = AGREEMENTS.resolve("ospedale-tls-test.yaml");
        Files.writeString(second, Files.readString(AGREEMENTS.resolve("ospedale-san-carlo.yaml"))
                .replace("id: ospedale-san-carlo", "id: ospedale-tls-test")
                .replace("sendingFacility: OSPSANCARLO", "sendingFacility: OSPTLSTEST")
                .replace("certificate: ospedale-san-carlo.crt", "certificate: ospedale-tls-test.crt"));
        try {
            assertThat(post("/api/admin/agreements/reload", null).statusCode()).isEqualTo(200);

            Terser ack = new Terser(sendOverTls(keys("ospedale-tls-test"), adtA04(uniqueId(), "Rossi", "Mario", null)));

            assertThat(ack.get("/MSA-1")).isEqualTo("AR");
            assertThat(ack.get("/MSA-3")).startsWith("identity mismatch");
            assertThat(ack.get("/ERR-8")).contains("certificate is agreement ospedale-tls-test's",
                    "MSH-4 (sending facility) 'OSPSANCARLO' is agreement ospedale-san-carlo's");
            assertThat(ack.get("/ERR-3-1")).isEqualTo("204");
        } finally {
            Files.delete(second);
            post("/api/admin/agreements/reload", null);
        }
    }

    @Test
    void aCertificateOfAPartnerWithoutAnHl7ChannelIsRefused() throws Exception {
        Terser ack = new Terser(sendOverTls(keys("csm-milano-nord"), adtA04(uniqueId(), "Rossi", "Mario", null)));

        assertThat(ack.get("/MSA-1")).isEqualTo("AR");
        assertThat(ack.get("/MSA-3")).startsWith("client certificate refused");
        assertThat(ack.get("/ERR-8")).contains("belongs to agreement csm-milano-nord, which may not send on hl7v2-mllp");
    }

    @Test
    void expiredUnknownAndUntrustedCertificatesAreRefusedWithTheReason() throws Exception {
        Issued ca = new Issued(Pem.readCertificate(CERTS.resolve("dev-ca.crt")), Pem.readPrivateKey(CERTS.resolve("dev-ca.key")), null);
        Issued expired = DevCertificates.issue(ca, "expired", Instant.now().minus(Duration.ofDays(30)),
                Instant.now().minus(Duration.ofDays(1)), false);
        Issued unknown = DevCertificates.issue(ca, "unknown", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), false);
        Issued otherCa = DevCertificates.newCa("Not the gateway's CA", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        Issued untrusted = DevCertificates.issue(otherCa, "ospedale-san-carlo", Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600), false);

        assertThat(refusal(expired)).contains("expired on");
        assertThat(refusal(unknown)).contains("CN=unknown", "is not named by any agreement");
        assertThat(refusal(untrusted)).contains("not issued by a CA the gateway trusts");
    }

    @Test
    void aClientWithoutCertificateGetsNoAnswer() throws Exception {
        int firstByte;
        try (Socket socket = PartnerClient.sslContext(CERTS, null).getSocketFactory().createSocket("localhost", MLLPS_PORT)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(frame(adtA04(uniqueId(), "Rossi", "Mario", null).getBytes(LATIN1)));
            firstByte = socket.getInputStream().read();
        } catch (IOException refusedInTheHandshake) {
            firstByte = -2;
        }
        assertThat(firstByte).as("no ACK (0x0B) without a client certificate").isNegative();
    }

    private String refusal(Issued certificate) throws Exception {
        Terser ack = new Terser(sendOverTls(DevCertificates.pkcs12("client", certificate), adtA04(uniqueId(), "Rossi", "Mario", null)));
        assertThat(ack.get("/MSA-1")).isEqualTo("AR");
        assertThat(ack.get("/MSA-3")).startsWith("client certificate refused");
        return ack.get("/ERR-8");
    }

    private static KeyStore keys(String partner) {
        return PartnerClient.loadPkcs12(CERTS.resolve(partner + ".p12"));
    }

    private static Message sendOverTls(KeyStore clientKeys, String er7) throws Exception {
        SSLContext tls = PartnerClient.sslContext(CERTS, clientKeys);
        try (HapiContext hapi = new DefaultHapiContext()) {
            hapi.setValidationContext(ValidationContextFactory.noValidation());
            hapi.setSocketFactory(new TlsSockets(tls));
            Connection connection = hapi.newClient("localhost", MLLPS_PORT, true);
            try {
                connection.getInitiator().setTimeout(20, java.util.concurrent.TimeUnit.SECONDS);
                return connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(er7));
            } finally {
                connection.close();
            }
        }
    }

    /** HAPI's socket factory with the test partner's TLS context instead of the JVM default. */
    private static final class TlsSockets implements SocketFactory {
        private final SSLContext tls;
        private final StandardSocketFactory plain = new StandardSocketFactory();

        TlsSockets(SSLContext tls) {
            this.tls = tls;
        }

        @Override
        public Socket createSocket() throws IOException {
            return plain.createSocket();
        }

        @Override
        public Socket createTlsSocket() throws IOException {
            return tls.getSocketFactory().createSocket();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return plain.createServerSocket();
        }

        @Override
        public ServerSocket createTlsServerSocket() throws IOException {
            return plain.createTlsServerSocket();
        }

        @Override
        public void configureNewAcceptedSocket(Socket socket) throws SocketException {
            plain.configureNewAcceptedSocket(socket);
        }
    }
}
