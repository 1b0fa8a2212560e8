package it.pis.gateway.it;

import it.pis.gateway.crypto.CmsEnvelopes;
import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Following a handover in the console over HTTP: its page lists each delivery with its state, the
 * polled fragment stops polling once all are settled, a refused delivery is retried from the page
 * (an acknowledged one answers 409), the list shows every delivery's state; and the preview of a
 * violence victim's case withholds place and contact by that rule.
 */
class ConsoleHandoverPagesTest extends JsonChannelSupport {

    private static final String OPERATOR = "console.op.handovers";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theHandoverPageShowsEachDeliveryAndItsFragmentPollsUntilAllAreSettled() throws Exception {
        String report = ConsoleInboxTest.hl7Report("Seguito");
        String handover = composeAndSend(report, "recipients=ospedale-san-carlo&recipients=csm-milano-nord");

        HttpResponse<String> page = operator().get("/console/handovers/" + handover + "?sent");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"sent-notice\"", "data-handover-id=\"" + handover + "\"",
                "<table id=\"delivery-table\">", "data-delivery=\"ospedale-san-carlo\"", "data-delivery=\"csm-milano-nord\"",
                "Accolto dalla console");
        assertThat(get("/api/audit?action=HANDOVER_VIEW&actor=" + OPERATOR).body()).contains(handover);

        String settled = fragmentUntil(handover, "data-polling=\"false\"");
        assertThat(settled).contains("<tr data-delivery=\"ospedale-san-carlo\" data-state=\"ACKNOWLEDGED\">",
                "<tr data-delivery=\"csm-milano-nord\" data-state=\"ACKNOWLEDGED\">", "Ricevuta confermata")
                .doesNotContain("hx-trigger", "data-action=\"retry\"");

        HttpResponse<String> notRetryable = retry(handover, "ospedale-san-carlo");
        assertThat(notRetryable.statusCode()).isEqualTo(409);
        assertThat(notRetryable.body()).contains("id=\"retry-notice\"", "role=\"alert\"", "Ricevuta confermata");

        assertThat(operator().get("/console/handovers").body()).contains("data-handover-id=\"" + handover + "\"",
                "data-delivery=\"csm-milano-nord\" data-state=\"ACKNOWLEDGED\"");
    }

    @Test
    void aRefusedDeliveryIsRetriedFromThePage() throws Exception {
        HttpResponse<String> created = post("/api/handovers", """
                {"reportIds": ["%s"], "recipients": ["test-json-refusing"], "summary": "Richiesta di posto letto",
                 "placement": {"partnerId": "test-json-refusing", "from": "2026-01-10T23:45:00Z"}}
                """.formatted(streetReport()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String handover = json(created).at("/handover/id").asString();

        String refused = fragmentUntil(handover, "data-state=\"REFUSED\"");
        assertThat(refused).contains("data-action=\"retry\"", "HTTP 422");

        HttpResponse<String> retried = retry(handover, "test-json-refusing");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).startsWith("<div id=\"deliveries\"").contains("id=\"retry-notice\"", "role=\"status\"");
        assertThat(get("/api/audit?action=DELIVERY_RETRY&actor=" + OPERATOR).body()).contains(handover);
    }

    @Test
    void thePreviewOfAViolenceVictimsCaseWithholdsPlaceAndContactByThatRule() throws Exception {
        byte[] body = """
                {"narrative": "Donna chiede protezione", "urgency": "emergency",
                 "person": {"givenName": "Anna", "familyName": "Colombo", "estimatedAge": 34, "sex": "F"},
                 "location": {"description": "Abitazione familiare, zona Corvetto"},
                 "contact": {"name": "Operatrice CAV di turno", "phone": "+39 02 5501 2233"}, "consent": true}
                """.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = JsonCavChannelTest.postCms(CmsEnvelopes.rsaAesCbc(body, JsonCavChannelTest.gateway()), newKey());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String report = json(response).get("id").asString();

        HttpResponse<String> preview = form("/console/handovers/preview", "reports=" + report
                + "&recipients=cav-milano&summary=Protezione&key=" + UUID.randomUUID(), true);

        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("data-recipient=\"cav-milano\"", "<tr data-field=\"person.givenName\">",
                "class=\"withheld\" data-field=\"location\" data-rule=\"withheld.VIOLENCE_VICTIM\"",
                "class=\"withheld\" data-field=\"contact\" data-rule=\"withheld.VIOLENCE_VICTIM\"",
                "vittima di violenza").doesNotContain("Corvetto", "5501");
    }

    @Test
    void anUnknownHandoverIsAPageThatSaysSo() throws Exception {
        HttpResponse<String> unknown = operator().get("/console/handovers/" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Questo passaggio di consegna non esiste");
        assertThat(operator().get("/console/handovers?state=LOST").body()).contains("id=\"filter-problems\"");
    }

    private String streetReport() throws Exception {
        HttpResponse<String> response = postJson(partner("uds-milano"), "/json/reports", """
                {"narrative": "Uomo dorme sotto i portici", "urgency": "emergency",
                 "person": {"familyName": "Ferri", "givenName": "Giuseppe", "estimatedAge": 67, "sex": "M"},
                 "needs": ["night-shelter"], "consent": true}
                """, newKey());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asString();
    }

    private String composeAndSend(String report, String recipients) throws Exception {
        HttpResponse<String> sent = form("/console/handovers", "reports=" + report + "&" + recipients + "&summary="
                + URLEncoder.encode("Accolto dalla console", StandardCharsets.UTF_8) + "&key=" + UUID.randomUUID(), false);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        return sent.headers().firstValue("Location").orElseThrow().replaceAll(".*/console/handovers/([0-9a-f-]{36}).*", "$1");
    }

    /** The polled fragment, fetched as htmx would until it contains {@code expected} (or the wait is over). */
    private String fragmentUntil(String handover, String expected) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            body = operator().send(operator().request("/console/handovers/" + handover + "/deliveries")
                    .header("HX-Request", "true").GET()).body();
            if (body.contains(expected)) {
                return body;
            }
            Thread.sleep(200);
        }
        assertThat(body).as("the deliveries fragment within " + WAIT).contains(expected);
        return body;
    }

    private HttpResponse<String> retry(String handover, String agreement) throws Exception {
        return operator().send(operator().request("/console/handovers/" + handover + "/deliveries/" + agreement + "/retry")
                .header("HX-Request", "true").POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> form(String path, String form, boolean htmx) throws Exception {
        HttpRequest.Builder request = operator().request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (htmx) {
            request.header("HX-Request", "true");
        }
        return operator().send(request);
    }

    private StaffSession operator() throws Exception {
        return as(OPERATOR, EnumSet.of(StaffRole.OPERATOR));
    }
}
