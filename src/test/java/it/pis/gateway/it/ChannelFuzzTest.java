package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.crypto.CmsEnvelopes;
import it.pis.gateway.fuzz.Mutations;
import it.pis.gateway.inbound.soap.SignedEnvelopes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.test.context.TestContextManager;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static it.pis.gateway.it.FhirFixtures.CSM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing every listener of the running gateway (the integration tests' shared Spring context)
 * from outside, with mutations of a valid message of each channel (flips, truncation, huge
 * fields, stray bytes, other encodings; for the anti-violence centre the CMS envelope and the
 * document inside a sound one; for SOAP the signed envelope and a mutated request signed
 * properly), nesting bombs and wrong content types. Every answer is a refusal with a cause or an
 * acceptance: never a 5xx (for SOAP: no fault but soap:Client, as SOAP 1.1 sends its faults with
 * HTTP 500), never an HL7 "internal error", never a hang (the clients' timeouts, 20 and 30 s,
 * fail the try). After each property a valid message on every channel still gets AA or 2xx: no
 * listener died. FHIR bodies are signed (ModI) as sent, so that they reach the parser instead of
 * stopping at the signature check.
 */
class ChannelFuzzTest extends GatewayIntegrationTest {

    static final String MLLP_SAMPLE = Hl7Fixtures.adtA04("FUZZ-" + UUID.randomUUID().toString().substring(0, 8),
            "Rossi", "Mario", null);
    static final String FHIR_JSON = FhirFixtures.serviceRequest("fuzz-1", "Rossi", "in strada da tre notti");
    static final String FHIR_XML = FhirPartner.CLIENT_FHIR.newXmlParser().encodeResourceToString(
            FhirPartner.CLIENT_FHIR.newJsonParser().parseResource(ServiceRequest.class, FHIR_JSON));
    static final String FHIR_MESSAGE = FhirFixtures.message("fuzz-header", FhirFixtures.CSM_SOURCE, "Rossi");
    /** The FHIR endpoints: create, transaction or batch at the base, and $process-message. */
    static final List<String> FHIR_PATHS = List.of("/ServiceRequest", "/Communication", "/Bundle", "", "/$process-message");
    static final List<String> CONTENT_TYPES = List.of("application/fhir+json", "application/fhir+xml", "application/json",
            "application/xml", "text/xml; charset=UTF-8", "text/plain", "application/fhir+json; charset=UTF-16",
            "multipart/form-data; boundary=x", "application/pkcs7-mime", "*/*", "application/fhir+json;;;=");

    static final String SOAP_OPEN = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
            + "<SubmitReport xmlns=\"urn:it:pis:gateway:segnalazioni:v1\">";
    static final String SOAP_CLOSE = "</SubmitReport></soap:Body></soap:Envelope>";

    private static FhirPartner csm;
    private static PartnerClient uds;
    private static PartnerClient questura;
    private static PartnerClient cav;
    private static X509Certificate gatewayCertificate;
    private static KeyStore questuraKeys;
    private static byte[] soapSample;

    @BeforeContainer
    static void gatewayRunning() throws Exception {
        // jqwik runs outside Spring's JUnit extension: load (or find cached) the context the other integration tests share
        new TestContextManager(ChannelFuzzTest.class).getTestContext().getApplicationContext();
        csm = FhirPartner.of(CERTS, PARTNER_PORT, CSM);
        uds = partner("uds-milano");
        questura = partner("questura-milano");
        cav = partner("cav-milano");
        gatewayCertificate = JsonCavChannelTest.gateway();
        questuraKeys = PartnerClient.loadPkcs12(CERTS.resolve("questura-milano.p12"));
        soapSample = SignedEnvelopes.sign(SignedEnvelopes.request("QMI-FUZZ-" + UUID.randomUUID(), "QUESTURA-MI"),
                questuraKeys, "questura-milano", "changeit");
    }

    @AfterProperty
    void everyListenerStillAnswersAValidMessage() throws Exception {
        Terser ack = new Terser(sendWithHapi(Hl7Fixtures.adtA04(Hl7Fixtures.uniqueId(), "Verdi", "Anna", null), LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        assertThat(csm.post("/ServiceRequest", FhirFixtures.serviceRequest(UUID.randomUUID().toString(), "Verdi", "ok"))
                .statusCode()).isEqualTo(201);
        assertThat(uds.post("/json/reports", "application/json", JsonReportChannelTest.REPORT.getBytes(StandardCharsets.UTF_8),
                Map.of("Idempotency-Key", UUID.randomUUID().toString())).statusCode()).isEqualTo(201);
        HttpResponse<String> soap = postSoap("text/xml; charset=UTF-8", SignedEnvelopes.sign(
                SignedEnvelopes.request("QMI-" + UUID.randomUUID(), "QUESTURA-MI"),
                questuraKeys, "questura-milano", "changeit"));
        assertThat(soap.statusCode()).as(soap.body()).isEqualTo(200);
    }

    // --- HL7 v2 over MLLP ---

    @Provide
    Arbitrary<byte[]> hl7Messages() {
        return Mutations.of(MLLP_SAMPLE.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Property(tries = 200)
    void mllpAnswersEveryBlockWithAnAckThatIsNotAnInternalError(@ForAll("hl7Messages") byte[] message) throws Exception {
        String ack = sendRaw(LATIN1, message).get(0);

        assertThat(ack).startsWith("MSH").containsPattern("\rMSA\\|A[AER]\\|")
                .doesNotContain("internal error").doesNotContain("INTERNAL");
    }

    // --- FHIR R4, JSON and XML ---

    @Provide
    Arbitrary<byte[]> fhirBodies() {
        return Arbitraries.oneOf(Mutations.of(FHIR_JSON.getBytes(StandardCharsets.UTF_8)),
                Mutations.of(FHIR_XML.getBytes(StandardCharsets.UTF_8)),
                Mutations.of(FHIR_MESSAGE.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(100, 100_000).flatMap(depth -> Arbitraries.of(
                        Mutations.nested("[", "1", "]", depth),
                        Mutations.nested("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":",
                                "{\"resourceType\":\"Patient\"}", "}]}", depth),
                        Mutations.nested("{\"resourceType\":\"ServiceRequest\",\"extension\":[{\"url\":\"u\",\"extension\":[",
                                "", "]}]}", depth),
                        Mutations.nested("<Bundle xmlns=\"http://hl7.org/fhir\"><entry><resource>", "<Patient/>",
                                "</resource></entry></Bundle>", depth))));
    }

    @Property(tries = 150)
    void fhirAnswersEveryBodyWithoutA5xx(@ForAll("fhirBodies") byte[] body, @ForAll("contentTypes") String contentType,
                                         @ForAll("fhirPaths") String path) throws Exception {
        String type = contentType.equals("as sent") ? (body.length > 0 && body[0] == '<' ? "application/fhir+xml"
                : "application/fhir+json") : contentType;
        HttpResponse<String> response = csm.http.post("/fhir" + path, type, body,
                csm.modiHeaders(body, type, claims -> { }));

        assertThat(response.statusCode()).as(response.body()).isLessThan(500);
        if (response.statusCode() >= 400) {
            assertThat(response.body()).contains("OperationOutcome");
        }
    }

    @Provide
    Arbitrary<String> fhirPaths() {
        return Arbitraries.of(FHIR_PATHS);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("as sent")), Tuple.of(1, Arbitraries.of(CONTENT_TYPES)));
    }

    // --- JSON REST ---

    @Provide
    Arbitrary<byte[]> jsonBodies() {
        return Arbitraries.oneOf(Mutations.of(JsonReportChannelTest.REPORT.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(100, 100_000).flatMap(depth -> Arbitraries.of(
                        Mutations.nested("[", "1", "]", depth),
                        Mutations.nested("{\"narrative\":\"x\",\"person\":", "{}", "}", depth))));
    }

    @Property(tries = 200)
    void jsonAnswersEveryBodyWithoutA5xx(@ForAll("jsonBodies") byte[] body, @ForAll("contentTypes") String contentType)
            throws Exception {
        HttpResponse<String> response = uds.post("/json/reports", contentType.equals("as sent") ? "application/json"
                : contentType, body, Map.of("Idempotency-Key", UUID.randomUUID().toString()));

        assertThat(response.statusCode()).as(response.body()).isLessThan(500);
        if (response.statusCode() >= 400) {
            assertThat(response.body()).contains("\"cause\"");
        }
    }

    /** The anti-violence centre's CMS bodies: envelopes mutated, and mutated documents sealed properly. */
    @Provide
    Arbitrary<byte[]> cmsBodies() {
        byte[] report = JsonCavChannelTest.REPORT.getBytes(StandardCharsets.UTF_8);
        return Arbitraries.oneOf(Mutations.of(encrypted(report, false)), Mutations.of(encrypted(report, true)),
                Mutations.of(report).map(plain -> encrypted(plain, false)));
    }

    @Property(tries = 150)
    void cmsJsonAnswersEveryBodyWithoutA5xx(@ForAll("cmsBodies") byte[] body) throws Exception {
        HttpResponse<String> response = cav.post("/json/reports", "application/pkcs7-mime; smime-type=enveloped-data", body,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));

        assertThat(response.statusCode()).as(response.body()).isLessThan(500);
        if (response.statusCode() >= 400) {
            assertThat(response.body()).contains("\"cause\"");
        }
    }

    private static byte[] encrypted(byte[] plain, boolean gcm) {
        try {
            return gcm ? CmsEnvelopes.rsaOaepAesGcm(plain, gatewayCertificate) : CmsEnvelopes.rsaAesCbc(plain, gatewayCertificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // --- SOAP ---

    @Provide
    Arbitrary<byte[]> soapEnvelopes() {
        return Arbitraries.oneOf(Mutations.of(soapSample),
                Mutations.of(SignedEnvelopes.request("QMI-FUZZ-" + UUID.randomUUID(), "QUESTURA-MI")
                        .getBytes(StandardCharsets.UTF_8)).map(ChannelFuzzTest::signedIfWellFormed),
                Arbitraries.integers().between(100, 100_000).map(depth -> Mutations.nested("<x>", "", "</x>", depth))
                        .map(bomb -> (SOAP_OPEN + new String(bomb, StandardCharsets.UTF_8) + SOAP_CLOSE)
                                .getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 200)
    void soapAnswersEveryEnvelopeWithAReportOrAClientFault(@ForAll("soapEnvelopes") byte[] envelope,
                                                           @ForAll("contentTypes") String contentType) throws Exception {
        HttpResponse<String> response = postSoap(contentType.equals("as sent") ? "text/xml; charset=UTF-8" : contentType,
                envelope);

        if (response.statusCode() >= 500) {
            assertThat(response.body()).contains("<faultcode>soap:Client</faultcode>").doesNotContain("internal error");
        } else {
            assertThat(response.statusCode()).as(response.body()).isIn(200, 400, 415);
        }
    }

    /**
     * A mutated request signed properly when WSS4J can still read it, so that the schema check and
     * the mapping behind the signature are reached; as it is otherwise.
     */
    private static byte[] signedIfWellFormed(byte[] envelope) {
        try {
            return SignedEnvelopes.sign(new String(envelope, StandardCharsets.UTF_8),
                    questuraKeys, "questura-milano", "changeit");
        } catch (RuntimeException notXml) {
            return envelope;
        }
    }

    private static HttpResponse<String> postSoap(String contentType, byte[] envelope) throws Exception {
        return questura.post("/soap/segnalazioni", contentType, envelope,
                Map.of("SOAPAction", "\"urn:it:pis:gateway:segnalazioni:v1:SubmitReport\""));
    }
}
