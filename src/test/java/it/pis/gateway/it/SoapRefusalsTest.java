package it.pis.gateway.it;

import it.pis.gateway.Corpus;
import it.pis.gateway.inbound.soap.SignedEnvelopes;
import it.pis.gateway.inbound.soap.SignedEnvelopes.Parts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static it.pis.gateway.inbound.soap.SignedEnvelopes.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every refusal of the SOAP channel, sent as bytes a partner could send (WSS4J-signed envelopes,
 * the corpus's pre-built envelopes, DTD attacks) over mutual TLS: each is a SOAP Fault with
 * faultcode soap:Client and a reason naming the cause, is journaled, and creates no report.
 */
@ExtendWith(OutputCaptureExtension.class)
class SoapRefusalsTest extends GatewayIntegrationTest {

    static final String QUESTURA = "questura-milano";
    static final String DTD_REFUSED = "DTDs are refused (no DOCTYPE, no entities: XXE protection):"
            + " send the envelope without a DOCTYPE declaration";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    it.pis.gateway.journal.JournalCipher journalCipher;

    static KeyStore questuraKeys() {
        return PartnerClient.loadPkcs12(CERTS.resolve(QUESTURA + ".p12"));
    }

    static byte[] signed(String envelope, Parts parts, Duration age) {
        return SignedEnvelopes.sign(envelope, questuraKeys(), QUESTURA, "changeit", parts, age);
    }

    static HttpResponse<String> post(String tlsPartner, byte[] envelope) throws Exception {
        return partner(tlsPartner).post("/soap/segnalazioni", "text/xml; charset=UTF-8", envelope,
                Map.of("SOAPAction", "\"urn:it:pis:gateway:segnalazioni:v1:SubmitReport\""));
    }

    SoapClients.Fault refused(HttpResponse<String> response) throws Exception {
        // SOAP 1.1 / WS-I BP R1126: a Fault travels with HTTP 500; soap:Client says it is the sender's
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
        SoapClients.Fault fault = SoapClients.Fault.read(response.body());
        assertThat(fault.code()).endsWith(":Client");
        return fault;
    }

    String journaled(String messageId) {
        return jdbc.queryForObject("SELECT cause FROM inbound_message WHERE external_id = ? AND outcome = 'REJECTED'",
                String.class, messageId);
    }

    @Test
    void aCorrectlySignedRawEnvelopeIsAccepted() throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        HttpResponse<String> response = post(QUESTURA, signed(request(id, "QUESTURA-MI"), Parts.BODY_AND_TIMESTAMP, Duration.ZERO));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("reportId").contains("<duplicate>false</duplicate>");
    }

    @Test
    void anExpiredTimestampIsRefused() throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        SoapClients.Fault fault = refused(post(QUESTURA, signed(request(id, "QUESTURA-MI"), Parts.BODY_AND_TIMESTAMP,
                Duration.ofHours(2))));
        assertThat(fault.reason()).startsWith("timestamp expired").contains("pis.soap.timestamp-ttl")
                .contains("agreement questura-milano, inbound[0].modi ID_AUTH_SOAP_01");
        assertThat(fault.cause()).isEqualTo("SIGNATURE_INVALID");
        assertThat(journaled(id)).isEqualTo("SIGNATURE_INVALID");
    }

    @Test
    void anUnsignedEnvelopeIsRefused() throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        SoapClients.Fault fault = refused(post(QUESTURA, request(id, "QUESTURA-MI").getBytes(StandardCharsets.UTF_8)));
        assertThat(fault.reason()).startsWith("unsigned").contains("inbound[0].modi ID_AUTH_SOAP_01");
        assertThat(journaled(id)).isEqualTo("SIGNATURE_INVALID");
    }

    @Test
    void aSignatureOverTheTimestampOnlyIsRefusedAsBodyNotSigned() throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        SoapClients.Fault fault = refused(post(QUESTURA, signed(request(id, "QUESTURA-MI"), Parts.TIMESTAMP_ONLY, Duration.ZERO)));
        assertThat(fault.reason()).startsWith("body not signed");
        assertThat(journaled(id)).isEqualTo("SIGNATURE_INVALID");
    }

    @Test
    void aSignatureOverTheBodyOnlyIsRefusedAsTimestampNotSigned() throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        SoapClients.Fault fault = refused(post(QUESTURA, signed(request(id, "QUESTURA-MI"), Parts.BODY_ONLY, Duration.ZERO)));
        assertThat(fault.reason()).startsWith("timestamp not signed");
        assertThat(journaled(id)).isEqualTo("SIGNATURE_INVALID");
    }

    @Test
    void aBodyTamperedAfterSigningIsRefused() throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        String good = new String(signed(request(id, "QUESTURA-MI"), Parts.BODY_AND_TIMESTAMP, Duration.ZERO), StandardCharsets.UTF_8);
        String tampered = good.replace("<urgency>EMERGENZA</urgency>", "<urgency>ORDINARIA</urgency>");
        assertThat(tampered).isNotEqualTo(good);
        SoapClients.Fault fault = refused(post(QUESTURA, tampered.getBytes(StandardCharsets.UTF_8)));
        assertThat(fault.reason()).startsWith("signature invalid");
        assertThat(journaled(id)).isEqualTo("SIGNATURE_INVALID");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE external_id = ?", Integer.class, id)).isZero();
    }

    @Test
    void aSenderOrganizationOtherThanTheAgreementsIsAnIdentityMismatch() throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        SoapClients.Fault fault = refused(post(QUESTURA, signed(request(id, "CARABINIERI-MI"), Parts.BODY_AND_TIMESTAMP, Duration.ZERO)));
        assertThat(fault.reason()).startsWith("identity mismatch").contains("inbound[0].identity.organization")
                .contains("'QUESTURA-MI'").contains("'CARABINIERI-MI'");
        assertThat(journaled(id)).isEqualTo("IDENTITY_MISMATCH");
    }

    @Test
    void noClientCertificateIsRefused() throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        SoapClients.Fault fault = refused(post(null, signed(request(id, "QUESTURA-MI"), Parts.BODY_AND_TIMESTAMP, Duration.ZERO)));
        assertThat(fault.reason()).contains("no client certificate presented");
        assertThat(journaled(id)).isEqualTo("CERTIFICATE_REFUSED");
    }

    @Test
    void aUsernameTokenIsRefusedSayingTheAgreementRequiresAnX509Signature() throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        String security = "<soap:Header><wsse:Security xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/"
                + "oasis-200401-wss-wssecurity-secext-1.0.xsd\"><wsse:UsernameToken><wsse:Username>questura</wsse:Username>"
                + "<wsse:Password>secret</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header>";
        byte[] envelope = request(id, "QUESTURA-MI").replace("<soap:Body>", security + "<soap:Body>")
                .getBytes(StandardCharsets.UTF_8);

        SoapClients.Fault fault = refused(post(QUESTURA, envelope));

        assertThat(fault.reason()).isEqualTo("wsse:UsernameToken refused: this agreement requires an X.509 signature"
                + " (ModI ID_AUTH_SOAP_01) over Body and Timestamp, made with the agreement's certificate, not a user name"
                + " and password (agreement questura-milano, inbound[0].modi ID_AUTH_SOAP_01)");
        assertThat(fault.cause()).isEqualTo("SIGNATURE_INVALID");
        assertThat(journaled(id)).isEqualTo("SIGNATURE_INVALID");
    }

    @Test
    void aHeaderEntryWithoutNamespaceIsRefusedAndLoggedAsAWarningNotAnError(CapturedOutput log) throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        String envelope = request(id, "QUESTURA-MI").replace("<soap:Body>",
                "<soap:Header><Priorita>alta</Priorita></soap:Header><soap:Body>");

        SoapClients.Fault fault = refused(post(QUESTURA, signed(envelope, Parts.BODY_AND_TIMESTAMP, Duration.ZERO)));

        assertThat(fault.reason()).isEqualTo("soap:Header entry <Priorita> has no namespace: SOAP 1.1 (section 4.2)"
                + " requires every header entry to be namespace-qualified");
        assertThat(fault.cause()).isEqualTo("UNPARSEABLE");
        // a partner's mistake: one WARN with the refusal, and no ERROR for it (SAAJ's SAAJ0131 was one);
        // ERRORs of other threads (a test's outage elsewhere in the shared gateway) are not this request's
        List<String> lines = log.getOut().lines().toList();
        String warn = lines.stream().filter(line -> line.contains(" WARN ") && line.contains("<Priorita>")).findFirst()
                .orElseThrow(() -> new AssertionError("no WARN with the refusal in the log:\n" + log.getOut()));
        assertThat(warn).contains("refused SubmitReport from questura-milano (UNPARSEABLE)");
        Matcher thread = Pattern.compile("--- \\[[^\\]]*] (\\[[^\\]]*])").matcher(warn);
        assertThat(thread.find()).as("thread of: " + warn).isTrue();
        assertThat(lines).filteredOn(line -> line.contains(" ERROR ") && line.contains(thread.group(1))).isEmpty();
        assertThat(lines).noneMatch(line -> line.contains("SAAJ"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE external_id = ?", Integer.class, id)).isZero();
    }

    @Test
    void anOperationTheAgreementDoesNotAcceptIsRefused() throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        String other = request(id, "QUESTURA-MI").replace("SubmitReport", "CancelReport");
        SoapClients.Fault fault = refused(post(QUESTURA, signed(other, Parts.BODY_AND_TIMESTAMP, Duration.ZERO)));
        assertThat(fault.reason()).isEqualTo("agreement questura-milano does not accept {urn:it:pis:gateway:segnalazioni:v1}"
                + "CancelReport (inbound[0].accept)");
        assertThat(journaled(id)).isEqualTo("TYPE_NOT_ACCEPTED");
    }

    @Test
    void aRequestThatDoesNotMatchTheSchemaIsRefused() throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        String invalid = request(id, "QUESTURA-MI").replace("<istatCode>015146</istatCode>", "<istatCode>Milano</istatCode>");
        SoapClients.Fault fault = refused(post(QUESTURA, signed(invalid, Parts.BODY_AND_TIMESTAMP, Duration.ZERO)));
        assertThat(fault.reason()).contains("does not match the service's schema").contains("Milano");
        assertThat(fault.cause()).isEqualTo("INVALID");
        assertThat(journaled(id)).isEqualTo("INVALID");
    }

    /** The journal's latest SOAP refusal: cause, and whether its raw bytes are exactly what was sent. */
    Map<String, Object> lastSoapRefusal() {
        Map<String, Object> row = new java.util.HashMap<>(jdbc.queryForMap("SELECT id, cause, reason FROM inbound_message"
                + " WHERE channel = 'soap' AND outcome = 'REJECTED' ORDER BY received_at DESC LIMIT 1"));
        row.put("raw", it.pis.gateway.journal.OpenedJournalRows.raw(jdbc, journalCipher, "id = ?", row.get("id")));
        return row;
    }

    @Test
    void anExternalEntityIsRefusedAndTheFileIsNeverRead() throws Exception {
        String canary = "PIS-XXE-CANARY-" + UUID.randomUUID();
        Path secret = Files.createTempFile("pis-xxe-", ".txt");
        Files.writeString(secret, canary);
        byte[] attack = ("<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + request("&xxe;", "QUESTURA-MI")).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = post(QUESTURA, attack);
        SoapClients.Fault fault = refused(response);
        // the whole reason: no parser's words after it (XMLStreamReader events, row and column)
        assertThat(fault.reason()).isEqualTo(DTD_REFUSED);
        assertThat(fault.cause()).isEqualTo("UNPARSEABLE");
        assertThat(response.body()).doesNotContain(canary);
        Map<String, Object> journaled = lastSoapRefusal();
        assertThat(journaled.get("cause")).isEqualTo("UNPARSEABLE");
        assertThat((byte[]) journaled.get("raw")).isEqualTo(attack);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbound_message WHERE reason LIKE ?", Integer.class,
                "%" + canary + "%")).isZero();
    }

    @Test
    void anExternalEntityOrDtdOnTheNetworkIsNeverFetched() throws Exception {
        try (ServerSocket trap = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + trap.getLocalPort() + "/evil.dtd";
            for (String doctype : new String[] {
                    "<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"" + url + "\">]>",
                    "<!DOCTYPE soap:Envelope SYSTEM \"" + url + "\">",
                    "<!DOCTYPE soap:Envelope [<!ENTITY % remote SYSTEM \"" + url + "\"> %remote;]>"}) {
                SoapClients.Fault fault = refused(post(QUESTURA, (doctype + request("&xxe;", "QUESTURA-MI"))
                        .replace("&xxe;", doctype.contains("xxe") ? "&xxe;" : "M-1").getBytes(StandardCharsets.UTF_8)));
                assertThat(fault.reason()).as(doctype).isEqualTo(DTD_REFUSED);
            }
            // the parse is over once the fault is answered: had anything been fetched, it would be waiting here
            trap.setSoTimeout(300);
            assertThatThrownBy(trap::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void theRecursiveEntityAttackOfTheCorpusIsRefused() throws Exception {
        String dtd = Files.readString(Corpus.path("wss/wss4j/testdata/recursiveDTD.txt"));
        byte[] attack = (dtd.replace("<!DOCTYPE foobar", "<!DOCTYPE soap:Envelope") + request("&x100;", "QUESTURA-MI"))
                .getBytes(StandardCharsets.UTF_8);
        SoapClients.Fault fault = refused(post(QUESTURA, attack));
        assertThat(fault.reason()).isEqualTo(DTD_REFUSED);
        assertThat(lastSoapRefusal().get("cause")).isEqualTo("UNPARSEABLE");
    }

    @Test
    void theCorpusEnvelopesSignedForOtherServicesAreRefusedNeverAccepted() throws Exception {
        int reports = jdbc.queryForObject("SELECT count(*) FROM report", Integer.class);
        try (var files = Files.list(Corpus.path("wss/cxf-rt-ws-security/messages"))) {
            for (Path file : files.sorted().toList()) {
                HttpResponse<String> response = post(QUESTURA, Files.readAllBytes(file));
                assertThat(response.statusCode()).as(file.getFileName() + ": " + response.body()).isEqualTo(500);
                SoapClients.Fault fault = SoapClients.Fault.read(response.body());
                assertThat(fault.cause()).as(file.getFileName() + ": " + fault.reason()).isNotNull();
            }
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report", Integer.class)).isEqualTo(reports);
    }

    @Test
    void theWsAddressingMessageIdIsTheIdempotencyKeyWhenPresent() throws Exception {
        String wsaId = "urn:uuid:" + UUID.randomUUID();
        String header = "<soap:Header><wsa:MessageID xmlns:wsa=\"http://www.w3.org/2005/08/addressing\">" + wsaId
                + "</wsa:MessageID></soap:Header>";
        HttpResponse<String> first = post(QUESTURA, signed(request("BODY-1", "QUESTURA-MI").replace("<soap:Body>", header + "<soap:Body>"),
                Parts.BODY_AND_TIMESTAMP, Duration.ZERO));
        HttpResponse<String> resend = post(QUESTURA, signed(request("BODY-1", "QUESTURA-MI").replace("<soap:Body>", header + "<soap:Body>"),
                Parts.BODY_AND_TIMESTAMP, Duration.ZERO));
        HttpResponse<String> otherBody = post(QUESTURA, signed(request("BODY-2", "QUESTURA-MI").replace("<soap:Body>", header + "<soap:Body>"),
                Parts.BODY_AND_TIMESTAMP, Duration.ZERO));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(resend.body()).contains("<duplicate>true</duplicate>")
                .contains(first.body().replaceAll("(?s).*<reportId>([^<]+)</reportId>.*", "$1"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE external_id = ?", Integer.class, wsaId)).isEqualTo(1);
        // keyed by the wsa:MessageID, another messageId in the body is another message under a reused key
        assertThat(refused(otherBody).cause()).isEqualTo("KEY_REUSED");
    }

    @Test
    void aRequestAboveTheSizeLimitIsRefusedAsTooLarge() throws Exception {
        String padding = "x".repeat(10 * 1024 * 1024);
        byte[] huge = request("QMI-" + UUID.randomUUID(), "QUESTURA-MI").replace("<narrative>", "<narrative>" + padding)
                .getBytes(StandardCharsets.UTF_8);
        SoapClients.Fault fault = refused(post(QUESTURA, huge));
        assertThat(fault.reason()).contains("exceeds the SOAP endpoint's limit (pis.soap.max-message-bytes)");
        assertThat(fault.cause()).isEqualTo("TOO_LARGE");
        assertThat(lastSoapRefusal().get("cause")).isEqualTo("TOO_LARGE");
    }

    @Test
    void whenTheJournalCannotStoreTheReportTheFaultIsSoapServerAndSaysResend() throws Exception {
        String id = "QMI-" + UUID.randomUUID();
        jdbc.execute("ALTER TABLE report RENAME TO report_offline");
        HttpResponse<String> response;
        try {
            response = post(QUESTURA, signed(request(id, "QUESTURA-MI"), Parts.BODY_AND_TIMESTAMP, Duration.ZERO));
        } finally {
            jdbc.execute("ALTER TABLE report_offline RENAME TO report");
        }
        assertThat(response.statusCode()).isEqualTo(500);
        SoapClients.Fault fault = SoapClients.Fault.read(response.body());
        assertThat(fault.code()).endsWith(":Server");
        assertThat(fault.cause()).isEqualTo("JOURNAL_UNAVAILABLE");
        assertThat(fault.reason()).contains("NOT stored, please resend");
        HttpResponse<String> resent = post(QUESTURA, signed(request(id, "QUESTURA-MI"), Parts.BODY_AND_TIMESTAMP, Duration.ZERO));
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
        assertThat(resent.body()).contains("<duplicate>false</duplicate>");
    }
}
