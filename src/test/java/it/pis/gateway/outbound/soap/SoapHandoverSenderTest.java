package it.pis.gateway.outbound.soap;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.crypto.CertificateTrust;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.OutboundTls;
import it.pis.gateway.crypto.Pem;
import it.pis.gateway.outbound.DeliveryAttempt;
import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.outbound.OutboundEndpoints;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.inbound.soap.WsSecurityCheck;
import it.pis.gateway.receivers.SoapReceiver;
import org.apache.xml.security.c14n.Canonicalizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SOAP transport without Spring against real partners on this machine: the CXF receiver that
 * verifies the WS-Security signature (SoapReceiver), a partner that is slow, one whose certificate
 * does not name the host, one that is down and a plain HTTPS server answering HTML errors.
 */
class SoapHandoverSenderTest {

    static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    @TempDir
    static Path certs;
    static GatewayKeys keys;
    static OutboundTls tls;
    final List<AutoCloseable> running = new ArrayList<>();
    final SoapReplies replies = new SoapReplies();

    @BeforeAll
    static void pki() {
        DevCertificates.ensure(certs, List.of());
        keys = new GatewayKeys(certs.resolve("gateway.crt"), certs.resolve("gateway.key"), certs.resolve("dev-ca.crt"));
        tls = new OutboundTls(keys);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
    }

    @Test
    void aReceiptIsAcknowledgedAndTheEnvelopeOnTheWireIsTheJournaledOnePlusAModiSignature() throws Exception {
        SoapReceiver receiver = receiver();
        SoapHandoverSender sender = sender(Duration.ofSeconds(20));
        DeliveryAttempt attempt = attempt(receiver.url(), 1);

        DeliveryResult result = replies.outcome(sender.send(attempt));

        assertThat(result).isInstanceOf(DeliveryResult.Acknowledged.class);
        String protocolId = receiver.protocolId(attempt.messageId());
        assertThat(protocolId).startsWith("QMI-2026-");
        assertThat(result.detail()).startsWith("receipt " + protocolId + ", received at ");
        assertThat(result.receipt().kind()).isEqualTo("SOAP response (HTTP 200)");
        assertThat(new String(result.receipt().content(), StandardCharsets.UTF_8)).contains("<protocolId>" + protocolId);
        assertThat(receiver.count(attempt.messageId())).isEqualTo(1);
        assertThat(receiver.clientCertificates()).singleElement().asString().contains("CN=localhost");

        byte[] onTheWire = receiver.requests(attempt.messageId()).get(0);
        Document signed = parse(onTheWire);
        Element security = (Element) signed.getElementsByTagNameNS(InterventiContract.WSSE, "Security").item(0);
        assertThat(security.getAttributeNS(InterventiContract.SOAP11, "mustUnderstand")).isEqualTo("1");
        assertThat(algorithm(security, "SignatureMethod")).containsExactly("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        assertThat(algorithm(security, "DigestMethod")).containsOnly("http://www.w3.org/2001/04/xmlenc#sha256");
        assertThat(algorithm(security, "CanonicalizationMethod")).containsExactly("http://www.w3.org/2001/10/xml-exc-c14n#");
        assertThat(security.getElementsByTagNameNS(InterventiContract.WSSE, "BinarySecurityToken").getLength()).isEqualTo(1);
        assertThat(security.getElementsByTagNameNS(DSIG, "Signature").getLength()).isEqualTo(1);
        String timestampId = ((Element) security.getElementsByTagNameNS(InterventiContract.WSU, "Timestamp").item(0))
                .getAttributeNS(InterventiContract.WSU, "Id");
        assertThat(references(security)).containsExactlyInAnyOrder("#" + SoapHandoverRenderer.BODY_ID, "#" + timestampId,
                "#" + SoapHandoverRenderer.MESSAGE_ID_ID, "#" + SoapHandoverRenderer.TO_ID, "#" + SoapHandoverRenderer.ACTION_ID);

        assertThat(new WsSecurityCheck(new CertificateTrust(keys.trustedCas(), List.of(), Clock.systemUTC()),
                Duration.ofMinutes(5), Duration.ofMinutes(1), Clock.systemUTC()).verify(parse(onTheWire)))
                .as("the gateway's own ModI ID_AUTH_SOAP_01 check, the one partners must pass, accepts it")
                .isEqualTo(keys.certificate());

        security.getParentNode().removeChild(security);
        assertThat(canonical(signed)).as("what arrived, less wsse:Security, is the journaled document")
                .isEqualTo(canonical(parse(attempt.content())));
    }

    @Test
    void everyAttemptIsSignedAfreshUnderTheSameMessageIdAndOneClientServesTheEndpoint() throws Exception {
        SoapReceiver receiver = receiver();
        SoapHandoverSender sender = sender(Duration.ofSeconds(20));
        DeliveryAttempt first = attempt(receiver.url(), 1);
        DeliveryAttempt second = new DeliveryAttempt(first.deliveryId(), first.handoverId(), first.partnerId(),
                first.recipient(), first.channel(), first.format(), first.endpoint(), first.messageId(),
                first.contentType(), first.content(), 2);

        DeliveryResult one = replies.outcome(sender.send(first));
        Thread.sleep(5);
        DeliveryResult two = replies.outcome(sender.send(second));

        assertThat(one).isInstanceOf(DeliveryResult.Acknowledged.class);
        assertThat(two).isInstanceOf(DeliveryResult.Acknowledged.class);
        assertThat(two.detail()).contains(receiver.protocolId(first.messageId()), "a resend: the partner had it already");
        assertThat(receiver.messageIds()).containsExactly(Map.entry(first.messageId(), 2));
        List<byte[]> sent = receiver.requests(first.messageId());
        assertThat(sent).hasSize(2);
        assertThat(text(sent.get(0), DSIG, "SignatureValue")).isNotEqualTo(text(sent.get(1), DSIG, "SignatureValue"));
        assertThat(text(sent.get(0), InterventiContract.WSU, "Created"))
                .isNotEqualTo(text(sent.get(1), InterventiContract.WSU, "Created"));
        assertThat(sender.clients()).isEqualTo(1);
    }

    @Test
    void concurrentAttemptsOnOneEndpointEachGetTheirOwnAnswer() throws Exception {
        SoapReceiver receiver = receiver();
        SoapHandoverSender sender = sender(Duration.ofSeconds(30));
        List<DeliveryAttempt> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attempts.add(attempt(receiver.url(), 1));
        }
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<DeliveryResult>> results = new ArrayList<>();
            for (DeliveryAttempt a : attempts) {
                results.add(threads.submit(() -> replies.outcome(sender.send(a))));
            }
            for (int i = 0; i < attempts.size(); i++) {
                DeliveryResult result = results.get(i).get(60, TimeUnit.SECONDS);
                String messageId = attempts.get(i).messageId();
                assertThat(result).isInstanceOf(DeliveryResult.Acknowledged.class);
                assertThat(result.detail()).startsWith("receipt " + receiver.protocolId(messageId) + ",");
                assertThat(receiver.count(messageId)).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(sender.clients()).isEqualTo(1);
    }

    @Test
    void aServerFaultFailsTheAttemptAndAClientFaultRefusesTheDelivery() {
        SoapReceiver receiver = receiver();
        SoapHandoverSender sender = sender(Duration.ofSeconds(20));

        receiver.mode(SoapReceiver.Mode.SERVER_FAULT);
        DeliveryResult server = replies.outcome(sender.send(attempt(receiver.url(), 1)));
        receiver.mode(SoapReceiver.Mode.CLIENT_FAULT);
        DeliveryResult client = replies.outcome(sender.send(attempt(receiver.url(), 1)));

        assertThat(server).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(server.detail()).isEqualTo("HTTP 500, fault soap:Server: protocol register temporarily unavailable,"
                + " resend later [UNAVAILABLE]");
        assertThat(server.receipt().kind()).isEqualTo("SOAP fault (HTTP 500)");
        assertThat(client).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(client.detail()).isEqualTo("HTTP 500, fault soap:Client: this office is not competent for the case:"
                + " not registered [NOT_COMPETENT]");
        assertThat(new String(client.receipt().content(), StandardCharsets.UTF_8)).contains("faultcode", "NOT_COMPETENT");
    }

    @Test
    void aReceiverRefusesATamperedAReplayedOrAnUnsignedEnvelopeAndCountsNone() throws Exception {
        SoapReceiver receiver = receiver();
        DeliveryAttempt attempt = attempt(receiver.url(), 1);
        replies.outcome(sender(Duration.ofSeconds(20)).send(attempt));
        String signed = new String(receiver.requests(attempt.messageId()).get(0), StandardCharsets.UTF_8);
        String tampered = signed.replace("<familyName>Esposito</familyName>", "<familyName>Espositi</familyName>");
        assertThat(tampered).isNotEqualTo(signed);
        // a partner that never saw this envelope, so that its replay cache does not answer first
        SoapReceiver fresh = receiver();

        HttpResponse<String> altered = post(fresh.url(), tampered);
        HttpResponse<String> replayed = post(receiver.url(), signed);
        HttpResponse<String> unsigned = post(fresh.url(), new String(attempt.content(), StandardCharsets.UTF_8));

        assertThat(altered.statusCode()).isEqualTo(500);
        assertThat(altered.body()).contains("faultcode", ":FailedCheck<");
        assertThat(replayed.statusCode()).isEqualTo(500);
        assertThat(replayed.body()).contains("A replay attack has been detected");
        assertThat(unsigned.statusCode()).isEqualTo(500);
        assertThat(unsigned.body()).contains(":InvalidSecurity<");
        assertThat(receiver.count(attempt.messageId())).isEqualTo(1);
        assertThat(fresh.count(attempt.messageId())).isZero();
        assertThat(fresh.refusals()).hasSize(2);
    }

    @Test
    void aPartnerThatDoesNotAnswerInTimeFailsTheAttemptNamingTheSetting() {
        SoapReceiver receiver = receiver().delay(Duration.ofSeconds(4));
        SoapHandoverSender sender = sender(Duration.ofSeconds(1));

        assertThatThrownBy(() -> sender.send(attempt(receiver.url(), 1)))
                .isInstanceOf(SoapUnreachable.class)
                .hasMessage("no answer from " + receiver.url() + ": no answer within PT1S (pis.outbound.soap.receive-timeout)");
    }

    @Test
    void aPartnerThatIsDownOrWhoseCertificateDoesNotNameTheHostIsUnreachable() throws Exception {
        int nobody = new SoapReceiver(certs, 0).port();
        SoapHandoverSender sender = sender(Duration.ofSeconds(5));
        DevCertificates.Issued ca = new DevCertificates.Issued(Pem.readCertificate(certs.resolve("dev-ca.crt")),
                Pem.readPrivateKey(certs.resolve("dev-ca.key")), null);
        DevCertificates.Issued elsewhere = DevCertificates.issue(ca, "pis-gw.questura-mi.example",
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), false);
        SoapReceiver impostor = new SoapReceiver(elsewhere, List.of(ca.certificate()), 0).start();
        running.add(impostor);

        assertThatThrownBy(() -> sender.send(attempt("https://localhost:" + nobody + "/soap/interventi", 1)))
                .isInstanceOf(SoapUnreachable.class).hasMessageEndingWith(": connection refused");
        assertThatThrownBy(() -> sender.send(attempt(impostor.url(), 1)))
                .isInstanceOf(SoapUnreachable.class).hasMessageContaining(": TLS refused: ");
        assertThat(impostor.requests()).isEmpty();
        assertThat(replies.unreachable(new SoapUnreachable("no answer from x: connection refused", null)))
                .isInstanceOf(DeliveryResult.Failed.class);
    }

    @Test
    void anHttpErrorWithoutSoapIsKeptAsReceiptAndJudgedByItsStatus() throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls(SoapReceiver.localhostIdentity(certs))));
        server.createContext("/down", exchange -> {
            byte[] page = "<html><body>503 Service Unavailable</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(503, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.createContext("/gone", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        running.add(() -> server.stop(0));
        String base = "https://localhost:" + server.getAddress().getPort();
        SoapHandoverSender sender = sender(Duration.ofSeconds(5));

        SoapReply down = sender.send(attempt(base + "/down", 1));
        DeliveryResult downResult = replies.outcome(down);
        DeliveryResult gone = replies.outcome(sender.send(attempt(base + "/gone", 1)));

        assertThat(down.status()).isEqualTo(503);
        assertThat(downResult).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(downResult.detail()).isEqualTo("HTTP 503 without a SOAP fault");
        assertThat(downResult.receipt().kind()).isEqualTo("HTTP 503");
        assertThat(downResult.receipt().contentType()).isEqualTo("text/html");
        assertThat(downResult.receipt().content()).asString(StandardCharsets.UTF_8).contains("503 Service Unavailable");
        assertThat(gone).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(gone.detail()).startsWith("HTTP 404 without a SOAP fault");
    }

    SoapReceiver receiver() {
        SoapReceiver receiver = new SoapReceiver(certs, 0).start();
        running.add(receiver);
        return receiver;
    }

    SoapHandoverSender sender(Duration receiveTimeout) {
        SoapHandoverSender sender = new SoapHandoverSender(keys, tls, new SoapHandoverSender.Settings(
                Duration.ofSeconds(5), receiveTimeout, Duration.ofMinutes(5), 1024 * 1024));
        running.add(sender);
        return sender;
    }

    static DeliveryAttempt attempt(String endpoint, int number) {
        Agreement questura = SoapCases.agreement("questura-milano");
        UUID delivery = UUID.randomUUID();
        var document = SoapCases.document(questura);
        var withDelivery = new it.pis.gateway.handover.HandoverDocument(document.handoverId(), delivery,
                document.createdAt(), document.author(), document.confidentiality(), document.sender(),
                document.recipient(), document.person(), document.location(), document.needs(), document.narrative(),
                document.contact(), document.summary(), document.assessment(), document.actions(),
                document.interventions(), document.placement(), document.urgentHelpProject(),
                document.judicialNotices(), document.attachments(), document.shared(), document.withheld());
        Rendered rendered = new SoapHandoverRenderer(new OutboundEndpoints(Map.of("questura-milano", endpoint)))
                .render(withDelivery, questura);
        return new DeliveryAttempt(delivery, document.handoverId(), "questura-milano", questura, "soap",
                SoapHandoverRenderer.FORMAT, endpoint, rendered.messageId(), rendered.contentType(), rendered.content(),
                number);
    }

    static HttpResponse<String> post(String url, String envelope) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls.sslContext()).build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"" + InterventiContract.ACTION + "\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static SSLContext serverTls(DevCertificates.Issued identity) throws Exception {
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(DevCertificates.pkcs12("server", identity), DevCertificates.DEV_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(km.getKeyManagers(), null, null);
        return context;
    }

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    static byte[] canonical(Node node) throws Exception {
        org.apache.xml.security.Init.init();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS).canonicalizeSubtree(node, out);
        return out.toByteArray();
    }

    static List<String> algorithm(Element security, String localName) {
        List<String> algorithms = new ArrayList<>();
        var nodes = security.getElementsByTagNameNS(DSIG, localName);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element method = (Element) nodes.item(i);
            if (localName.equals("CanonicalizationMethod") && !"SignedInfo".equals(method.getParentNode().getLocalName())) {
                continue;
            }
            algorithms.add(method.getAttribute("Algorithm"));
        }
        return algorithms;
    }

    static Set<String> references(Element security) {
        Set<String> uris = new HashSet<>();
        var nodes = security.getElementsByTagNameNS(DSIG, "Reference");
        for (int i = 0; i < nodes.getLength(); i++) {
            uris.add(((Element) nodes.item(i)).getAttribute("URI"));
        }
        return uris;
    }

    static String text(byte[] xml, String ns, String localName) throws Exception {
        return parse(xml).getElementsByTagNameNS(ns, localName).item(0).getTextContent();
    }
}
