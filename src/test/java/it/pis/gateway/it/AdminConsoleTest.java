package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.journal.AuditTrail;
import it.pis.gateway.journal.JournalCipher;
import it.pis.gateway.journal.PurgeCounts;
import it.pis.gateway.journal.RetentionPeriods;
import it.pis.gateway.journal.RetentionPolicy;
import it.pis.gateway.journal.RetentionPurge;
import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
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

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditTrail auditTrail;
    @Autowired
    JournalCipher journalCipher;
    @Autowired
    JsonMapper jsonMapper;

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
        assertThat(row).containsPattern("data-last-in><span>[^<]+</span>:\\s*<time datetime=\"20\\d\\d-");
        assertThat(count(row, "data-in", "accepted")).isPositive()
                .isEqualTo(prometheus(metrics, "pis_messages_in_total", "accepted", "ospedale-san-carlo"));
        assertThat(row).contains("data-certificate=\"ospedale-san-carlo.crt\"");
        assertThat(page.body()).contains("<table id=\"partners\">", "<caption>", "<th scope=\"col\">");
        String gateway = page.body().substring(page.body().indexOf("id=\"gateway-certificate\""), page.body().indexOf("</section>"));
        assertThat(gateway).contains("data-certificate=\"gateway.crt\"");
    }

    @Test
    void anAgreementIsShownWithWhatItMeans() throws Exception {
        HttpResponse<String> list = admin().get("/console/admin/agreements");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("<table id=\"agreements\">", "data-agreement=\"ospedale-san-carlo\"",
                "href=\"/console/admin/agreements/cav-milano\"", "data-action=\"reload\"");

        String one = admin().get("/console/admin/agreements/ospedale-san-carlo").body();
        assertThat(one).contains("data-agreement=\"ospedale-san-carlo\"", "data-channel=\"hl7v2-mllp\"",
                "sendingFacility = OSPSANCARLO", "ADT^A04", "data-field=\"person.familyName\"", "id=\"agreement-yaml\"",
                "kind: hospital");
        assertThat(admin().get("/console/admin/agreements/nessuno").statusCode()).isEqualTo(404);
    }

    @Test
    void aBrokenEditedFileIsListedByFieldAndNothingChanges() throws Exception {
        Path hospital = AGREEMENTS.resolve("ospedale-san-carlo.yaml");
        String valid = Files.readString(hospital);

        HttpResponse<String> checked = form(admin(), "/console/admin/agreements/validate", Map.of(
                "fileName", "ospedale-san-carlo.yaml", "yaml", valid.replace("kind: hospital", "kind: hospitall")));

        assertThat(checked.statusCode()).isEqualTo(200);
        assertThat(checked.body()).contains("data-valid=\"false\"", "data-field=\"kind\"", "Il file non è valido: 1 problemi");
        assertThat(Files.readString(hospital)).isEqualTo(valid);
        assertThat(form(admin(), "/console/admin/agreements/validate", Map.of("fileName", "ospedale-san-carlo.yaml",
                "yaml", valid)).body()).contains("data-valid=\"true\"");
        assertThat(form(admin(), "/console/admin/agreements/validate", Map.of("fileName", "x.yaml", "yaml", " ")).body())
                .contains("data-valid=\"false\"", "Il file è vuoto");
    }

    @Test
    void anUploadedFileIsCheckedToo() throws Exception {
        String copy = Files.readString(AGREEMENTS.resolve("ospedale-san-carlo.yaml"));
        String boundary = "pis-" + uniqueId();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"fileName\"\r\n\r\n\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"ospedale-copia.yaml\"\r\n"
                + "Content-Type: application/yaml\r\n\r\n" + copy + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> checked = admin().send(admin().request("/console/admin/agreements/validate")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(checked.statusCode()).isEqualTo(200);
        assertThat(checked.body()).contains("data-valid=\"false\"", "ospedale-copia.yaml", "data-field=\"id\"",
                "duplicate id");
        assertThat(AGREEMENTS.resolve("ospedale-copia.yaml")).doesNotExist();
    }

    @Test
    void reloadListsTheProblemsWhenRefusedAndIsAudited() throws Exception {
        Path hospital = AGREEMENTS.resolve("ospedale-san-carlo.yaml");
        String valid = Files.readString(hospital);
        Files.writeString(hospital, valid.replace("kind: hospital", "kind: hospitall"));
        HttpResponse<String> refused;
        try {
            refused = form(admin(), "/console/admin/agreements/reload", Map.of());
        } finally {
            Files.writeString(hospital, valid);
        }
        HttpResponse<String> reloaded = form(admin(), "/console/admin/agreements/reload", Map.of());

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("data-reloaded=\"false\"", "data-field=\"kind\"", "Ricarica rifiutata");
        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(reloaded.body()).contains("data-reloaded=\"true\"", "accordi in vigore");
        assertThat(get("/api/audit?actor=console.admin&action=AGREEMENTS_RELOAD").body())
                .contains("\"outcome\":\"REFUSED\"", "\"outcome\":\"OK\"");
    }

    @Test
    void aChangeWithoutTheCsrfTokenIsRefused() throws Exception {
        HttpResponse<String> forged = admin().send(HttpRequest.newBuilder(staffUri("/console/admin/agreements/reload"))
                .header("Cookie", admin().cookie()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void aMessageIsFoundByItsExternalIdAndShownWithoutPersonalData() throws Exception {
        String controlId = uniqueId();
        assertThat(new Terser(sendWithHapi(adtA04(controlId, "Cercabile", "Persona", null), LATIN1)).get("/MSA-1"))
                .isEqualTo("AA");

        String found = admin().get("/console/admin/messages?externalId=" + controlId + "&partner=ospedale-san-carlo"
                + "&outcome=ACCEPTED&channel=hl7v2-mllp").body();

        assertThat(found).contains("<table id=\"messages\">", "data-direction=\"in\"", "data-outcome=\"ACCEPTED\"",
                controlId, "ADT^A04");
        Matcher link = Pattern.compile("href=\"(/console/admin/messages/in/[^\"]+)\"").matcher(found);
        assertThat(link.find()).isTrue();
        assertThat(found.split("data-message=").length).isEqualTo(2);
        String detail = admin().get(link.group(1)).body();
        assertThat(detail).contains("id=\"message\"", controlId, "OSPSANCARLO", "ACCEPTED")
                .doesNotContain("Cercabile", "RSSMRA85T10A562S", "Via Padova");
        assertThat(found).doesNotContain("Cercabile");
        assertThat(admin().get("/console/admin/messages?externalId=" + uniqueId()).body())
                .contains("Nessun messaggio corrisponde").doesNotContain("data-message=");
    }

    @Test
    void aSearchThatCannotRunSaysWhyOnThePage() throws Exception {
        HttpResponse<String> outcome = admin().get("/console/admin/messages?outcome=LOST");
        assertThat(outcome.statusCode()).isEqualTo(400);
        assertThat(outcome.body()).contains("id=\"messages-error\"", "Esito non valido").doesNotContain("id=\"messages\"");
        assertThat(admin().get("/console/admin/messages?from=ieri").statusCode()).isEqualTo(400);
        assertThat(admin().get("/console/admin/messages?page=0").statusCode()).isEqualTo(400);
        assertThat(admin().get("/console/admin/messages/in/nessuno").statusCode()).isEqualTo(404);
    }

    @Test
    void aDeadDeliveryIsListedAndRetriedThroughTheSameServiceAsTheApi() throws Exception {
        String handover = handoverTo("test-mllp-dead");
        awaitState(handover, "test-mllp-dead", "DEAD");

        String page = admin().get("/console/admin/deliveries").body();
        String row = page.substring(page.indexOf("data-delivery=\"" + handover + "/test-mllp-dead\""));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains("data-state=\"DEAD\"", "data-action=\"retry\"",
                "cannot deliver to mllp://127.0.0.1:1");

        HttpResponse<String> retried = form(admin(), "/console/admin/deliveries/" + handover + "/test-mllp-dead/retry",
                Map.of());

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).contains("data-retried=\"restarted\"", "è ripartita");
        assertThat(get("/api/audit?actor=console.admin&action=DELIVERY_RETRY&target=" + handover + "/test-mllp-dead")
                .body()).contains("\"outcome\":\"OK\"");
        assertThat(get("/api/handovers/" + handover).body()).contains("restarted by console.admin (was DEAD)");
        String out = admin().get("/console/admin/messages?direction=out&partner=test-mllp-dead").body();
        assertThat(out).contains("data-direction=\"out\"", "test-mllp-dead");
        Matcher delivery = Pattern.compile("href=\"(/console/admin/messages/out/[^\"]+)\"").matcher(out);
        assertThat(delivery.find()).isTrue();
        assertThat(admin().get(delivery.group(1)).body()).contains("id=\"message-history\"", "restarted by console.admin");
    }

    @Test
    void aDeadDeliveryWhoseContentWasPurgedIsNoLongerListedNorRestarted() throws Exception {
        String handover = handoverTo("test-mllp-dead");
        awaitState(handover, "test-mllp-dead", "DEAD");
        // failed a week ago, and this recipient's own period for failed deliveries is a day: nothing else
        // in the shared journal is that old under that rule
        jdbc.update("UPDATE delivery SET updated_at = ? WHERE handover_id = ?",
                Timestamp.from(Instant.now().minus(Duration.ofDays(7))), handover);
        RetentionPolicy policy = new RetentionPolicy(RetentionPeriods.NONE, Map.of("test-mllp-dead",
                new RetentionPeriods(null, null, null, Duration.ofDays(1), null)));
        PurgeCounts counts = new RetentionPurge(jdbc, 100, 100, auditTrail, () -> policy, Clock.systemUTC(), journalCipher,
                jsonMapper).purge("it.admin", "cli");
        assertThat(counts.failedDeliveriesBlanked()).isEqualTo(1);

        assertThat(admin().get("/console/admin/deliveries").body()).doesNotContain(handover + "/test-mllp-dead");
        HttpResponse<String> page = form(admin(), "/console/admin/deliveries/" + handover + "/test-mllp-dead/retry", Map.of());
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("data-retried=\"purged\"", "retention.failedDeliveries P1D");
        HttpResponse<String> api = post("/api/handovers/" + handover + "/deliveries/test-mllp-dead/retry", "");
        assertThat(api.statusCode()).isEqualTo(410);
        assertThat(api.body()).contains("purged", "retention.failedDeliveries P1D of agreement test-mllp-dead",
                "write a new handover");
        assertThat(get("/api/handovers/" + handover).body()).contains("\"state\":\"DEAD\"", "contentPurgedAt");
    }

    @Test
    void aRetryOfNoSuchDeliveryOrAnUnknownStateSaysSoOnThePage() throws Exception {
        HttpResponse<String> none = form(admin(), "/console/admin/deliveries/" + UUID.randomUUID() + "/nessuno/retry",
                Map.of());
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("data-retried=\"notFound\"");
        HttpResponse<String> badId = form(admin(), "/console/admin/deliveries/not-a-handover/nessuno/retry", Map.of());
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("id=\"problem\"", "La richiesta non è valida");
        HttpResponse<String> badState = admin().get("/console/admin/deliveries?state=LOST");
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(badState.body()).contains("Stato &#39;LOST&#39; non valido");
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

    /** A report from the demo hospital, then a handover about it to {@code recipient}; returns the handover id. */
    private String handoverTo(String recipient) throws Exception {
        Terser ack = new Terser(sendWithHapi(adtA04(uniqueId(), "Rossi", "Mario", null), LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        String json = "{\"reportIds\":[\"" + ack.get("/MSA-3").replace("report ", "") + "\"],\"recipients\":[\""
                + recipient + "\"],\"summary\":\"Consegna che non arriverà\","
                + "\"actions\":[{\"at\":\"2026-11-26T01:10:00Z\",\"text\":\"Colloquio sul posto\"}]}";
        HttpResponse<String> created = post("/api/handovers", json);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("handover").get("id").asString();
    }

    private void awaitState(String handover, String recipient, String state) throws Exception {
        Instant until = Instant.now().plusSeconds(30);
        while (!state.equals(deliveryState(handover, recipient))) {
            assertThat(Instant.now()).as("delivery of " + handover + " to " + recipient + " never " + state).isBefore(until);
            Thread.sleep(200);
        }
    }

    private String deliveryState(String handover, String recipient) throws Exception {
        for (JsonNode delivery : JSON.readTree(get("/api/handovers/" + handover).body()).get("deliveries")) {
            if (delivery.get("recipient").asString().equals(recipient)) {
                return delivery.get("state").asString();
            }
        }
        return null;
    }

    /** A form POST as the browser sends it, with the session's CSRF token in the header as console.js adds it. */
    static HttpResponse<String> form(StaffSession session, String path, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return session.send(session.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
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
