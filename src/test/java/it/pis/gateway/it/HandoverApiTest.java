package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the handover API refuses, as a staff client sees it: a 400 or 422 problem that names the
 * field and the agreement rule, and nothing journaled or queued.
 */
class HandoverApiTest extends GatewayIntegrationTest {

    @Test
    void aMissingSummaryIs400NamingTheFieldAndNothingIsQueued() throws Exception {
        String report = hospitalReport();
        int before = handoverCount();

        HttpResponse<String> response = postHandover("{\"reportIds\":[\"" + report + "\"],"
                + "\"recipients\":[\"ospedale-san-carlo\"],\"author\":\"op.rossi\"}", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"summary\"", "\"message\":\"required\"",
                "nothing was queued");
        assertThat(handoverCount()).isEqualTo(before);
    }

    @Test
    void unknownReportsAndRecipientsAndRecipientsWithoutOutboundAre422NamingEach() throws Exception {
        String report = hospitalReport();
        UUID unknown = UUID.randomUUID();
        int before = handoverCount();

        HttpResponse<String> response = postHandover("{\"reportIds\":[\"" + report + "\",\"" + unknown + "\"],"
                + "\"recipients\":[\"ospedale-san-carlo\",\"asl-nowhere\",\"uds-milano\"],\"author\":\"op.rossi\","
                + "\"summary\":\"Accolto\"}", null);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains(
                "{\"field\":\"reportIds[1]\",\"message\":\"no report " + unknown + "\"}",
                "{\"field\":\"recipients[1]\",\"message\":\"no agreement 'asl-nowhere'",
                "{\"field\":\"recipients[2]\",\"message\":\"agreement uds-milano has no outbound section: it receives nothing\"}");
        assertThat(handoverCount()).isEqualTo(before);
    }

    @Test
    void aCaseAboveARecipientsConfidentialityIs422NamingTheAgreementRule() throws Exception {
        String report = hospitalReport();

        HttpResponse<String> response = postHandover("{\"reportIds\":[\"" + report + "\"],"
                + "\"recipients\":[\"questura-milano\"],\"author\":\"op.rossi\",\"summary\":\"Accolto\","
                + "\"confidentiality\":\"RESTRICTED\"}", null);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("{\"field\":\"recipients[0]\",\"message\":\"agreement questura-milano may"
                + " receive only [NORMAL] cases (sharing.confidentiality); this handover is RESTRICTED\"}");
    }

    @Test
    void malformedJsonAnUnknownPropertyAndAWrongTypeAre400NamingWhere() throws Exception {
        assertThat(postHandover("{\"reportIds\":", null).body()).contains("\"field\":\"body\"", "not valid handover JSON");
        assertThat(postHandover("{\"sumary\":\"typo\"}", null).body()).contains("\"field\":\"sumary\"");
        assertThat(postHandover("{\"actions\":[{\"at\":\"yesterday\",\"text\":\"x\"}]}", null).body())
                .contains("\"field\":\"actions[0].at\"");
        assertThat(postHandover("{}", "k".repeat(300)).body()).contains("\"field\":\"Idempotency-Key\"");
    }

    @Test
    void aPreviewShowsPerRecipientWhatWouldLeaveAndWhatIsWithheldAndWhyWithoutStoringAnything() throws Exception {
        String report = hospitalReport();
        int before = handoverCount();

        HttpResponse<String> preview = post("/api/handovers/preview", "{\"reportIds\":[\"" + report + "\"],"
                + "\"recipients\":[\"ospedale-san-carlo\",\"questura-milano\"],\"author\":\"op.rossi\","
                + "\"summary\":\"Accolto\",\"confidentiality\":\"RESTRICTED\"}");

        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("\"recipient\":\"ospedale-san-carlo\"",
                "\"shared\":[\"person.familyName\",\"person.givenName\",\"person.birthDate\",\"person.identifier\",\"summary\"]",
                "{\"field\":\"person.sex\",\"reason\":\"not in agreement ospedale-san-carlo's sharing.fields\"}",
                "\"recipient\":\"questura-milano\",\"format\":\"soap-handover\",\"refused\":\"agreement questura-milano"
                        + " may receive only [NORMAL] cases");
        assertThat(handoverCount()).isEqualTo(before);
    }

    @Test
    void unknownHandoversAndDeliveriesAre404() throws Exception {
        UUID id = UUID.randomUUID();
        assertThat(get("/api/handovers/" + id).statusCode()).isEqualTo(404);
        assertThat(get("/api/handovers/" + id + "/deliveries/ospedale-san-carlo/content").body())
                .contains("no delivery of handover " + id + " to ospedale-san-carlo");
        assertThat(post("/api/handovers/" + id + "/deliveries/ospedale-san-carlo/retry", null).statusCode()).isEqualTo(404);
        assertThat(get("/api/handovers?state=LOST").statusCode()).isEqualTo(400);
    }

    private String hospitalReport() throws Exception {
        Terser ack = new Terser(sendWithHapi(adtA04(uniqueId(), "Rossi", "Mario", null), LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        return ack.get("/MSA-3").replace("report ", "");
    }

    private int handoverCount() throws Exception {
        return get("/api/handovers?limit=1000").body().split("\"handover\":").length - 1;
    }

    private HttpResponse<String> postHandover(String json, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = staff().request("/api/handovers")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return staff().send(request);
    }
}
