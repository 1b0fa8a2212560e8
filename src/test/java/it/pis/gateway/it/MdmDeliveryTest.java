package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.crypto.Pem;
import it.pis.gateway.outbound.MdmWire;
import it.pis.gateway.receivers.MllpReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handovers to hospitals over MLLP, end to end: a report arrives as HL7 on the MLLP port, staff
 * post a handover, the gateway renders the MDM^T02 with the CAdES-signed PDF, delivers it to HAPI's
 * own MLLP server ({@link MllpReceiver}) and records what the receiver answered.
 */
class MdmDeliveryTest extends GatewayIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aaAcknowledgesAndTheReceiverGotExactlyTheJournaledBytesWithTheSignedDocument() throws Exception {
        String handover = handover("ospedale-san-carlo", "Accolta in pronta accoglienza notturna: perché no?");

        JsonNode delivery = await(handover, "ospedale-san-carlo", d -> state(d).equals("ACKNOWLEDGED"));

        String messageId = delivery.get("messageId").asString();
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(SAN_CARLO_MLLP.count(messageId)).isEqualTo(1);
        byte[] content = bytes("/api/handovers/" + handover + "/deliveries/ospedale-san-carlo/content");
        assertThat(bodyReceived(SAN_CARLO_MLLP, messageId)).isEqualTo(content);
        String receipt = new String(bytes("/api/handovers/" + handover + "/deliveries/ospedale-san-carlo/receipt"),
                StandardCharsets.UTF_8);
        assertThat(terser(receipt).get("/MSA-1")).isEqualTo("AA");
        assertThat(terser(receipt).get("/MSA-2")).isEqualTo(messageId);
        assertThat(delivery.get("receipt").get("kind").asString()).isEqualTo("HL7 ACK");
        String readable = MdmWire.text(content, devCa());
        assertThat(readable).contains("Accolta in pronta accoglienza notturna: perché no?", "Rossi", "Mario",
                "RSSMRA85T10A562S", "Documento di sintesi dell'intervento");
        assertThat(readable).doesNotContain("Via Padova");
    }

    @Test
    void aeIsRetriedAndTheRetryIsAcknowledged() throws Exception {
        PROVA_MLLP.answerNext(MllpReceiver.Answer.ERROR);
        String handover = handover("ospedale-prova-mllp", "Ritentare dopo AE");

        JsonNode delivery = await(handover, "ospedale-prova-mllp", d -> state(d).equals("ACKNOWLEDGED"));

        assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
        assertThat(PROVA_MLLP.count(delivery.get("messageId").asString())).isEqualTo(2);
        assertThat(delivery.get("history").toString()).contains("AE: document store unavailable");
    }

    @Test
    void arIsRefusedAtOnceAndNeverRetried() throws Exception {
        PROVA_MLLP.answerNext(MllpReceiver.Answer.REFUSE);
        String handover = handover("ospedale-prova-mllp", "Rifiutato con AR");

        JsonNode delivery = await(handover, "ospedale-prova-mllp", d -> state(d).equals("REFUSED"));
        Thread.sleep(3_000);
        JsonNode later = delivery(handover, "ospedale-prova-mllp");

        assertThat(state(later)).isEqualTo("REFUSED");
        assertThat(later.get("attempts").asInt()).isEqualTo(1);
        assertThat(PROVA_MLLP.count(delivery.get("messageId").asString())).isEqualTo(1);
        assertThat(later.get("lastError").asString()).contains("AR: no patient for this document in this hospital");
    }

    @Test
    void whileTheReceiverIsDownTheDeliveryWaitsAndOnceUpItArrivesExactlyOnce() throws Exception {
        PROVA_MLLP.stop();
        String handover;
        try {
            handover = handover("ospedale-prova-mllp", "Consegnato dopo il riavvio");
            JsonNode failing = await(handover, "ospedale-prova-mllp", d -> d.get("attempts").asInt() >= 1);
            assertThat(state(failing)).isEqualTo("QUEUED");
            assertThat(failing.get("lastError").asString()).contains("cannot deliver to " + PROVA_MLLP.endpoint());
        } finally {
            PROVA_MLLP.start();
        }

        JsonNode delivery = await(handover, "ospedale-prova-mllp", d -> state(d).equals("ACKNOWLEDGED"));

        assertThat(delivery.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(PROVA_MLLP.count(delivery.get("messageId").asString())).isEqualTo(1);
    }

    @Test
    void twoHandoversToOneHospitalArriveInTheOrderTheyWereMade() throws Exception {
        String first = handover("ospedale-san-carlo", "Primo documento");
        String second = handover("ospedale-san-carlo", "Secondo documento");

        String firstId = await(first, "ospedale-san-carlo", d -> state(d).equals("ACKNOWLEDGED")).get("messageId").asString();
        String secondId = await(second, "ospedale-san-carlo", d -> state(d).equals("ACKNOWLEDGED")).get("messageId").asString();

        assertThat(SAN_CARLO_MLLP.order()).containsSubsequence(firstId, secondId);
        assertThat(SAN_CARLO_MLLP.order().indexOf(firstId)).isLessThan(SAN_CARLO_MLLP.order().indexOf(secondId));
    }

    /** Sends a report as the demo hospital, then posts a handover about it to {@code recipient}; returns its id. */
    private String handover(String recipient, String summary) throws Exception {
        Terser ack = new Terser(sendWithHapi(adtA04(uniqueId(), "Rossi", "Mario", null), LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        String report = ack.get("/MSA-3").replace("report ", "");
        String json = "{\"reportIds\":[\"" + report + "\"],\"recipients\":[\"" + recipient + "\"],"
                + "\"author\":\"op.bianchi\",\"summary\":\"" + summary + "\","
                + "\"actions\":[{\"at\":\"2026-11-26T01:10:00Z\",\"text\":\"Colloquio sul posto\"}],"
                + "\"urgentHelpProject\":{\"goals\":\"Riparo per la notte\",\"pendingActions\":[{\"action\":"
                + "\"Colloquio con il servizio sociale ospedaliero\",\"owner\":\"Servizio sociale ospedaliero\","
                + "\"due\":\"2026-11-27\"}]}}";
        HttpResponse<String> created = staff().send(staff().request("/api/handovers")
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("handover").get("id").asString();
    }

    private JsonNode await(String handover, String recipient, Predicate<JsonNode> done) throws Exception {
        Instant until = Instant.now().plus(PATIENCE);
        JsonNode delivery = delivery(handover, recipient);
        while (!done.test(delivery)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("delivery of " + handover + " to " + recipient + " still " + delivery);
            }
            Thread.sleep(200);
            delivery = delivery(handover, recipient);
        }
        return delivery;
    }

    private JsonNode delivery(String handover, String recipient) throws Exception {
        HttpResponse<String> response = get("/api/handovers/" + handover);
        assertThat(response.statusCode()).isEqualTo(200);
        for (JsonNode delivery : JSON.readTree(response.body()).get("deliveries")) {
            if (delivery.get("recipient").asString().equals(recipient)) {
                return delivery;
            }
        }
        throw new AssertionError("no delivery to " + recipient + " in " + response.body());
    }

    private static String state(JsonNode delivery) {
        return delivery.get("state").asString();
    }

    private byte[] bytes(String path) throws Exception {
        HttpResponse<byte[]> response = staff().getBytes(path);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static byte[] bodyReceived(MllpReceiver receiver, String messageId) {
        for (byte[] body : receiver.bodies()) {
            if (new String(body, StandardCharsets.UTF_8).contains("|" + messageId + "|")) {
                return body;
            }
        }
        throw new AssertionError("the receiver never got " + messageId);
    }

    private static X509Certificate devCa() throws Exception {
        return Pem.readCertificate(CERTS.resolve("dev-ca.crt"));
    }
}
