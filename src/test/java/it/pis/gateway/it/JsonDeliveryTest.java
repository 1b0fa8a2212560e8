package it.pis.gateway.it;

import it.pis.gateway.crypto.CmsEnvelopes;
import it.pis.gateway.crypto.Pem;
import it.pis.gateway.outbound.JsonWire;
import it.pis.gateway.receivers.JsonReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handovers over JSON REST, from the staff API to real HTTPS receivers (JsonReceiver, mutual TLS):
 * the anti-violence centre's CMS-encrypted documento di sintesi, the shelter's placement request
 * and the link of its answer, a receiver unavailable then accepting, one refusing, and the
 * placement request that cannot exist for a violence victim.
 */
class JsonDeliveryTest extends JsonChannelSupport {

    static final Duration WAIT = Duration.ofSeconds(30);

    /** A street unit's report on a homeless man (NORMAL), as uds-milano posts it. */
    String streetReport() throws Exception {
        var response = postJson(partner("uds-milano"), "/json/reports", """
                {"narrative": "Uomo anziano dorme sotto i portici di via Vittor Pisani, previsti -3 gradi",
                 "urgency": "emergency",
                 "person": {"familyName": "Ferri", "givenName": "Giuseppe", "estimatedAge": 67, "sex": "M", "language": "it"},
                 "location": {"description": "Portici di via Vittor Pisani", "municipalityIstat": "015146"},
                 "needs": ["night-shelter", "warm-meal"],
                 "contact": {"name": "Luca Bassi", "phone": "+39 02 8845 1234", "organisation": "Unità di strada"},
                 "consent": true}
                """, newKey());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asString();
    }

    /** The anti-violence centre's report on Anna (VIOLENCE_VICTIM, VERY_RESTRICTED), CMS-encrypted to the gateway. */
    String violenceReport() throws Exception {
        byte[] body = """
                {"narrative": "Donna con due figli chiede protezione dopo l'aggressione del convivente",
                 "urgency": "emergency",
                 "person": {"givenName": "Anna", "familyName": "Colombo", "estimatedAge": 34, "sex": "F"},
                 "location": {"description": "Abitazione familiare, zona Corvetto", "municipalityIstat": "015146"},
                 "contact": {"name": "Operatrice CAV di turno", "phone": "+39 02 5501 2233"},
                 "needs": ["protection"], "consent": true}
                """.getBytes(StandardCharsets.UTF_8);
        var response = JsonCavChannelTest.postCms(CmsEnvelopes.rsaAesCbc(body, JsonCavChannelTest.gateway()), newKey());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asString();
    }

    HttpResponse<String> createHandover(String body) throws Exception {
        return staff().send(staff().request("/api/handovers")
                .header("Content-Type", "application/json").header("Idempotency-Key", newKey())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The delivery to {@code agreement} once it satisfies {@code until}; fails with the last view after WAIT. */
    JsonNode delivery(String handoverId, String agreement, Predicate<JsonNode> until) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode d : JSON.readTree(get("/api/handovers/" + handoverId).body()).get("deliveries")) {
                if (d.get("recipient").asString().equals(agreement)) {
                    last = d;
                    if (until.test(d)) {
                        return d;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("delivery to " + agreement + " did not get there in " + WAIT + ": " + last);
    }

    static Predicate<JsonNode> state(String state) {
        return d -> d.get("state").asString().equals(state);
    }

    byte[] content(String handoverId, String agreement) throws Exception {
        return staff().getBytes("/api/handovers/" + handoverId + "/deliveries/" + agreement + "/content").body();
    }

    @Test
    void theAntiViolenceCentreGetsTheHandoverEncryptedToItsCertificateAndItsReceiptIsKept() throws Exception {
        String report = violenceReport();
        var created = createHandover("""
                {"reportIds": ["%s"], "recipients": ["cav-milano"], "author": "op.ricci",
                 "summary": "Anna, 34 anni, con i due figli accolta in struttura protetta",
                 "actions": [{"at": "2026-01-10T23:25:00Z", "text": "Colloquio telefonico con la donna"}],
                 "placement": {"partnerId": "casa-accoglienza-san-martino", "structure": "casa-protetta",
                               "from": "2026-01-11T00:05:00Z"},
                 "urgentHelpProject": {"goals": "Messa in protezione del nucleo",
                   "pendingActions": [{"action": "Primo colloquio al CAV", "owner": "CAV Milano", "due": "2026-01-12"}]}}
                """.formatted(report));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String handover = json(created).at("/handover/id").asString();

        JsonNode delivery = delivery(handover, "cav-milano", state("ACKNOWLEDGED"));

        String messageId = delivery.get("messageId").asString();
        assertThat(delivery.get("contentType").asString()).isEqualTo("application/pkcs7-mime; smime-type=enveloped-data");
        assertThat(delivery.at("/receipt/kind").asString()).isEqualTo("HTTP 201");
        assertThat(get("/api/handovers/" + handover + "/deliveries/cav-milano/receipt").body())
                .startsWith("HTTP/1.1 201 Created\r\n").contains("\"status\":\"ACCEPTED\"").contains(messageId);
        JsonReceiver.Received received = JsonReceivers.CAV.received(messageId).get(0);
        assertThat(JsonReceivers.CAV.count(messageId)).isEqualTo(1);
        assertThat(received.status()).isEqualTo(201);
        assertThat(received.raw()).isEqualTo(content(handover, "cav-milano"));
        assertThat(received.clientSubject()).contains("CN=localhost");
        assertThat(JSON.readTree(received.json()).at("/person/givenName").asString()).isEqualTo("Anna");
        String everything = String.join("\n", JsonWire.text(received.raw(),
                Pem.readPrivateKey(CERTS.resolve("cav-milano.key"))));
        assertThat(everything).contains("Anna", "Messa in protezione del nucleo")
                .doesNotContain("Corvetto", "015146", "Operatrice CAV", "+39 02 5501 2233", "casa-protetta",
                        "casa-accoglienza-san-martino", "PL-", "Colombo", "convivente");
        assertThat(delivery.get("fieldsWithheld").toString()).contains("location", "contact", "placement");
    }

    @Test
    void theShelterGetsThePlacementRequestAndItsConfirmationIsLinkedToIt() throws Exception {
        String report = streetReport();
        String placementId = "PL-IT-" + UUID.randomUUID().toString().substring(0, 8);
        var created = createHandover("""
                {"reportIds": ["%s"], "recipients": ["casa-accoglienza-san-martino"], "author": "op.martini",
                 "summary": "Uomo senza dimora esposto al freddo: chiesto un posto letto",
                 "placement": {"partnerId": "casa-accoglienza-san-martino", "placementId": "%s",
                               "structure": "via-rovello", "from": "2026-01-10T23:45:00Z", "to": "2026-01-17T07:00:00Z"}}
                """.formatted(report, placementId));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String handover = json(created).at("/handover/id").asString();

        JsonNode delivery = delivery(handover, "casa-accoglienza-san-martino", state("ACKNOWLEDGED"));

        JsonReceiver.Received request = JsonReceivers.SHELTER.received(delivery.get("messageId").asString()).get(0);
        assertThat(request.contentType()).isEqualTo("application/json");
        JsonNode sent = JSON.readTree(request.json());
        assertThat(sent.at("/placementId").asString()).isEqualTo(placementId);
        assertThat(sent.at("/handoverId").asString()).isEqualTo(handover);
        assertThat(sent.at("/answer/confirmation").asString()).isEqualTo("/json/placements/" + placementId + "/confirmation");
        assertThat(sent.at("/person").toString())
                .isEqualTo("{\"givenName\":\"Giuseppe\",\"estimatedAge\":67,\"sex\":\"M\",\"language\":\"it\"}");
        assertThat(String.join("\n", JsonWire.text(request.raw(), null)))
                .doesNotContain("Ferri", "Vittor Pisani", "Luca Bassi", "dorme sotto");

        var confirmed = postJson(partner("casa-accoglienza-san-martino"), sent.at("/answer/confirmation").asString(),
                "{\"structure\": \"via-rovello\", \"bedKind\": \"men\", \"expectedBy\": \"2026-01-11T00:30:00+01:00\"}",
                newKey());
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(201);

        JsonNode decisions = JSON.readTree(get("/api/placements/" + placementId + "/decisions").body());
        assertThat(decisions.size()).isEqualTo(1);
        assertThat(decisions.at("/0/decision").asString()).isEqualTo("CONFIRMED");
        assertThat(decisions.at("/0/request/handoverId").asString()).isEqualTo(handover);
        assertThat(decisions.at("/0/request/deliveryId").asString()).isEqualTo(delivery.get("id").asString());
        assertThat(decisions.at("/0/request/state").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(decisions.at("/0/warning").isMissingNode()).isTrue();
        JsonNode placement = JSON.readTree(get("/api/placements/" + placementId).body());
        assertThat(placement.at("/handoverIds/0").asString()).isEqualTo(handover);
        assertThat(placement.at("/requests/0/partnerId").asString()).isEqualTo("casa-accoglienza-san-martino");
        assertThat(placement.at("/decisions/0/bedKind").asString()).isEqualTo("men");
    }

    @Test
    void anAnswerToAPlacementNeverRequestedIsKeptAndFlagged() throws Exception {
        String placementId = "PL-UNKNOWN-" + UUID.randomUUID().toString().substring(0, 8);
        var declined = postJson(partner("casa-accoglienza-san-martino"), "/json/placements/" + placementId + "/decline",
                "{\"reason\": \"NO_BEDS\"}", newKey());

        assertThat(declined.statusCode()).as(declined.body()).isEqualTo(201);
        JsonNode decisions = JSON.readTree(get("/api/placements/" + placementId + "/decisions").body());
        assertThat(decisions.at("/0/decision").asString()).isEqualTo("DECLINED");
        assertThat(decisions.at("/0/request").isMissingNode()).isTrue();
        assertThat(decisions.at("/0/warning").asString())
                .startsWith("the gateway sent no placement request " + placementId + " to casa-accoglienza-san-martino");
        assertThat(get("/api/placements/PL-NOBODY-KNOWS").statusCode()).isEqualTo(404);
    }

    @Test
    void aReceiverThatIsUnavailableIsRetriedWithTheSameBytesUntilItAccepts() throws Exception {
        JsonReceivers.FLAKY.mode(JsonReceiver.Mode.UNAVAILABLE);
        try {
            var created = createHandover("""
                    {"reportIds": ["%s"], "recipients": ["test-json-flaky"], "author": "op.ricci",
                     "summary": "Anna accolta in struttura protetta"}
                    """.formatted(violenceReport()));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String handover = json(created).at("/handover/id").asString();

            JsonNode failed = delivery(handover, "test-json-flaky",
                    d -> d.get("attempts").asInt() >= 1 && d.has("lastError"));
            assertThat(failed.get("state").asString()).isEqualTo("QUEUED");
            assertThat(failed.get("lastError").asString()).startsWith("HTTP 503");
            JsonReceivers.FLAKY.mode(JsonReceiver.Mode.ACCEPT);

            JsonNode acknowledged = delivery(handover, "test-json-flaky", state("ACKNOWLEDGED"));
            String messageId = acknowledged.get("messageId").asString();
            List<JsonReceiver.Received> attempts = JsonReceivers.FLAKY.received(messageId);
            assertThat(attempts.size()).isGreaterThanOrEqualTo(2);
            assertThat(attempts.get(0).status()).isEqualTo(503);
            assertThat(attempts.get(attempts.size() - 1).status()).isEqualTo(201);
            assertThat(attempts).allSatisfy(a -> assertThat(a.raw()).isEqualTo(attempts.get(0).raw()));
            assertThat(acknowledged.get("history").toString()).contains("HTTP 503 Service Unavailable (Retry-After: 1)");
        } finally {
            JsonReceivers.FLAKY.mode(JsonReceiver.Mode.ACCEPT);
        }
    }

    @Test
    void aRefusalIsFinalAndNamesTheReceiversReason() throws Exception {
        var created = createHandover("""
                {"reportIds": ["%s"], "recipients": ["test-json-refusing"], "author": "op.martini",
                 "summary": "Richiesta di posto letto",
                 "placement": {"partnerId": "test-json-refusing", "from": "2026-01-10T23:45:00Z"}}
                """.formatted(streetReport()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String handover = json(created).at("/handover/id").asString();

        JsonNode refused = delivery(handover, "test-json-refusing", state("REFUSED"));

        assertThat(refused.get("attempts").asInt()).isEqualTo(1);
        assertThat(refused.get("lastError").asString()).startsWith("HTTP 422").contains("mode REFUSE");
        assertThat(refused.at("/receipt/kind").asString()).isEqualTo("HTTP 422");
        assertThat(JsonReceivers.REFUSING.count(refused.get("messageId").asString())).isEqualTo(1);
    }

    @Test
    void aPlacementRequestForAViolenceVictimIsRefusedAtCreationNamingThePlacementRule() throws Exception {
        String report = violenceReport();
        String request = """
                {"reportIds": ["%s"], "recipients": ["%s"], "author": "op.ricci", "summary": "Posto per Anna e i figli",
                 "placement": {"partnerId": "%s", "from": "2026-01-11T00:05:00Z"}}
                """;

        var anyLevel = createHandover(request.formatted(report, "test-json-any-shelter", "test-json-any-shelter"));
        var demoShelter = createHandover(request.formatted(report, "casa-accoglienza-san-martino",
                "casa-accoglienza-san-martino"));

        assertThat(anyLevel.statusCode()).isEqualTo(422);
        assertThat(json(anyLevel).at("/errors/0/field").asString()).isEqualTo("recipients[0]");
        assertThat(json(anyLevel).at("/errors/0/message").asString())
                .startsWith("test-json-any-shelter (json-placement): placement: a placement request cannot be sent"
                        + " without the placement")
                .contains("violence victim's case: location, contact and placement never leave the centre");
        assertThat(demoShelter.statusCode()).isEqualTo(422);
        assertThat(json(demoShelter).at("/errors/0/message").asString()).contains("(sharing.confidentiality)");
    }
}
