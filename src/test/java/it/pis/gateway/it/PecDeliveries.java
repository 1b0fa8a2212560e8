package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Handovers over PEC driven from outside: a hospital report, a handover posted to the staff API, its deliveries followed. */
abstract class PecDeliveries extends GatewayIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    String hospitalReport(String familyName) throws Exception {
        Terser ack = new Terser(sendWithHapi(adtA04(uniqueId(), familyName, "Luca", null), LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        return ack.get("/MSA-3").replace("report ", "");
    }

    String postHandover(String report, String... recipients) throws Exception {
        String attachment = Base64.getEncoder().encodeToString(
                "Verbale di affidamento temporaneo alla comunità educativa.".getBytes(StandardCharsets.UTF_8));
        String json = "{\"reportIds\":[\"" + report + "\"],\"recipients\":[\"" + String.join("\",\"", recipients) + "\"],"
                + "\"author\":\"op.rossi\",\"summary\":\"Accolto in struttura di pronta accoglienza.\","
                + "\"actions\":[{\"at\":\"2026-12-01T02:10:00Z\",\"text\":\"Colloquio con l'assistente sociale di turno\"}],"
                + "\"confidentiality\":\"RESTRICTED\","
                + "\"attachments\":[{\"name\":\"verbale-affidamento.txt\",\"mediaType\":\"text/plain\",\"data\":\"" + attachment + "\"}]}";
        HttpResponse<String> response = staff().send(staff().request("/api/handovers")
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("handover").path("id").asString();
    }

    Map<String, JsonNode> awaitStates(String handover, String state, String... recipients) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (String recipient : recipients) {
                JsonNode delivery = delivery(handover, recipient);
                assertThat(delivery.path("state").asString()).as(recipient + ": " + delivery).isEqualTo(state);
                found.put(recipient, delivery);
            }
        });
        return found;
    }

    JsonNode delivery(String handover, String recipient) throws Exception {
        for (JsonNode d : JSON.readTree(get("/api/handovers/" + handover).body()).path("deliveries")) {
            if (d.path("recipient").asString().equals(recipient)) {
                return d;
            }
        }
        throw new AssertionError("no delivery to " + recipient);
    }

    HttpResponse<byte[]> getBytes(String path) throws Exception {
        return staff().getBytes(path);
    }

}
