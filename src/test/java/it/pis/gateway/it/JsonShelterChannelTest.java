package it.pis.gateway.it;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A shelter (casa-accoglienza-san-martino) posts bed availability and answers placements; operators read them. */
class JsonShelterChannelTest extends JsonChannelSupport {

    static String beds(String structure, String asOf, int men, int women) {
        return """
                {"structure": "%s", "asOf": "%s",
                 "beds": {"men": {"free": %d, "until": "2030-01-02T08:00:00+01:00"},
                          "women": {"free": %d, "until": "2030-01-02T08:00:00+01:00"}}}
                """.formatted(structure, asOf, men, women);
    }

    List<JsonNode> bedsOf(String structure) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        JSON.readTree(get("/api/beds").body()).values().forEach(row -> {
            if (row.get("structure").asString().equals(structure)) {
                rows.add(row);
            }
        });
        return rows;
    }

    static String structure() {
        return "s-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void bedAvailabilityIsJournaledAndOperatorsSeeTheLatestPerStructureAndKind() throws Exception {
        String structure = structure();
        var first = postJson(partner("casa-accoglienza-san-martino"), "/json/beds",
                beds(structure, "2030-01-01T18:00:00Z", 4, 2), newKey());
        var newer = postJson(partner("casa-accoglienza-san-martino"), "/json/beds",
                beds(structure, "2030-01-01T21:00:00Z", 1, 0), newKey());
        var late = postJson(partner("casa-accoglienza-san-martino"), "/json/beds",
                beds(structure, "2030-01-01T19:00:00Z", 9, 9), newKey());

        assertThat(List.of(first.statusCode(), newer.statusCode(), late.statusCode())).containsOnly(201);
        List<JsonNode> rows = bedsOf(structure);
        assertThat(rows).hasSize(2);
        JsonNode men = rows.stream().filter(r -> r.get("kind").asString().equals("men")).findFirst().orElseThrow();
        assertThat(men.get("partnerId").asString()).isEqualTo("casa-accoglienza-san-martino");
        assertThat(men.get("free").asInt()).isEqualTo(1);
        assertThat(men.get("asOf").asString()).isEqualTo("2030-01-01T21:00:00Z");
        assertThat(men.get("until").asString()).isEqualTo("2030-01-02T07:00:00Z");
        assertThat(men.get("documentId").asString()).isEqualTo(json(newer).get("id").asString());
        // operators asking for beds still held at a time: men (1 free until 07:00Z) yes, women (0 free) no
        assertThat(get("/api/beds?availableAt=2030-01-02T06:59:00Z").body()).contains(structure);
        assertThat(get("/api/beds?availableAt=2030-01-02T07:01:00Z").body()).doesNotContain(structure);
    }

    @Test
    void aResendOfBedAvailabilityAnswersTheSameIdAndOtherCountsUnderItsKeyStoreNothingNew() throws Exception {
        String structure = structure();
        String key = newKey();
        var first = postJson(partner("casa-accoglienza-san-martino"), "/json/beds", beds(structure, "2030-01-01T18:00:00Z", 3, 3), key);
        var again = postJson(partner("casa-accoglienza-san-martino"), "/json/beds", beds(structure, "2030-01-01T18:00:00Z", 3, 3), key);
        var reused = postJson(partner("casa-accoglienza-san-martino"), "/json/beds", beds(structure, "2030-01-01T23:00:00Z", 0, 0), key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(json(again).get("id").asString()).isEqualTo(json(first).get("id").asString());
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(json(reused).get("cause").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shelter_document WHERE external_id = ?", Integer.class, key))
                .isEqualTo(1);
        assertThat(bedsOf(structure)).allSatisfy(row -> assertThat(row.get("free").asInt()).isEqualTo(3));
    }

    @Test
    void anUnknownBedKindIsRefusedNamingTheField() throws Exception {
        var response = postJson(partner("casa-accoglienza-san-martino"), "/json/beds",
                "{\"structure\": \"via-rovello\", \"beds\": {\"dogs\": {\"free\": 2, \"until\": \"2030-01-01T08:00:00Z\"}}}", newKey());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("problems").get(0).asString()).startsWith("/beds/dogs: ");
    }

    @Test
    void placementsAreConfirmedOrDeclinedAndOperatorsSeeTheDecisions() throws Exception {
        String placement = "PL-" + UUID.randomUUID().toString().substring(0, 8);
        var confirmed = postJson(partner("casa-accoglienza-san-martino"), "/json/placements/" + placement + "/confirmation",
                "{\"structure\": \"via-rovello\", \"bedKind\": \"women\", \"expectedBy\": \"2030-01-01T22:00:00Z\"}", newKey());
        var declined = postJson(partner("casa-accoglienza-san-martino"), "/json/placements/" + placement + "/decline",
                "{\"reason\": \"NO_BEDS\", \"note\": \"posto appena occupato\"}", newKey());

        assertThat(confirmed.statusCode()).isEqualTo(201);
        assertThat(json(confirmed).get("type").asString()).isEqualTo("PlacementConfirmation");
        assertThat(declined.statusCode()).isEqualTo(201);
        JsonNode decisions = JSON.readTree(get("/api/placements/" + placement + "/decisions").body());
        assertThat(decisions.size()).isEqualTo(2);
        assertThat(decisions.get(0).get("decision").asString()).isEqualTo("CONFIRMED");
        assertThat(decisions.get(0).get("bedKind").asString()).isEqualTo("women");
        assertThat(decisions.get(1).get("decision").asString()).isEqualTo("DECLINED");
        assertThat(decisions.get(1).get("reason").asString()).isEqualTo("NO_BEDS");
        assertThat(decisions.get(1).get("note").asString()).isEqualTo("posto appena occupato");
        assertThat(get("/api/placements/decisions?limit=1000").body()).contains(placement);
        // the shelter document's raw message is sealed at rest like every other, and opens back as sent
        String declineId = json(declined).get("id").asString();
        byte[] stored = jdbc.queryForObject("SELECT raw FROM inbound_message WHERE id = ?", byte[].class, declineId);
        assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain("posto appena occupato");
        assertThat(new String(it.pis.gateway.journal.OpenedJournalRows.raw(jdbc, journalCipher, "id = ?", declineId),
                StandardCharsets.UTF_8)).contains("posto appena occupato");
        // and so is the decision's note, the shelter's free text about the person
        assertThat(jdbc.queryForObject("SELECT note FROM placement_decision WHERE document_id = ?", String.class, declineId))
                .doesNotContain("posto").isNotBlank();
        assertThat(jdbc.queryForObject("SELECT note_key_id FROM placement_decision WHERE document_id = ?", String.class,
                declineId)).isEqualTo(journalCipher.currentKeyId());
    }

    @Test
    void aDeclineWithoutAReasonIsRefused() throws Exception {
        var response = postJson(partner("casa-accoglienza-san-martino"), "/json/placements/PL-1/decline", "{}", newKey());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("problems").get(0).asString()).startsWith("/reason: ");
    }
}
