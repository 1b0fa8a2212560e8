package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/reports (newest first, status and since filters), GET one, POST take by the logged-in user. */
class StaffApiTest extends GatewayIntegrationTest {

    private String newReport(String familyName) throws Exception {
        Terser ack = new Terser(sendWithHapi(adtA04(uniqueId(), familyName, "Test", null), LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        return ack.get("/MSA-3").replace("report ", "");
    }

    @Test
    void listsNewestFirstAndFiltersBySince() throws Exception {
        Instant before = Instant.now();
        String older = newReport("Primo");
        String newer = newReport("Secondo");

        String body = get("/api/reports?since=" + before).body();
        assertThat(body.indexOf(newer)).isNotNegative().isLessThan(body.indexOf(older));
        assertThat(get("/api/reports?since=" + Instant.now().plusSeconds(60)).body()).isEqualTo("[]");
    }

    @Test
    void takeMovesNewToTakenOnceAndRecordsTheLoggedInUserAndWhen() throws Exception {
        String id = newReport("DaPrendere");
        StaffSession rossi = as("op.rossi", EnumSet.of(StaffRole.OPERATOR));
        StaffSession bianchi = as("op.bianchi", EnumSet.of(StaffRole.OPERATOR));

        HttpResponse<String> taken = rossi.post("/api/reports/" + id + "/take", null);
        assertThat(taken.statusCode()).isEqualTo(200);
        assertThat(taken.body()).contains("\"status\":\"TAKEN\"", "\"by\":\"op.rossi\"", "\"at\":\"");

        HttpResponse<String> again = bianchi.post("/api/reports/" + id + "/take", "{\"operator\":\"op.bianchi\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("taken by op.rossi");

        assertThat(get("/api/reports?status=TAKEN").body()).contains(id);
        assertThat(get("/api/reports?status=NEW").body()).doesNotContain(id);
    }

    @Test
    void badRequestsGetA4xxThatSaysWhy() throws Exception {
        String id = newReport("Errori");
        HttpResponse<String> someoneElse = post("/api/reports/" + id + "/take", "{\"operator\":\"op.verdi\"}");
        assertThat(someoneElse.statusCode()).isEqualTo(400);
        assertThat(someoneElse.body()).contains("the operator is the logged-in user (" + STAFF + ")", "op.verdi");
        assertThat(post("/api/reports/" + id + "/take", "{not json").statusCode()).isEqualTo(400);
        assertThat(get("/api/reports/" + id).body()).contains("\"status\":\"NEW\"");

        HttpResponse<String> badStatus = get("/api/reports?status=LOST");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(badStatus.body()).contains("status", "LOST");
        assertThat(get("/api/reports?since=yesterday").statusCode()).isEqualTo(400);
        assertThat(get("/api/reports?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/reports/not-a-uuid").statusCode()).isEqualTo(400);

        HttpResponse<String> missing = get("/api/reports/00000000-0000-0000-0000-000000000000");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no report 00000000-0000-0000-0000-000000000000");
        assertThat(post("/api/reports/00000000-0000-0000-0000-000000000000/take", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyThatIsNotJsonGetsA415ProblemSayingWhatToSend() throws Exception {
        String id = newReport("SenzaTipo");
        // what curl -d sends when no Content-Type is given
        HttpResponse<String> form = staff().send(staff().request("/api/reports/" + id + "/take")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"operator\":\"op.rossi\"}")));

        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(form.body()).contains("\"status\":415", "application/x-www-form-urlencoded",
                "'Content-Type: application/json'");
        assertThat(get("/api/reports/" + id).body()).contains("\"status\":\"NEW\"");
    }
}
