package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.UUID;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report page over HTTP: the normalized report with a codice fiscale problem flagged; the
 * original message only after a reason, which goes to the audit trail with the operator's name.
 */
class ConsoleReportPageTest extends GatewayIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private static final String OPERATOR = "console.op.detail";

    @Test
    void thePageShowsTheNormalizedReportAndFlagsACodiceFiscaleThatFailsItsCheck() throws Exception {
        String er7 = adtA04(uniqueId(), "Verdi", "Anna", null).replace("RSSMRA85T10A562S", "RSSMRA85T10A562R");
        Terser ack = new Terser(sendWithHapi(er7, LATIN1));
        String id = ack.get("/MSA-3").replace("report ", "");
        StaffSession operator = as(OPERATOR, EnumSet.of(StaffRole.OPERATOR));

        HttpResponse<String> page = operator.get("/console/reports/" + id);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-report-id=\"" + id + "\"", "Verdi", "Anna", "10/12/1985",
                "RSSMRA85T10A562R", "id=\"identifier-problem\"", "Codice fiscale da verificare", "check character",
                "data-action=\"take\"", "href=\"/console/handovers/new?report=" + id + "\"", "<form id=\"original-reason\"",
                "<label for=\"reason\">").doesNotContain("id=\"original-text\"");
        assertThat(get("/api/audit?action=REPORT_VIEW&actor=" + OPERATOR).body()).contains(id);
    }

    @Test
    void theOriginalNeedsAReasonAndTheViewIsRecordedWithIt() throws Exception {
        String id = ConsoleInboxTest.hl7Report("Originale");
        StaffSession operator = as(OPERATOR, EnumSet.of(StaffRole.OPERATOR));

        HttpResponse<String> noReason = postForm(operator, "/console/reports/" + id + "/original", "reason=++");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).startsWith("<section id=\"original-panel\"").contains("id=\"reason-problem\"",
                "role=\"alert\"", "Scrivi il motivo").doesNotContain("id=\"original-text\"");
        assertThat(get("/api/audit?action=ORIGINAL_VIEW&actor=" + OPERATOR).body()).doesNotContain(id);

        String reason = "verifica dati anagrafici " + UUID.randomUUID();
        HttpResponse<String> shown = postForm(operator, "/console/reports/" + id + "/original",
                "reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8));
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"original-text\"", "MSH|^~\\&amp;|PS-ADT|OSPSANCARLO", "Originale^Console");
        assertThat(get("/api/audit?action=ORIGINAL_VIEW&actor=" + OPERATOR).body()).contains(id, reason);
    }

    @Test
    void anOriginalRemovedByTheRetentionPurgeSaysWhenInsteadOfShowingNothing() throws Exception {
        String id = ConsoleInboxTest.hl7Report("Conservazione");
        jdbc.update("UPDATE inbound_message SET raw = ?, raw_purged_at = CURRENT_TIMESTAMP WHERE report_id = ?",
                new byte[0], id);
        StaffSession operator = as(OPERATOR, EnumSet.of(StaffRole.OPERATOR));

        HttpResponse<String> shown = postForm(operator, "/console/reports/" + id + "/original", "reason=verifica");

        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"original-purged\"", "periodo di conservazione era scaduto")
                .doesNotContain("id=\"original-text\"");
    }

    @Test
    void withoutHtmxTheWholePageComesBackWithTheOriginalOpen() throws Exception {
        String id = ConsoleInboxTest.hl7Report("Pagina");
        StaffSession operator = as(OPERATOR, EnumSet.of(StaffRole.OPERATOR));

        HttpResponse<String> page = operator.send(operator.request("/console/reports/" + id + "/original")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("reason=controllo")));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"it\"", "data-report-id=\"" + id + "\"", "id=\"original-text\"");
    }

    @Test
    void anUnknownOrMalformedIdIsAPageThatSaysSo() throws Exception {
        StaffSession operator = as(OPERATOR, EnumSet.of(StaffRole.OPERATOR));

        HttpResponse<String> unknown = operator.get("/console/reports/" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Questa segnalazione non esiste", "<html lang=\"it\"", "console.op.detail");
        assertThat(operator.get("/console/reports/12345").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> postForm(StaffSession session, String path, String form) throws Exception {
        return session.send(session.request(path).header("HX-Request", "true")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    }
}
