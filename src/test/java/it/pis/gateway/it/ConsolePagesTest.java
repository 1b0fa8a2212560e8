package it.pis.gateway.it;

import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's frame over HTTP: the gateway's own login page, the start page offering only the
 * sections a role opens, Italian by default and English on request, a role refused with a page
 * (not JSON), and the security headers every page carries. The pages themselves are driven in a
 * real browser by the browser tests.
 */
class ConsolePagesTest extends GatewayIntegrationTest {

    @Test
    void theLoginPageIsTheGatewaysOwnInItalianWithLabelledFields() throws Exception {
        HttpResponse<String> login = anonymous(HttpRequest.newBuilder(staffUri("/login")));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<html lang=\"it\"", "<label for=\"username\">Nome utente</label>",
                "<label for=\"password\">Password</label>", "name=\"_csrf\"", "/webjars/htmx.org/2.0.4/dist/htmx.min.js");
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'"));
        assertThat(anonymous(HttpRequest.newBuilder(staffUri("/login?lang=en"))).body())
                .contains("<html lang=\"en\"", "<label for=\"username\">Username</label>");
        assertThat(anonymous(HttpRequest.newBuilder(staffUri("/webjars/htmx.org/2.0.4/dist/htmx.min.js"))).statusCode())
                .isEqualTo(200);
        assertThat(anonymous(HttpRequest.newBuilder(staffUri("/assets/console.css"))).statusCode()).isEqualTo(200);
    }

    @Test
    void theStartPageOffersOnlyTheSectionsOfTheRole() throws Exception {
        StaffSession operator = as("console.operatore", EnumSet.of(StaffRole.OPERATOR));
        StaffSession auditor = as("console.auditor", EnumSet.of(StaffRole.AUDITOR));

        String operatorHome = operator.get("/console").body();
        assertThat(operatorHome).contains("href=\"/console/reports\"", "console.operatore", "action=\"/logout\"")
                .doesNotContain("href=\"/console/admin/partners\"", "href=\"/console/audit\"");
        String auditorHome = auditor.get("/console").body();
        assertThat(auditorHome).contains("href=\"/console/audit\"").doesNotContain("href=\"/console/reports\"");
    }

    @Test
    void aRoleThatDoesNotOpenAPageGetsA403PageNotJson() throws Exception {
        StaffSession operator = as("console.operatore", EnumSet.of(StaffRole.OPERATOR));
        HttpResponse<String> admin = operator.send(operator.request("/console/admin/partners")
                .header("Accept", "text/html").GET());
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(admin.body()).contains("Accesso negato").doesNotContain("problem+json")
                .as("the header stays: the operator's own sections and the logout button")
                .contains("href=\"/console/reports\"", "action=\"/logout\"");
    }
}
