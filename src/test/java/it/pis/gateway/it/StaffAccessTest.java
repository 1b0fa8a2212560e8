package it.pis.gateway.it;

import it.pis.testauth.TestAuthorizationServer;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.security.DemoUsers;
import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No data without a login, and each role only its own: what an API client, a console session, a
 * curl user and a machine with a bearer token get from the staff port, and that the partner
 * channels are left exactly as they were.
 */
class StaffAccessTest extends GatewayIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void withoutALoginTheApiAnswers401AsProblemJsonNeverALoginPage() throws Exception {
        for (String path : new String[] {"/api/reports", "/api/handovers", "/api/admin/agreements", "/api/audit",
                "/api/reports/" + UUID.randomUUID() + "/original?reason=x", "/actuator/prometheus"}) {
            HttpResponse<String> response = anonymous(HttpRequest.newBuilder(staffUri(path)).header("Accept", "text/html"));
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(response.body()).as(path).contains("login required for GET " + path.replaceAll("\\?.*", ""),
                    "POST /login", "bearer token from " + AUTHORIZATION_SERVER.issuer()).doesNotContain("<html");
        }
        HttpResponse<String> take = anonymous(HttpRequest.newBuilder(staffUri("/api/reports/" + UUID.randomUUID() + "/take"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(take.statusCode()).isIn(401, 403);
    }

    @Test
    void aBrowserWithoutALoginIsSentToTheLoginPage() throws Exception {
        HttpResponse<String> console = anonymous(HttpRequest.newBuilder(staffUri("/console/reports")).header("Accept", "text/html"));
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        HttpResponse<String> login = anonymous(HttpRequest.newBuilder(staffUri("/login")));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"username\"", "name=\"_csrf\"", "/oauth2/authorization/oidc");
    }

    @Test
    void eachRoleReachesItsOwnEndpointsAndA403NamesTheRoleNeeded() throws Exception {
        StaffSession operator = as("ruoli.operatore", EnumSet.of(StaffRole.OPERATOR));
        StaffSession admin = as("ruoli.admin", EnumSet.of(StaffRole.ADMIN));
        StaffSession auditor = as("ruoli.auditor", EnumSet.of(StaffRole.AUDITOR));

        assertThat(operator.get("/api/reports").statusCode()).isEqualTo(200);
        assertThat(operator.get("/api/beds").statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/admin/agreements").statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/handovers").statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/admin/audit/verify").statusCode()).isEqualTo(200);
        assertThat(auditor.get("/api/audit").statusCode()).isEqualTo(200);
        assertThat(auditor.get("/api/admin/audit/verify").statusCode()).isEqualTo(200);

        HttpResponse<String> operatorOnAdmin = operator.post("/api/admin/agreements/reload", null);
        assertThat(operatorOnAdmin.statusCode()).isEqualTo(403);
        assertThat(operatorOnAdmin.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(operatorOnAdmin.body()).contains("ruoli.operatore (roles OPERATOR) may not POST /api/admin/agreements/reload:"
                + " it needs the role ADMIN (rule /api/admin/**)");
        assertThat(admin.get("/api/reports").body()).contains("it needs the role OPERATOR");
        assertThat(admin.get("/api/reports/" + UUID.randomUUID() + "/original?reason=x").statusCode()).isEqualTo(403);
        assertThat(auditor.get("/api/reports").statusCode()).isEqualTo(403);
        assertThat(operator.get("/api/audit").body()).contains("it needs the role AUDITOR");

        assertThat(get("/api/audit?actor=ruoli.operatore&action=ACCESS_DENIED").body())
                .contains("\"target\":\"POST /api/admin/agreements/reload\"", "\"outcome\":\"DENIED\"");
    }

    @Test
    void aSessionChangeWithoutItsCsrfTokenIsRefused() throws Exception {
        StaffSession session = staff();
        String report = hospitalReport();
        HttpResponse<String> noToken = session.send(HttpRequest.newBuilder(staffUri("/api/reports/" + report + "/take"))
                .header("Cookie", session.cookie()).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF", "X-CSRF-TOKEN", "GET /api/me");
        HttpResponse<String> wrongToken = session.send(HttpRequest.newBuilder(staffUri("/api/reports/" + report + "/take"))
                .header("Cookie", session.cookie()).header("X-CSRF-TOKEN", "not-the-token")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(get("/api/reports/" + report).body()).contains("\"status\":\"NEW\"");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteAndTheApiSaysWhoIsLoggedIn() throws Exception {
        HttpResponse<String> page = anonymous(HttpRequest.newBuilder(staffUri("/login")));
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("PIS_SESSION="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Lax");
        assertThat(staff().get("/api/me").body()).contains("\"username\":\"" + STAFF + "\"", "\"via\":\"form\"",
                "\"roles\":[\"OPERATOR\",\"ADMIN\",\"AUDITOR\",\"METRICS\"]", "\"headerName\":\"X-CSRF-TOKEN\"");
    }

    @Test
    void curlWithADemoUserWorksWithoutCsrfAndEveryRequestIsALoginInTheAuditTrail() throws Exception {
        DemoUsers.Demo demo = DemoUsers.USERS.get(0);
        String basic = "Basic " + Base64.getEncoder().encodeToString((demo.username() + ":" + demo.password())
                .getBytes(StandardCharsets.UTF_8));
        assertThat(anonymous(HttpRequest.newBuilder(staffUri("/api/reports")).header("Authorization", basic))
                .statusCode()).isEqualTo(200);
        String report = hospitalReport();
        HttpResponse<String> taken = anonymous(HttpRequest.newBuilder(staffUri("/api/reports/" + report + "/take"))
                .header("Authorization", basic).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(taken.statusCode()).isEqualTo(200);
        assertThat(taken.body()).contains("\"by\":\"operatore\"");

        String wrong = "Basic " + Base64.getEncoder().encodeToString("operatore:wrong-password-123".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> refused = anonymous(HttpRequest.newBuilder(staffUri("/api/reports")).header("Authorization", wrong));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).doesNotContain("Basic"));
        assertThat(refused.body()).contains("login refused");

        String trail = get("/api/audit?actor=operatore&limit=10").body();
        assertThat(trail).contains("\"action\":\"LOGIN\",\"outcome\":\"FAILED\"",
                "\"action\":\"REPORT_TAKE\",\"target\":\"" + report + "\"", "\"via\":\"basic\"");
    }

    @Test
    void aMachineWithABearerTokenGetsItsRolesFromTheTokenAndNeedsNoCsrf() throws Exception {
        String operatorToken = AUTHORIZATION_SERVER.token("it-operator");
        String report = hospitalReport();
        HttpResponse<String> taken = anonymous(HttpRequest.newBuilder(staffUri("/api/reports/" + report + "/take"))
                .header("Authorization", "Bearer " + operatorToken).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(taken.statusCode()).isEqualTo(200);
        assertThat(taken.body()).contains("\"by\":\"it-operator\"");
        assertThat(taken.headers().allValues("Set-Cookie")).as("stateless").isEmpty();

        HttpResponse<String> notAdmin = anonymous(HttpRequest.newBuilder(staffUri("/api/admin/agreements"))
                .header("Authorization", "Bearer " + operatorToken));
        assertThat(notAdmin.statusCode()).isEqualTo(403);
        assertThat(notAdmin.body()).contains("it-operator (roles OPERATOR) may not GET /api/admin/agreements");

        HttpResponse<String> noRoles = anonymous(HttpRequest.newBuilder(staffUri("/api/reports"))
                .header("Authorization", "Bearer " + AUTHORIZATION_SERVER.token("it-nobody")));
        assertThat(noRoles.statusCode()).isEqualTo(403);

        HttpResponse<String> forged = anonymous(HttpRequest.newBuilder(staffUri("/api/reports"))
                .header("Authorization", "Bearer " + operatorToken.substring(0, operatorToken.length() - 4) + "AAAA"));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("bearer token refused");
        assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).contains("invalid_token"));

        assertThat(get("/api/audit?actor=it-operator&action=REPORT_TAKE").body()).contains("\"target\":\"" + report + "\"",
                "\"via\":\"bearer\"");
    }

    @Test
    void aPersonLogsInThroughTheOidcProviderAndGetsTheRolesOfTheLocalUserOfThatName() throws Exception {
        staffUsers.find(TestAuthorizationServer.OIDC_OPERATOR).ifPresentOrElse(u -> { }, () -> staffUsers.add(
                TestAuthorizationServer.OIDC_OPERATOR, null, EnumSet.of(StaffRole.OPERATOR), false,
                new it.pis.gateway.security.StaffUsers.Changer("it-setup", "system")));
        Browser browser = new Browser();
        String gateway = "http://127.0.0.1:" + httpPort;

        HttpResponse<String> providerLogin = browser.open(gateway + "/oauth2/authorization/oidc", null);
        assertThat(providerLogin.body()).contains("name=\"username\"");
        assertThat(browser.visited.get(browser.visited.size() - 1)).isEqualTo("GET " + AUTHORIZATION_SERVER.issuer() + "/login");
        HttpResponse<String> back = browser.logIn(AUTHORIZATION_SERVER.issuer() + "/login", TestAuthorizationServer.OIDC_OPERATOR,
                TestAuthorizationServer.OIDC_PASSWORD, "/console");
        assertThat(back.headers().firstValue("Location")).as("%s", browser.visited)
                .hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
        assertThat(browser.visited).anyMatch(v -> v.startsWith("GET " + gateway + "/login/oauth2/code/oidc?code="));

        HttpResponse<String> me = browser.open(gateway + "/api/me", null);
        assertThat(me.body()).contains("\"username\":\"oidc.operatore\"", "\"via\":\"oidc\"", "\"roles\":[\"OPERATOR\"]");
        assertThat(browser.open(gateway + "/api/reports", null).statusCode()).isEqualTo(200);
        assertThat(browser.open(gateway + "/api/admin/agreements", null).statusCode()).isEqualTo(403);
        assertThat(get("/api/audit?actor=oidc.operatore&action=LOGIN").body()).contains("\"via\":\"oidc\"",
                "\"outcome\":\"OK\"");
    }

    @Test
    void aPersonTheProviderKnowsButTheGatewayDoesNotIsRefusedAndTheAttemptAudited() throws Exception {
        Browser browser = new Browser();
        String gateway = "http://127.0.0.1:" + httpPort;
        browser.open(gateway + "/oauth2/authorization/oidc", null);
        HttpResponse<String> back = browser.logIn(AUTHORIZATION_SERVER.issuer() + "/login", TestAuthorizationServer.OIDC_STRANGER, TestAuthorizationServer.OIDC_PASSWORD, "/login?error");
        assertThat(back.headers().firstValue("Location")).as("%s", browser.visited)
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(browser.open(gateway + "/api/reports", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/audit?actor=oidc.sconosciuto&action=LOGIN").body()).contains("\"outcome\":\"FAILED\"",
                "is not a user of this gateway");
    }

    @Test
    void theOriginalMessageNeedsAReasonAndTheViewIsAuditedWithIt() throws Exception {
        String id = uniqueId();
        String er7 = adtA04(id, "Originale", "Messaggio", null);
        Terser ack = new Terser(sendWithHapi(er7, LATIN1));
        String report = ack.get("/MSA-3").replace("report ", "");

        HttpResponse<String> noReason = get("/api/reports/" + report + "/original");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("parameter 'reason' is required");

        HttpResponse<byte[]> original = staff().getBytes("/api/reports/" + report + "/original?reason="
                + java.net.URLEncoder.encode("verifica identità per il collocamento", StandardCharsets.UTF_8));
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(new String(original.body(), LATIN1)).isEqualTo(er7);
        assertThat(original.headers().firstValue("Cache-Control")).hasValue("no-store");

        assertThat(get("/api/audit?action=ORIGINAL_VIEW&target=" + report).body()).contains("\"actor\":\"" + STAFF + "\"",
                "\"reason\":\"verifica identità per il collocamento\"", "\"remoteAddress\":\"127.0.0.1\"");
        get("/api/reports/" + report);
        assertThat(get("/api/audit?action=REPORT_VIEW&target=" + report).body()).contains("\"actor\":\"" + STAFF + "\"");
    }

    @Test
    void anOriginalMessageRemovedByTheRetentionPurgeIsGoneAndSaysSo() throws Exception {
        String report = hospitalReport();
        jdbc.update("UPDATE inbound_message SET raw = ?, raw_purged_at = CURRENT_TIMESTAMP WHERE report_id = ?",
                new byte[0], report);

        HttpResponse<String> gone = get("/api/reports/" + report + "/original?reason=verifica");

        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.body()).contains("was removed on", "by the retention purge", "the report and the message's record stay");
    }

    @Test
    void partnerChannelsStayOutsideTheStaffLogin() throws Exception {
        HttpResponse<String> response = partner("uds-milano").post("/json/reports", "application/json",
                "{\"narrative\":\"nessun login per i partner\",\"consent\":true}".getBytes(StandardCharsets.UTF_8),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Frame-Options")
                || h.equalsIgnoreCase("X-Content-Type-Options"));
    }

    private String hospitalReport() throws Exception {
        Terser ack = new Terser(sendWithHapi(adtA04(uniqueId(), "Accesso", "Prova", null), LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        return ack.get("/MSA-3").replace("report ", "");
    }
}
