package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.OutboundTls;
import it.pis.gateway.outbound.SoapWire;
import it.pis.gateway.receivers.SoapReceiver;
import org.apache.xml.security.c14n.Canonicalizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Handovers to the police through the staff API, delivered by the gateway over SOAP with WS-Security
 * to a CXF partner on this machine (SoapReceiver) that verifies the signature over mutual TLS:
 * a receipt acknowledges, a soap:Server fault is retried with a fresh signature, a soap:Client fault
 * refuses at once, and what the partner got is what the journal shows.
 */
class SoapHandoverDeliveryTest extends GatewayIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static SoapReceiver police;

    @BeforeAll
    static void startPolice() {
        // the gateway trusts the development CA of CERTS: make it now if the gateway has not yet
        DevCertificates.ensure(CERTS, List.of());
        police = new SoapReceiver(CERTS, SOAP_RECEIVER_PORT).start();
    }

    @AfterAll
    static void stopPolice() {
        police.close();
    }

    @BeforeEach
    void acceptEverything() {
        police.mode(SoapReceiver.Mode.ACCEPT).failFirst(0);
    }

    @Test
    void anAcceptedHandoverIsAcknowledgedWithTheSoapResponseAsReceiptAndTheJournalShowsWhatThePoliceGot() throws Exception {
        String handover = createHandover("questura-milano");

        JsonNode delivery = awaitState(handover, "questura-milano", "ACKNOWLEDGED");

        String messageId = delivery.get("messageId").asString();
        assertThat(messageId).isEqualTo("urn:uuid:" + delivery.get("id").asString());
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(police.count(messageId)).isEqualTo(1);
        assertThat(police.clientCertificates()).last().asString().contains("CN=localhost");
        assertThat(delivery.get("receipt").get("kind").asString()).isEqualTo("SOAP response (HTTP 200)");

        HttpResponse<byte[]> receipt = bytes("/api/handovers/" + handover + "/deliveries/questura-milano/receipt");
        assertThat(new String(receipt.body(), StandardCharsets.UTF_8))
                .contains("DeliverHandoverResponse", "<protocolId>" + police.protocolId(messageId) + "</protocolId>");

        HttpResponse<byte[]> content = bytes("/api/handovers/" + handover + "/deliveries/questura-milano/content");
        assertThat(content.headers().firstValue("X-Message-Id")).hasValue(messageId);
        assertThat(content.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/xml"));
        Document received = parse(police.requests(messageId).get(0));
        Node security = received.getElementsByTagNameNS(WSSE, "Security").item(0);
        assertThat(security).as("the police received a WS-Security header").isNotNull();
        security.getParentNode().removeChild(security);
        assertThat(canonical(received)).as("GET .../content is the envelope the police got, less wsse:Security")
                .isEqualTo(canonical(parse(content.body())));

        String wire = wire(content.body());
        assertThat(wire).contains("Esposito", "Giuseppe", "1985-12-10", "Accolto in pronta accoglienza notturna",
                "Casa di accoglienza San Martino, via Rovello 12", "Accompagnato dall'unità di strada");
        assertThat(wire).as("questura-milano's agreement shares neither these nor the codice fiscale")
                .doesNotContain("Rischio di ricaduta", "A1.05", "RSSMRA85T10A562S", "verbale.txt", "Verbale riservato");
    }

    @Test
    void aServerFaultIsRetriedWithAFreshSignatureEachTimeUntilThePartnerAcknowledges() throws Exception {
        police.failFirst(2);
        String handover = createHandover("soap-test-retry");

        JsonNode delivery = awaitState(handover, "soap-test-retry", "ACKNOWLEDGED");

        String messageId = delivery.get("messageId").asString();
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(police.count(messageId)).isEqualTo(3);
        assertThat(delivery.get("history").toString())
                .contains("fault soap:Server: protocol register temporarily unavailable, resend later [UNAVAILABLE]");
        List<byte[]> attempts = police.requests(messageId);
        assertThat(attempts).hasSize(3);
        assertThat(attempts.stream().map(a -> text(a, DSIG, "SignatureValue")).distinct()).hasSize(3);
        assertThat(attempts.stream().map(a -> text(a, WSU, "Created")).distinct()).hasSize(3);
        assertThat(wire(attempts.get(2))).as("the attachment this agreement shares arrived")
                .contains("Verbale riservato di accompagnamento");
    }

    @Test
    void aClientFaultRefusesTheDeliveryAtOnceAndKeepsTheFaultAsReceipt() throws Exception {
        police.mode(SoapReceiver.Mode.CLIENT_FAULT);
        String handover = createHandover("questura-milano");

        JsonNode delivery = awaitState(handover, "questura-milano", "REFUSED");

        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(police.count(delivery.get("messageId").asString())).isEqualTo(1);
        assertThat(delivery.get("lastError").asString()).isEqualTo("HTTP 500, fault soap:Client: this office is not"
                + " competent for the case: not registered [NOT_COMPETENT]");
        assertThat(new String(bytes("/api/handovers/" + handover + "/deliveries/questura-milano/receipt").body(),
                StandardCharsets.UTF_8)).contains(":Client</faultcode>", "NOT_COMPETENT");
    }

    @Test
    void aPartnerRefusesTheGatewaysEnvelopeOnceTamperedWith() throws Exception {
        String handover = createHandover("questura-milano");
        String messageId = awaitState(handover, "questura-milano", "ACKNOWLEDGED").get("messageId").asString();
        String signed = new String(police.requests(messageId).get(0), StandardCharsets.UTF_8);
        String tampered = signed.replace("<summary>Accolto", "<summary>Respinto");
        assertThat(tampered).isNotEqualTo(signed);

        try (SoapReceiver other = new SoapReceiver(CERTS, 0).start()) {
            HttpResponse<String> answer = postAsGateway(other.url(), tampered);

            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body()).contains("faultcode", ":FailedCheck<");
            assertThat(other.count(messageId)).isZero();
        }
    }

    private String createHandover(String recipient) throws Exception {
        String report = hospitalReport();
        String attachment = Base64.getEncoder().encodeToString(
                "Verbale riservato di accompagnamento n. 412/2026".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = post("/api/handovers", """
                {"reportIds":["%s"],"recipients":["%s"],"author":"op.ferrari",
                 "summary":"Accolto in pronta accoglienza notturna dopo la dimissione dal Pronto soccorso.",
                 "assessment":"Rischio di ricaduta in strada alto senza presa in carico entro 72 ore.",
                 "actions":[{"at":"2026-11-26T06:25:00Z","text":"Accompagnato dall'unità di strada alla Casa San Martino."}],
                 "interventions":[{"code":"A1.05","label":"Pronta accoglienza notturna"}],
                 "placement":{"partnerId":"casa-accoglienza-san-martino",
                              "structure":"Casa di accoglienza San Martino, via Rovello 12, Milano",
                              "from":"2026-11-26T06:25:00Z"},
                 "attachments":[{"name":"verbale.txt","mediaType":"text/plain","data":"%s"}]}
                """.formatted(report, recipient, attachment));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("handover").get("id").asString();
    }

    private String hospitalReport() throws Exception {
        Terser ack = new Terser(sendWithHapi(adtA04(uniqueId(), "Esposito", "Giuseppe", null), LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        return ack.get("/MSA-3").replace("report ", "");
    }

    private JsonNode awaitState(String handover, String recipient, String state) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode view = JSON.readTree(get("/api/handovers/" + handover).body());
            for (JsonNode delivery : view.get("deliveries")) {
                if (recipient.equals(delivery.get("recipient").asString())) {
                    found[0] = delivery;
                }
            }
            assertThat(found[0]).isNotNull();
            assertThat(found[0].get("state").asString()).as(found[0].toString()).isEqualTo(state);
        });
        return found[0];
    }

    private HttpResponse<byte[]> bytes(String path) throws Exception {
        HttpResponse<byte[]> response = staff().getBytes(path);
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    /** Posts as the gateway would: its client certificate, the development CA trusted. */
    private static HttpResponse<String> postAsGateway(String url, String envelope) throws Exception {
        OutboundTls tls = new OutboundTls(new GatewayKeys(CERTS.resolve("gateway.crt"), CERTS.resolve("gateway.key"),
                CERTS.resolve("dev-ca.crt")));
        return HttpClient.newBuilder().sslContext(tls.sslContext()).build().send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "text/xml; charset=UTF-8")
                        .header("SOAPAction", "\"urn:it:pis:gateway:interventi:v1:DeliverHandover\"")
                        .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static String canonical(Document document) throws Exception {
        org.apache.xml.security.Init.init();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS).canonicalizeSubtree(document, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String text(byte[] xml, String ns, String localName) {
        try {
            return parse(xml).getElementsByTagNameNS(ns, localName).item(0).getTextContent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** All a partner can read in the envelope, as one text to search. */
    private static String wire(byte[] envelope) {
        return String.join("\n", SoapWire.text(envelope));
    }
}
