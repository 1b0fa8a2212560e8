package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's inbox over HTTP: a report sent by HAPI's MLLP client is on the board with its
 * urgency and status in words; the live stream pushes a new report's row; taking it answers the row,
 * and a second operator gets a 409 row that says who took it, as an alert.
 */
class ConsoleInboxTest extends GatewayIntegrationTest {

    static String hl7Report(String familyName) throws Exception {
        Terser ack = new Terser(sendWithHapi(adtA04(uniqueId(), familyName, "Console", null), LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        return ack.get("/MSA-3").replace("report ", "");
    }

    @Test
    void theInboxListsAReportSentOverMllpWithUrgencyAndStatusInWords() throws Exception {
        String id = hl7Report("Bacheca");
        StaffSession operator = as("console.op.inbox", EnumSet.of(StaffRole.OPERATOR));

        HttpResponse<String> page = operator.get("/console/reports");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<table id=\"reports\">", "<th scope=\"col\">Urgenza</th>",
                "data-report-id=\"" + id + "\" data-status=\"NEW\"", "Ospedale San Carlo Borromeo",
                ">Emergenza</span>", "data-action=\"take\"", "sse-connect=\"/console/reports/stream\"",
                "sse-swap=\"report\"");
        assertThat(operator.get("/console/reports?lang=en").body()).contains("<html lang=\"en\"", ">Emergency</span>");
    }

    @Test
    void filtersAreAGetFormAndAValueNotUnderstoodIsSaidOnThePage() throws Exception {
        String id = hl7Report("Filtri");
        StaffSession operator = as("console.op.inbox", EnumSet.of(StaffRole.OPERATOR));

        assertThat(operator.get("/console/reports?status=NEW&partner=ospedale-san-carlo&period=1h").body())
                .contains("data-report-id=\"" + id + "\"", "<option value=\"NEW\" selected=\"selected\">",
                        "sse-connect=\"/console/reports/stream?status=NEW&amp;partner=ospedale-san-carlo&amp;period=1h\"");
        assertThat(operator.get("/console/reports?status=TAKEN").body()).doesNotContain("data-report-id=\"" + id + "\"");
        assertThat(operator.get("/console/reports?partner=cav-milano").body()).doesNotContain("data-report-id=\"" + id + "\"");

        HttpResponse<String> bad = operator.get("/console/reports?status=LOST&period=" + URLEncoder.encode("a year", StandardCharsets.UTF_8));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("id=\"filter-problems\"", "Lo stato indicato non esiste",
                "Il periodo indicato non esiste", "data-report-id=\"" + id + "\"");
    }

    @Test
    void theLiveStreamPushesANewReportsRowOnceItIsStored() throws Exception {
        StaffSession operator = as("console.op.inbox", EnumSet.of(StaffRole.OPERATOR));
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(operator.request("/console/reports/stream")
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Iterator<String> lines = stream.body().iterator();
        try {
            assertThat(lines.next()).isEqualTo(":subscribed");

            String id = hl7Report("Diretta");

            String event = CompletableFuture.supplyAsync(() -> {
                StringBuilder seen = new StringBuilder();
                while (lines.hasNext()) {
                    String line = lines.next();
                    seen.append(line).append('\n');
                    if (line.startsWith("data:") && line.contains(id)) {
                        return seen.toString();
                    }
                }
                return seen.toString();
            }).get(30, TimeUnit.SECONDS);
            assertThat(event).contains("event:report", "id:" + id);
            String row = event.lines().filter(l -> l.startsWith("data:") && l.contains(id)).findFirst().orElseThrow();
            assertThat(row).contains("<tr data-report-id=\"" + id + "\" data-status=\"NEW\"", "Emergenza",
                    "hx-post=\"/console/reports/" + id + "/take\"").doesNotContain("\n");
            String announce = CompletableFuture.supplyAsync(() -> {
                StringBuilder seen = new StringBuilder();
                while (lines.hasNext()) {
                    String line = lines.next();
                    seen.append(line).append('\n');
                    if (line.startsWith("data:")) {
                        break;
                    }
                }
                return seen.toString();
            }).get(30, TimeUnit.SECONDS);
            assertThat(announce).contains("event:announce", "data:Nuova segnalazione da Ospedale San Carlo Borromeo",
                    "urgenza: Emergenza.");
        } finally {
            stream.body().close();
        }
    }

    @Test
    void takingAnswersTheRowAndASecondOperatorIsToldWhoTookItAsAnAlert() throws Exception {
        String id = hl7Report("Presa");
        StaffSession first = as("console.op.first", EnumSet.of(StaffRole.OPERATOR));
        StaffSession second = as("console.op.second", EnumSet.of(StaffRole.OPERATOR));

        HttpResponse<String> taken = first.send(first.request("/console/reports/" + id + "/take")
                .header("HX-Request", "true").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(taken.statusCode()).isEqualTo(200);
        assertThat(taken.body()).startsWith("<tr").contains("data-status=\"TAKEN\"", "console.op.first",
                "data-notice=\"taken\"").doesNotContain("data-action=\"take\"");

        HttpResponse<String> late = second.send(second.request("/console/reports/" + id + "/take")
                .header("HX-Request", "true").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("role=\"alert\"", "data-notice=\"already-taken\"",
                "Già presa in carico da console.op.first");

        assertThat(get("/api/audit?action=REPORT_TAKE&actor=console.op.first").body()).contains(id);
    }

    @Test
    void takingWithoutHtmxGoesBackToTheReportAndAnUnknownOneIsAPageThatSaysSo() throws Exception {
        String id = hl7Report("SenzaHtmx");
        StaffSession operator = as("console.op.inbox", EnumSet.of(StaffRole.OPERATOR));

        HttpResponse<String> plain = operator.send(operator.request("/console/reports/" + id + "/take")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(plain.statusCode()).isEqualTo(302);
        assertThat(plain.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/reports/" + id));

        HttpResponse<String> unknown = operator.send(operator.request("/console/reports/not-a-report/take")
                .header("HX-Request", "true").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("id=\"problem\"", "Non esiste");
    }
}
