package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.outbound.FhirWire;
import it.pis.gateway.receivers.FhirReceiver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Handovers to the CSM and the SerD as FHIR document Bundles, end to end: reports arrive over HL7,
 * JSON and FHIR, staff POST /api/handovers, the gateway renders, journals and delivers over mutual
 * TLS with a ModI signature per attempt to a real FHIR server (FhirReceiver) that checks it on its
 * own, and the delivery's state, receipt and content are read back from the staff API.
 */
class FhirDocumentDeliveryTest extends GatewayIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final FhirReceiver CSM = FhirReceivers.CSM;
    static final FhirReceiver SERD = FhirReceivers.SERD;
    static final FhirReceiver TEST = FhirReceivers.TEST;

    @BeforeEach
    void receiversAccept() {
        List.of(CSM, SERD, TEST).forEach(FhirReceiver::reset);
    }

    @Test
    void theCsmAndTheSerdEachGetTheirDocumentAcknowledgedWithTheAnswerAsReceipt() throws Exception {
        String report = hospitalReport("Rossi", "Mario");

        JsonNode created = postHandover(handover(List.of(report), List.of("csm-milano-nord", "serd-milano-centro"), null));
        String id = created.at("/handover/id").asString();
        JsonNode csm = awaitState(id, "csm-milano-nord", "ACKNOWLEDGED");
        JsonNode serd = awaitState(id, "serd-milano-centro", "ACKNOWLEDGED");

        assertThat(CSM.problems()).isEmpty();
        assertThat(SERD.problems()).isEmpty();
        for (JsonNode delivery : List.of(csm, serd)) {
            String agreement = delivery.get("recipient").asString();
            FhirReceiver receiver = agreement.equals("csm-milano-nord") ? CSM : SERD;
            String messageId = delivery.get("messageId").asString();
            assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
            assertThat(delivery.at("/receipt/kind").asString()).isEqualTo("HTTP 201");
            assertThat(bytes(id, agreement, "receipt")).asString(StandardCharsets.UTF_8)
                    .startsWith("HTTP/1.1 201 Created\r\n").contains("\"stored " + messageId + "\"");
            assertThat(receiver.counts()).containsEntry(messageId, 1);
            assertThat(bytes(id, agreement, "content")).isEqualTo(bodyOf(receiver, messageId));
        }
        String csmWire = FhirWire.text(bytes(id, "csm-milano-nord", "content"));
        String serdWire = FhirWire.text(bytes(id, "serd-milano-centro", "content"));
        assertThat(csmWire).contains("Rossi", "Mario", "RSSMRA85T10A562S", "1985-12-10", "Accolto in dormitorio",
                "Valutazione: rischio alto", "Visita al CSM");
        assertThat(serdWire).contains("Rossi", "Mario", "Accolto in dormitorio", "Visita al CSM")
                .doesNotContain("RSSMRA85T10A562S", "1985-12-10", "Valutazione: rischio alto");
    }

    @Test
    void a503IsRetriedUntilAcknowledgedAndEveryAttemptIsSignedAfreshOverTheSameBytes() throws Exception {
        String report = hospitalReport("Verdi", "Luca");
        TEST.nextAnswers(FhirReceiver.Mode.UNAVAILABLE, FhirReceiver.Mode.UNAVAILABLE);

        String id = postHandover(handover(List.of(report), List.of("fhir-test-receiver"), null)).at("/handover/id").asString();
        JsonNode delivery = awaitState(id, "fhir-test-receiver", "ACKNOWLEDGED");

        String messageId = delivery.get("messageId").asString();
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.get("history").toString()).contains("attempt 1 of 3 failed", "HTTP 503 Service Unavailable",
                "attempt 2 of 3 failed", "attempt 3: acknowledged: HTTP 201 Created");
        List<FhirReceiver.Received> attempts = TEST.received().stream()
                .filter(r -> messageId.equals(r.identifier())).toList();
        assertThat(attempts).extracting(FhirReceiver.Received::status).containsExactly(503, 503, 201);
        assertThat(attempts).extracting(FhirReceiver.Received::jti).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(attempts).allSatisfy(r -> assertThat(r.body()).isEqualTo(bytes(id, "fhir-test-receiver", "content")));
        assertThat(TEST.problems()).isEmpty();
    }

    @Test
    void a422IsRefusedAtOnceNamingWhatThePartnerSaid() throws Exception {
        String report = hospitalReport("Neri", "Paolo");
        CSM.mode(FhirReceiver.Mode.REFUSE);

        String id = postHandover(handover(List.of(report), List.of("csm-milano-nord"), null)).at("/handover/id").asString();
        JsonNode delivery = awaitState(id, "csm-milano-nord", "REFUSED");

        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("lastError").asString()).contains("HTTP 422 Unprocessable",
                "the patient is not known to this service");
        assertThat(delivery.at("/receipt/kind").asString()).isEqualTo("HTTP 422");
        assertThat(CSM.counts()).containsEntry(delivery.get("messageId").asString(), 1);
        assertThat(delivery.has("nextAttemptAt") && !delivery.get("nextAttemptAt").isNull()).isFalse();
    }

    @Test
    void aRestrictedCaseCarriesNoLocationEvenToARecipientThatListsIt() throws Exception {
        String street = streetUnitReport();
        String serdReport = serdReport();

        String normal = postHandover(handover(List.of(street), List.of("fhir-test-receiver"), null))
                .at("/handover/id").asString();
        String restricted = postHandover(handover(List.of(street, serdReport), List.of("fhir-test-receiver",
                "serd-milano-centro"), null)).at("/handover/id").asString();
        awaitState(normal, "fhir-test-receiver", "ACKNOWLEDGED");
        JsonNode labelled = awaitState(restricted, "fhir-test-receiver", "ACKNOWLEDGED");
        awaitState(restricted, "serd-milano-centro", "ACKNOWLEDGED");

        assertThat(FhirWire.text(bytes(normal, "fhir-test-receiver", "content")))
                .contains("Portici di Piazza Duca d'Aosta", "015146", "45.4852");
        assertThat(labelled.get("fieldsWithheld").toString()).contains("{\"field\":\"location\",\"reason\":"
                + "\"RESTRICTED case: location leaves only where the agreement allows it (sharing.allowLocationWhenLabelled)\"}");
        for (String agreement : List.of("fhir-test-receiver", "serd-milano-centro")) {
            String wire = FhirWire.text(bytes(restricted, agreement, "content"));
            assertThat(wire).as(agreement).contains("Accolto in dormitorio")
                    .doesNotContain("Duca d'Aosta", "015146", "45.4852", "9.204", "Luogo in cui si trova la persona");
            assertThat(wire).as(agreement).contains("restricted");
        }
        assertThat(TEST.problems()).isEmpty();
        assertThat(SERD.problems()).isEmpty();
    }

    private String hospitalReport(String familyName, String givenName) throws Exception {
        Terser ack = new Terser(sendWithHapi(adtA04(uniqueId(), familyName, givenName, null), LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        return ack.get("/MSA-3").replace("report ", "");
    }

    private String streetUnitReport() throws Exception {
        HttpResponse<String> response = partner("uds-milano").post("/json/reports", "application/json", """
                {"narrative": "Uomo dorme sotto il portico, molto freddo", "urgency": "emergency",
                 "person": {"familyName": "Bianchi", "givenName": "Carlo", "estimatedAge": 70, "sex": "M"},
                 "location": {"description": "Portici di Piazza Duca d'Aosta", "municipalityIstat": "015146",
                              "lat": 45.4852, "lon": 9.2040},
                 "needs": ["shelter"], "contact": {"name": "Operatore UDS", "phone": "+39 02 1234567"}}
                """.getBytes(StandardCharsets.UTF_8), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(response.statusCode()).isEqualTo(201);
        return JSON.readTree(response.body()).get("id").asString();
    }

    /** A SerD report over FHIR with ModI: RESTRICTED by the agreement's defaults (addiction). */
    private String serdReport() throws Exception {
        HttpResponse<String> response = FhirPartner.of(CERTS, PARTNER_PORT, FhirFixtures.SERD).post("/Communication",
                FhirFixtures.communication("cm-" + UUID.randomUUID(), "utente in crisi di astinenza, senza dimora"));
        assertThat(response.statusCode()).isEqualTo(201);
        return response.headers().firstValue("X-Report-Id").orElseThrow();
    }

    private static String handover(List<String> reports, List<String> recipients, String confidentiality) {
        return """
                {"reportIds": %s, "recipients": %s, "author": "op.rossi",
                 "summary": "Accolto in dormitorio alle 03:10, ha accettato un pasto caldo.",
                 "assessment": "Valutazione: rischio alto se torna in strada.",
                 "actions": [{"at": "2026-01-10T02:10:00Z", "text": "Accompagnato al dormitorio"}],
                 "urgentHelpProject": {"goals": "Ripresa della terapia",
                   "pendingActions": [{"action": "Visita al CSM", "owner": "CSM Milano Nord", "due": "2026-01-12"}]}%s}
                """.formatted(JSON.writeValueAsString(reports), JSON.writeValueAsString(recipients),
                confidentiality == null ? "" : ", \"confidentiality\": \"" + confidentiality + "\"");
    }

    private JsonNode postHandover(String json) throws Exception {
        HttpResponse<String> response = staff().send(staff().request("/api/handovers")
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private JsonNode awaitState(String handover, String agreement, String state) {
        return await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode view = JSON.readTree(get("/api/handovers/" + handover).body());
            for (JsonNode delivery : view.get("deliveries")) {
                if (delivery.get("recipient").asString().equals(agreement)) {
                    return delivery;
                }
            }
            return null;
        }, delivery -> delivery != null && state.equals(delivery.get("state").asString()));
    }

    private byte[] bytes(String handover, String agreement, String what) throws Exception {
        HttpResponse<byte[]> response = staff().getBytes("/api/handovers/" + handover + "/deliveries/" + agreement + "/" + what);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static byte[] bodyOf(FhirReceiver receiver, String messageId) {
        return receiver.received().stream().filter(r -> messageId.equals(r.identifier())).findFirst()
                .orElseThrow().body();
    }
}
