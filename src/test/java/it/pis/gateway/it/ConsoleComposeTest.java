package it.pis.gateway.it;

import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Composing a handover over HTTP: recipients offered from the agreements with an outbound section;
 * the preview per recipient shows what leaves, what is withheld and by which rule, and who may not
 * receive it at all; sending journals it once even when the same form is posted twice.
 */
class ConsoleComposeTest extends GatewayIntegrationTest {

    private static final String OPERATOR = "console.op.compose";
    private static final Pattern KEY = Pattern.compile("name=\"key\" value=\"([^\"]+)\"");
    private static final Pattern STARTED = Pattern.compile("name=\"started\" value=\"([^\"]+)\"");

    @Test
    void theComposePageOffersOnlyRecipientsWithAnOutboundSectionByName() throws Exception {
        String id = ConsoleInboxTest.hl7Report("Componi");
        HttpResponse<String> page = operator().get("/console/handovers/new?report=" + id);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form id=\"compose\"", "data-report-id=\"" + id + "\"",
                "<input type=\"checkbox\" name=\"recipients\" id=\"recipient-ospedale-san-carlo\" value=\"ospedale-san-carlo\">",
                "<label for=\"recipient-ospedale-san-carlo\"><span>Ospedale San Carlo Borromeo",
                "<label for=\"summary\">Sintesi</label>", "name=\"key\" value=\"")
                .doesNotContain("value=\"uds-milano\"");
    }

    @Test
    void thePreviewShowsPerRecipientWhatLeavesWhatIsWithheldAndWhy() throws Exception {
        String id = ConsoleInboxTest.hl7Report("Anteprima");
        String form = form(id, List.of("ospedale-san-carlo", "questura-milano"), "RESTRICTED");

        HttpResponse<String> preview = post("/console/handovers/preview", form, true);

        assertThat(preview.statusCode()).isEqualTo(200);
        String body = preview.body();
        assertThat(body).startsWith("<div id=\"preview\"");
        String sanCarlo = section(body, "ospedale-san-carlo");
        assertThat(sanCarlo).contains("<tr data-field=\"person.familyName\">", "Anteprima",
                "<tr data-field=\"summary\">", "Accolto in struttura")
                .contains("class=\"withheld\" data-field=\"person.sex\" data-rule=\"withheld.AGREEMENT\"",
                        "non previsto dall&#39;accordo", "not in agreement ospedale-san-carlo&#39;s sharing.fields")
                .doesNotContain("<tr data-field=\"person.sex\">");
        assertThat(section(body, "questura-milano")).contains("data-refused=\"true\"",
                "agreement questura-milano may receive only [NORMAL] cases");
        assertThat(get("/api/handovers?limit=1000").body()).doesNotContain(id);
    }

    @Test
    void aPreviewThatCannotBeSentSaysWhyWithoutFailing() throws Exception {
        String id = ConsoleInboxTest.hl7Report("SenzaSintesi");
        String form = "reports=" + id + "&recipients=ospedale-san-carlo&summary=&key=" + UUID.randomUUID();

        HttpResponse<String> preview = post("/console/handovers/preview", form, true);

        assertThat(preview.statusCode()).isEqualTo(400);
        assertThat(preview.body()).contains("id=\"preview-problems\"", "role=\"alert\"", "data-field=\"summary\"");
    }

    @Test
    void sendingJournalsTheHandoverOnceAndGoesToItsPage() throws Exception {
        String id = ConsoleInboxTest.hl7Report("Invio");
        StaffSession operator = operator();
        String page = operator.get("/console/handovers/new?report=" + id).body();
        String form = form(id, List.of("ospedale-san-carlo", "csm-milano-nord"), "") + "&key=" + group(KEY, page)
                + "&started=" + URLEncoder.encode(group(STARTED, page), StandardCharsets.UTF_8);

        HttpResponse<String> sent = post("/console/handovers", form, false);
        HttpResponse<String> again = post("/console/handovers", form, false);

        assertThat(sent.statusCode()).isEqualTo(302);
        String location = sent.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(".*/console/handovers/[0-9a-f-]{36}\\?sent");
        assertThat(again.headers().firstValue("Location")).hasValue(location);
        String handover = location.replaceAll(".*/console/handovers/([0-9a-f-]{36}).*", "$1");
        assertThat(get("/api/handovers/" + handover).body()).contains(id, "\"author\":\"" + OPERATOR + "\"",
                "\"recipient\":\"ospedale-san-carlo\"", "\"recipient\":\"csm-milano-nord\"");
        assertThat(get("/api/audit?action=HANDOVER_CREATE&actor=" + OPERATOR).body().split(handover, -1)).hasSize(2);
    }

    @Test
    void aRefusedSendShowsTheFormAgainWithTheProblems() throws Exception {
        String id = ConsoleInboxTest.hl7Report("Rifiutato");
        String form = form(id, List.of("questura-milano"), "RESTRICTED") + "&key=" + UUID.randomUUID();

        HttpResponse<String> refused = post("/console/handovers", form, false);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"compose-problems\"", "data-field=\"recipients[0]\"",
                "may receive only [NORMAL] cases", "Accolto in struttura", "value=\"questura-milano\" checked=\"checked\"");
    }

    private StaffSession operator() throws Exception {
        return as(OPERATOR, EnumSet.of(StaffRole.OPERATOR));
    }

    private static String form(String report, List<String> recipients, String confidentiality) {
        return "reports=" + report + "&" + recipients.stream().map(r -> "recipients=" + r).collect(Collectors.joining("&"))
                + "&summary=" + URLEncoder.encode("Accolto in struttura", StandardCharsets.UTF_8)
                + "&actions=" + URLEncoder.encode("Colloquio\nAccompagnamento", StandardCharsets.UTF_8)
                + "&confidentiality=" + confidentiality;
    }

    private HttpResponse<String> post(String path, String form, boolean htmx) throws Exception {
        StaffSession operator = operator();
        HttpRequest.Builder request = operator.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (htmx) {
            request.header("HX-Request", "true");
        }
        return operator.send(request);
    }

    private static String section(String body, String recipient) {
        int start = body.indexOf("data-recipient=\"" + recipient + "\"");
        assertThat(start).as("preview of " + recipient).isNotNegative();
        int end = body.indexOf("</section>", start);
        return body.substring(start, end);
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(pattern.pattern()).isTrue();
        return m.group(1);
    }
}
