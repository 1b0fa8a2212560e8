package it.pis.gateway.it.browser;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.it.GatewayIntegrationTest;
import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.Dimension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A browser test of the console: the shared running gateway ({@link GatewayIntegrationTest}) and
 * one headless Chromium per test class ({@link ConsoleBrowser}), which starts each test with no
 * cookies. People of each role are created on first use with {@link #PASSWORD}. Texts are
 * compared with the console's own words ({@link #words}), Italian as the console starts.
 */
abstract class BrowserTest extends GatewayIntegrationTest {

    /** The operations room's ordinary screen. */
    static final Dimension FULL_HD = new Dimension(1920, 1080);

    static final String OPERATOR = "browser.operatore";
    static final String ADMIN = "browser.admin";
    static final String AUDITOR = "browser.auditor";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ConsoleBrowser browser;

    @Autowired
    private MessageSource messages;

    @BeforeEach
    void freshBrowser() {
        if (browser == null) {
            browser = new ConsoleBrowser(httpPort, FULL_HD);
        }
        browser.viewport(FULL_HD).forget();
        ensureUser(OPERATOR, EnumSet.of(StaffRole.OPERATOR));
        ensureUser(ADMIN, EnumSet.of(StaffRole.ADMIN));
        ensureUser(AUDITOR, EnumSet.of(StaffRole.AUDITOR));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    ConsoleBrowser browser() {
        return browser;
    }

    /** The demo hospital sends an ADT^A04 with HAPI's MLLP client; returns the id of the report the gateway made of it. */
    static String hospitalReport(String controlId, String familyName, String givenName) throws Exception {
        Terser ack = new Terser(sendWithHapi(adtA04(controlId, familyName, givenName, null), LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        return ack.get("/MSA-3").replace("report ", "");
    }

    /** A handover of {@code report} to {@code recipient} through the staff API (for pages that list handovers); its id. */
    String handoverThroughTheApi(String report, String recipient) throws Exception {
        HttpResponse<String> created = post("/api/handovers", "{\"reportIds\":[\"" + report + "\"],\"recipients\":[\""
                + recipient + "\"],\"summary\":\"Accolta in pronta accoglienza notturna\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("handover").get("id").asString();
    }

    /** Waits (through the staff API) until the delivery of {@code handover} to {@code recipient} is in {@code state}. */
    void awaitDelivery(String handover, String recipient, String state) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            String body = get("/api/handovers/" + handover).body();
            String now = null;
            for (JsonNode delivery : JSON.readTree(body).get("deliveries")) {
                if (delivery.get("recipient").asString().equals(recipient)) {
                    now = delivery.get("state").asString();
                }
            }
            assertThat(now).as("delivery to %s: %s", recipient, body).isEqualTo(state);
        });
    }

    /** The console's Italian text for {@code key} (messages.properties and i18n/*.properties). */
    String words(String key) {
        return messages.getMessage(key, null, Locale.ITALIAN);
    }
}
