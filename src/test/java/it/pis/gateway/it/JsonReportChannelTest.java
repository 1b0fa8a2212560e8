package it.pis.gateway.it;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A street unit (uds-milano) posts reports as JSON over mutual TLS; staff see them mapped by the agreement. */
class JsonReportChannelTest extends JsonChannelSupport {

    static final String REPORT = """
            {"narrative": "Uomo anziano dorme sotto il portico, molto freddo", "urgency": "emergency",
             "person": {"familyName": "Bianchi", "givenName": "Carlo", "estimatedAge": 70, "sex": "M", "language": "it"},
             "location": {"description": "Portici di Piazza Duca d'Aosta", "municipalityIstat": "015146", "lat": 45.4852, "lon": 9.2040},
             "needs": ["shelter", "blankets"], "contact": {"name": "Operatore UDS", "phone": "+39 02 1234567"}, "consent": true}
            """;

    @Test
    void aReportIsAcceptedMappedByTheAgreementAndShownToStaff() throws Exception {
        String key = newKey();
        var response = postJson(partner("uds-milano"), "/json/reports", REPORT, key);

        assertThat(response.statusCode()).isEqualTo(201);
        var answer = json(response);
        assertThat(answer.get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(answer.get("type").asString()).isEqualTo("Report");
        var report = JSON.readTree(get("/api/reports/" + answer.get("id").asString()).body());
        assertThat(report.at("/source/partnerId").asString()).isEqualTo("uds-milano");
        assertThat(report.at("/source/channel").asString()).isEqualTo("json-rest");
        assertThat(report.at("/source/externalId").asString()).isEqualTo(key);
        assertThat(report.at("/person/familyName").asString()).isEqualTo("Bianchi");
        assertThat(report.at("/person/estimatedAge").asInt()).isEqualTo(70);
        assertThat(report.at("/person/sex").asString()).isEqualTo("M");
        assertThat(report.at("/location/municipalityIstat").asString()).isEqualTo("015146");
        assertThat(report.at("/location/lat").asDouble()).isEqualTo(45.4852);
        assertThat(report.at("/urgency").asString()).isEqualTo("EMERGENCY");
        assertThat(report.at("/needs").toString()).isEqualTo("[\"shelter\",\"blankets\"]");
        assertThat(report.at("/targetGroups").toString()).isEqualTo("[\"HOMELESS\"]");
        assertThat(report.at("/consent").asBoolean()).isTrue();
    }

    @Test
    void aReportWhoseStoredBodyWasChangedIsRefusedToStaffNamingTheRow() throws Exception {
        var response = postJson(partner("uds-milano"), "/json/reports", REPORT, newKey());
        String id = json(response).get("id").asString();
        String sealed = jdbc.queryForObject("SELECT body FROM report WHERE id = ?", String.class, id);
        // another first Base64 character: another nonce, so the tag no longer matches
        jdbc.update("UPDATE report SET body = ? WHERE id = ?", (sealed.charAt(0) == 'A' ? "B" : "A") + sealed.substring(1), id);

        var refused = get("/api/reports/" + id);

        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.body()).contains("report row " + id + " is unreadable").contains("authentication tag");
    }

    @Test
    void aResendWithTheSameKeyAnswers200WithTheSameIdAndMakesNoSecondReport() throws Exception {
        String key = newKey();
        var first = postJson(partner("uds-milano"), "/json/reports", REPORT, key);
        var again = postJson(partner("uds-milano"), "/json/reports", REPORT, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(json(again).get("id").asString()).isEqualTo(json(first).get("id").asString());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE partner_id = 'uds-milano' AND external_id = ?",
                Integer.class, key)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT outcome FROM inbound_message WHERE external_id = ? ORDER BY received_at",
                String.class, key)).containsExactly("ACCEPTED", "DUPLICATE");
    }

    @Test
    void withoutAnIdempotencyKeyTheReportIsRefused() throws Exception {
        var response = postJson(partner("uds-milano"), "/json/reports", REPORT, null);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("cause").asString()).isEqualTo("INVALID");
        assertThat(json(response).get("error").asString()).contains("Idempotency-Key header is missing");
        assertThat(journaledCause(response)).isEqualTo("REJECTED INVALID");
    }

    @Test
    void schemaErrorsNameEachFieldAndRule() throws Exception {
        var response = postJson(partner("uds-milano"), "/json/reports",
                "{\"person\": {\"birthDate\": \"31/12/1970\", \"nickname\": \"Carletto\"}, \"urgency\": \"soon\"}", newKey());

        assertThat(response.statusCode()).isEqualTo(422);
        var answer = json(response);
        assertThat(answer.get("cause").asString()).isEqualTo("INVALID");
        assertThat(answer.get("error").asString()).contains("Report does not match its schema");
        assertThat(answer.get("problems").toString())
                .contains("/narrative: required property 'narrative' not found")
                .contains("/person/birthDate: ")
                .contains("/person/nickname: ")
                .contains("/urgency: ");
        assertThat(journaledCause(response)).isEqualTo("REJECTED INVALID");
    }

    @Test
    void aBodyThatIsNotJsonIs400() throws Exception {
        var response = postJson(partner("uds-milano"), "/json/reports", "{\"narrative\": \"unterminated", newKey());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("cause").asString()).isEqualTo("UNPARSEABLE");
        assertThat(json(response).get("error").asString()).startsWith("the body is not valid JSON");
    }

    @Test
    void aFieldGivenTwiceIsRefusedRatherThanGuessed() throws Exception {
        var response = postJson(partner("uds-milano"), "/json/reports",
                "{\"narrative\": \"a\", \"narrative\": \"b\"}", newKey());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asString()).contains("Duplicate").contains("narrative");
    }

    @Test
    void anotherContentTypeIs415() throws Exception {
        var response = partner("uds-milano").post("/json/reports", "text/plain",
                REPORT.getBytes(StandardCharsets.UTF_8), Map.of("Idempotency-Key", newKey()));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("cause").asString()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(json(response).get("error").asString()).contains("application/json").contains("text/plain");
    }

    @Test
    void aBodyAboveTheLimitIs413() throws Exception {
        byte[] huge = new byte[1024 * 1024 + 100];
        Arrays.fill(huge, (byte) ' ');
        var response = partner("uds-milano").post("/json/reports", "application/json", huge,
                Map.of("Idempotency-Key", newKey()));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("cause").asString()).isEqualTo("TOO_LARGE");
        assertThat(journaledCause(response)).isEqualTo("REJECTED TOO_LARGE");
    }

    @Test
    void aDocumentTypeTheAgreementDoesNotListIsRefusedNamingTheRule() throws Exception {
        var shelterReport = postJson(partner("casa-accoglienza-san-martino"), "/json/reports", REPORT, newKey());
        var streetUnitBeds = postJson(partner("uds-milano"), "/json/beds",
                "{\"structure\": \"x\", \"beds\": {\"men\": {\"free\": 1, \"until\": \"2030-01-01T08:00:00Z\"}}}", newKey());

        assertThat(shelterReport.statusCode()).isEqualTo(403);
        assertThat(json(shelterReport).get("cause").asString()).isEqualTo("TYPE_NOT_ACCEPTED");
        assertThat(json(shelterReport).get("error").asString())
                .startsWith("agreement casa-accoglienza-san-martino does not accept Report (inbound[0].accept");
        assertThat(streetUnitBeds.statusCode()).isEqualTo(403);
        assertThat(json(streetUnitBeds).get("error").asString())
                .startsWith("agreement uds-milano does not accept BedAvailability (inbound[0].accept");
    }

    @Test
    void aPartnerOnAnotherChannelCannotPostJson() throws Exception {
        var response = postJson(partner("csm-milano-nord"), "/json/reports", REPORT, newKey());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("cause").asString()).isEqualTo("CERTIFICATE_REFUSED");
        assertThat(json(response).get("error").asString())
                .contains("belongs to agreement csm-milano-nord, which may not send on json-rest");
    }
}
