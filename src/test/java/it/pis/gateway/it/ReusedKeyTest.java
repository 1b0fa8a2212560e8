package it.pis.gateway.it;

import it.pis.gateway.journal.OpenedJournalRows;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.hl7v2.util.Terser;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.soap.SOAPFaultException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.xml.transform.Source;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import static it.pis.gateway.inbound.soap.SignedEnvelopes.request;
import static it.pis.gateway.it.FhirFixtures.CSM;
import static it.pis.gateway.it.FhirFixtures.CSM_SOURCE;
import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A partner reuses an idempotency key for another message (its counter restarted): on every
 * channel the second message is refused with a cause that says so (AE, 409, 422 for an
 * Idempotency-Key, soap:Client), is journaled with its raw bytes, and the first report is
 * untouched; a genuine resend, whose send time or envelope changed, is still a duplicate.
 */
class ReusedKeyTest extends GatewayIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    it.pis.gateway.journal.JournalCipher journalCipher;

    @Test
    void hl7ControlIdReusedForAnotherPatientIsAnsweredAeAndKeptAsEvidence() throws Exception {
        String id = uniqueId();
        Terser rossi = new Terser(sendWithHapi(adtA04(id, "Rossi", "Mario", null), LATIN1));
        Terser bianchi = new Terser(sendWithHapi(adtA04(id, "Bianchi", "Luca", null), LATIN1));

        assertThat(rossi.get("/MSA-1")).isEqualTo("AA");
        assertThat(bianchi.get("/MSA-1")).isEqualTo("AE");
        assertThat(bianchi.get("/MSA-2")).isEqualTo(id);
        assertThat(bianchi.get("/MSA-3")).startsWith("message id '" + id + "' reused for different content");
        assertThat(bianchi.get("/ERR-8")).contains(rossi.get("/MSA-3"), "NOT taken", "new message id");
        assertThat(bianchi.get("/ERR-3-1")).isEqualTo("205");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE external_id = ?", Integer.class, id)).isEqualTo(1);
        assertThat(rejectedRaw(id)).contains("Bianchi^Luca");
    }

    @Test
    void hl7ResendWithANewSendTimeIsStillADuplicate() throws Exception {
        String id = uniqueId();
        String er7 = adtA04(id, "Rossi", "Mario", null);
        Terser first = new Terser(sendWithHapi(er7, LATIN1));
        Terser resent = new Terser(sendWithHapi(er7.replace("|20261126031500||ADT", "|20261126034512||ADT"), LATIN1));

        assertThat(resent.get("/MSA-1")).isEqualTo("AA");
        assertThat(resent.get("/MSA-3")).contains("duplicate", first.get("/MSA-3").replace("report ", ""));
    }

    @Test
    void fhirMessageHeaderIdReusedForAnotherPatientIs409() throws Exception {
        String headerId = UUID.randomUUID().toString();
        HttpResponse<String> first = csm().post("/$process-message", FhirFixtures.message(headerId, CSM_SOURCE, "Rossi"));
        HttpResponse<String> reused = csm().post("/$process-message", FhirFixtures.message(headerId, CSM_SOURCE, "Bianchi"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(reused.body()).contains("OperationOutcome", "KEY_REUSED", headerId + "' reused for different content");
        assertThat(OpenedJournalRows.raw(jdbc, journalCipher, "external_id LIKE ? AND cause = 'KEY_REUSED'",
                "%" + headerId)).asString(StandardCharsets.UTF_8).contains("Bianchi");
    }

    @Test
    void fhirBundleResentWithANewTimestampIsStillADuplicate() throws Exception {
        String headerId = UUID.randomUUID().toString();
        String message = FhirFixtures.message(headerId, CSM_SOURCE, "Rossi");
        HttpResponse<String> first = csm().post("/$process-message", message);
        HttpResponse<String> resent = csm().post("/$process-message",
                message.replace("2026-05-01T10:00:00+02:00", "2026-05-01T10:05:31+02:00"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(resent.statusCode()).isEqualTo(200);
        assertThat(resent.headers().firstValue("X-Report-Id")).isEqualTo(first.headers().firstValue("X-Report-Id"));
    }

    @Test
    void hapiClientTransactionWithAReusedBundleIdentifierIsAConflict() throws Exception {
        String identifier = UUID.randomUUID().toString();
        csm().hapiClient().transaction().withBundle(transaction(identifier, "Verdi")).execute();

        assertThatThrownBy(() -> csm().hapiClient().transaction().withBundle(transaction(identifier, "Neri")).execute())
                .isInstanceOf(ResourceVersionConflictException.class).hasMessageContaining(identifier + "' reused for different content");
    }

    @Test
    void fhirIdempotencyKeyHeaderReusedForAnotherRequestIs422() throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = csm().post("/ServiceRequest",
                FhirFixtures.serviceRequest(UUID.randomUUID().toString(), "Gallo", "uno"), Map.of("Idempotency-Key", key), c -> { });
        HttpResponse<String> reused = csm().post("/ServiceRequest",
                FhirFixtures.serviceRequest(UUID.randomUUID().toString(), "Gallo", "due"), Map.of("Idempotency-Key", key), c -> { });

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.body()).contains("IDEMPOTENCY_KEY_REUSED", "Idempotency-Key '" + key + "'");
    }

    @Test
    void jsonIdempotencyKeyReusedForAnotherReportIs422AndTheFirstStands() throws Exception {
        String key = UUID.randomUUID().toString();
        String report = JsonReportChannelTest.REPORT;
        HttpResponse<String> first = postJson(report, key);
        HttpResponse<String> same = postJson(report.replace("\n", " ").replace(": ", ":"), key);
        HttpResponse<String> reused = postJson(report.replace("Uomo anziano", "Donna con due bambini"), key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.body()).contains("\"DUPLICATE\"");
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.body()).contains("\"cause\":\"IDEMPOTENCY_KEY_REUSED\"", "reused for different content");
        assertThat(rejectedRaw(key)).contains("Donna con due bambini");
    }

    @Test
    void jsonShelterDocumentWithAReusedKeyIs422() throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = partner("casa-accoglienza-san-martino").post("/json/beds", "application/json",
                beds(3), Map.of("Idempotency-Key", key));
        HttpResponse<String> reused = partner("casa-accoglienza-san-martino").post("/json/beds", "application/json",
                beds(1), Map.of("Idempotency-Key", key));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.body()).contains("IDEMPOTENCY_KEY_REUSED", "document ");
    }

    @Test
    void soapMessageIdReusedForAnotherPersonIsASoapClientFault() throws Exception {
        String messageId = "QMI-" + UUID.randomUUID();
        SoapClients.submit(questura(), request(messageId, "QUESTURA-MI"));

        assertThatThrownBy(() -> SoapClients.submit(questura(),
                request(messageId, "QUESTURA-MI").replace("<familyName>Rossi", "<familyName>Bianchi")))
                .isInstanceOfSatisfying(SOAPFaultException.class, e ->
                        assertThat(e.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client"))
                .hasMessageContaining("message id '" + messageId + "' reused for different content");
        assertThat(jdbc.queryForObject("SELECT cause FROM inbound_message WHERE external_id = ? AND outcome = 'REJECTED'",
                String.class, messageId)).isEqualTo("KEY_REUSED");
    }

    private String rejectedRaw(String externalId) {
        byte[] raw = OpenedJournalRows.raw(jdbc, journalCipher, "external_id = ? AND outcome = 'REJECTED'"
                + " AND cause IN ('KEY_REUSED', 'IDEMPOTENCY_KEY_REUSED')", externalId);
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    private static FhirPartner csm() {
        return FhirPartner.of(CERTS, PARTNER_PORT, CSM);
    }

    private static Bundle transaction(String identifier, String familyName) {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION).setTimestamp(new Date());
        transaction.getIdentifier().setSystem("https://fhir.csm-nord.example/tx").setValue(identifier);
        Patient patient = new Patient();
        patient.addName().setFamily(familyName).addGiven("Luca");
        transaction.addEntry().setFullUrl("urn:uuid:pt").setResource(patient)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        ServiceRequest request = new ServiceRequest().setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER).setSubject(new Reference("urn:uuid:pt"));
        request.addNote().setText("in strada da tre notti");
        transaction.addEntry().setFullUrl("urn:uuid:sr").setResource(request)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("ServiceRequest");
        return transaction;
    }

    private static HttpResponse<String> postJson(String body, String key) throws Exception {
        return partner("uds-milano").post("/json/reports", "application/json", body.getBytes(StandardCharsets.UTF_8),
                Map.of("Idempotency-Key", key));
    }

    private static byte[] beds(int freeForMen) {
        return JsonShelterChannelTest.beds("s-reused-key", "2030-01-01T18:00:00Z", freeForMen, 0)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Dispatch<Source> questura() throws Exception {
        KeyStore keys = PartnerClient.loadPkcs12(CERTS.resolve("questura-milano.p12"));
        return SoapClients.cxfClient(partner("questura-milano").uri("/soap/segnalazioni").toString(), CERTS, keys, keys,
                "questura-milano", "changeit");
    }
}
