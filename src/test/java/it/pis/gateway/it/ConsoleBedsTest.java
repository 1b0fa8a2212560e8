package it.pis.gateway.it;

import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The beds and placements board over HTTP, fed by a shelter posting on the JSON channel. */
class ConsoleBedsTest extends JsonChannelSupport {

    @Test
    void theBoardShowsTheLatestFreeBedsAndTheShelterAnswersWithAnUnrequestedOneFlagged() throws Exception {
        String structure = JsonShelterChannelTest.structure();
        assertThat(postJson(partner("casa-accoglienza-san-martino"), "/json/beds",
                JsonShelterChannelTest.beds(structure, "2030-01-01T18:00:00Z", 4, 2), newKey()).statusCode()).isEqualTo(201);
        String placement = "PL-BOARD-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(postJson(partner("casa-accoglienza-san-martino"), "/json/placements/" + placement + "/decline",
                "{\"reason\": \"NO_BEDS\"}", newKey()).statusCode()).isEqualTo(201);

        HttpResponse<String> board = as("console.op.beds", EnumSet.of(StaffRole.OPERATOR)).get("/console/beds");

        assertThat(board.statusCode()).isEqualTo(200);
        assertThat(board.body()).contains("<table id=\"beds\">", "<th scope=\"col\">Liberi</th>",
                "data-structure=\"" + structure + "\" data-kind=\"men\" data-free=\"4\"",
                "data-structure=\"" + structure + "\" data-kind=\"women\" data-free=\"2\"",
                "<table id=\"placement-decisions\">", "data-placement=\"" + placement + "\" data-decision=\"DECLINED\"",
                "Rifiutato", "NO_BEDS", "class=\"warning notice warn\"");
        assertThat(as("console.admin.beds", EnumSet.of(StaffRole.ADMIN)).get("/console/beds").statusCode()).isEqualTo(403);
    }
}
