package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integration admins' console pages over HTTP, as an ADMIN: partners (the same figures as
 * Prometheus), agreements, message search, dead deliveries. The auditor's page is in
 * {@link AuditConsoleTest}; the pages are driven in a real browser by the browser tests.
 */
class AdminConsoleTest extends GatewayIntegrationTest {

    private StaffSession admin() throws Exception {
        return as("console.admin", EnumSet.of(StaffRole.ADMIN));
    }

    @Test
    void thePartnerPageShowsTheLastMessageAndAgreesWithPrometheus() throws Exception {
        assertThat(new Terser(sendWithHapi(adtA04(uniqueId(), "Pagina", "Console", null), LATIN1)).get("/MSA-1"))
                .isEqualTo("AA");

        HttpResponse<String> page = admin().get("/console/admin/partners");
        String metrics = admin().get("/actuator/prometheus").body();

        assertThat(page.statusCode()).isEqualTo(200);
        String row = row(page.body(), "ospedale-san-carlo");
        assertThat(row).containsPattern("data-last-in>\\s*<time datetime=\"20\\d\\d-");
        assertThat(count(row, "data-in", "accepted")).isPositive()
                .isEqualTo(prometheus(metrics, "pis_messages_in_total", "accepted", "ospedale-san-carlo"));
        assertThat(row).contains("data-certificate=\"ospedale-san-carlo.crt\"");
        assertThat(page.body()).contains("<table id=\"partners\">", "<caption>", "<th scope=\"col\">");
    }

    @Test
    void anOperatorIsRefusedEveryAdminPage() throws Exception {
        StaffSession operator = as("console.operatore", EnumSet.of(StaffRole.OPERATOR));
        for (String page : new String[] {"/console/admin/partners", "/console/admin/agreements",
                "/console/admin/messages", "/console/admin/deliveries"}) {
            HttpResponse<String> refused = operator.send(operator.request(page).header("Accept", "text/html").GET());
            assertThat(refused.statusCode()).as(page).isEqualTo(403);
            assertThat(refused.body()).as(page).contains("Accesso negato");
        }
    }

    /** The table row of one partner. */
    static String row(String page, String partner) {
        int start = page.indexOf("data-partner=\"" + partner + "\"");
        assertThat(start).as("row of " + partner).isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
    }

    /** The count the page shows in {@code <li data-in="accepted">…<span class="count">N</span>}. */
    static long count(String row, String hook, String outcome) {
        Matcher m = Pattern.compile(hook + "=\"" + outcome + "\">.*?<span class=\"count\">(\\d+)</span>", Pattern.DOTALL)
                .matcher(row);
        assertThat(m.find()).as(hook + " " + outcome + " in " + row).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The sum over channels and causes of one meter's samples for a partner and outcome. */
    static long prometheus(String scrape, String meter, String outcome, String partner) {
        Matcher m = Pattern.compile("(?m)^" + meter + "\\{([^}]*)} (\\S+)$").matcher(scrape);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("outcome=\"" + outcome + "\"") && m.group(1).contains("partner=\"" + partner + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return Math.round(sum);
    }
}
