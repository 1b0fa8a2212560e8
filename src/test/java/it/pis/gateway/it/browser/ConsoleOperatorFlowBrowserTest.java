package it.pis.gateway.it.browser;

import it.pis.gateway.it.StaffSession;
import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's night, in a real browser against the running gateway: log in, watch a report sent
 * by HAPI's MLLP client appear in the open inbox without the page being reloaded, take it in
 * charge, read the original message after giving a reason, compose a handover to two recipients
 * whose preview shows what each agreement withholds, send it, follow both deliveries to
 * ACKNOWLEDGED by the real receivers, and log out; then an auditor finds the look at the original,
 * with its reason, in the audit trail. Each step is a method of its own, so a failure names the
 * step; axe-core checks each page and each state the steps leave it in. Beside it: a take that a
 * colleague won first is told in the row.
 */
class ConsoleOperatorFlowBrowserTest extends BrowserTest {

    /** The demo hospital: HL7 MDM^T02 over MLLP to HAPI's server (GatewayIntegrationTest.SAN_CARLO_MLLP). */
    private static final String HOSPITAL = "ospedale-san-carlo";
    /** The anti-violence centre: JSON over mutual TLS to a JSON receiver that opens the CMS envelope. */
    private static final String CAV = "cav-milano";
    private static final String COLLEAGUE = "browser.collega";
    private static final String REASON = "Verifica dell'identità con il pronto soccorso";

    @Test
    void anOperatorFollowsAReportFromArrivalToAcknowledgedHandoverAndAnAuditorSeesTheTrace() throws Exception {
        ConsoleBrowser browser = browser().logIn(OPERATOR, PASSWORD);

        String controlId = uniqueId();
        String report = aReportArrivesLiveInTheOpenInbox(browser, controlId);
        takeInCharge(browser, report);
        openTheOriginalWithAReason(browser, report, controlId);
        int hospitalHadReceived = SAN_CARLO_MLLP.order().size();
        String handover = composeToTwoRecipientsAfterAPreviewThatWithholds(browser, report);
        seeBothDeliveriesAcknowledged(browser, handover);
        assertThat(SAN_CARLO_MLLP.order()).as("messages HAPI's MLLP server received").hasSizeGreaterThan(hospitalHadReceived);

        browser.logOut();
        browser.open("/console/reports");
        assertThat(browser.path()).as("the inbox after logout").isEqualTo("/login");

        // at the auditor's own desk (a browser of their own)
        anAuditorFindsTheLookAtTheOriginalWithItsReason(browser.forget().logIn(AUDITOR, PASSWORD), report);
    }

    @Test
    void aReportSomeoneElseTookFirstIsToldInItsRowNotTaken() throws Exception {
        String report = hospitalReport(uniqueId(), "Greco", "Sara");
        ConsoleBrowser browser = browser().logIn(OPERATOR, PASSWORD).open("/console/reports");
        WebElement row = browser.shown(row(report));
        assertThat(row.getAttribute("data-status")).isEqualTo("NEW");

        // a colleague at another desk is quicker, through the staff API
        StaffSession colleague = as(COLLEAGUE, EnumSet.of(StaffRole.OPERATOR));
        assertThat(colleague.post("/api/reports/" + report + "/take", null).statusCode()).isEqualTo(200);
        row.findElement(By.cssSelector("button[data-action='take']")).click();

        WebElement refused = browser.shown(By.cssSelector(
                "#reports-body tr[data-report-id='" + report + "'] .row-notice[data-notice='already-taken'][role='alert']"));
        String already = words("inbox.take.already"); // "Già presa in carico da {0} ({1})."
        assertThat(refused.getText()).startsWith(already.substring(0, already.indexOf("{0}")) + COLLEAGUE + " (");
        assertThat(browser.driver().findElement(row(report)).getAttribute("data-status")).isEqualTo("TAKEN");
        browser.loaded().accessible("inbox, a take refused (409)");
    }

    /** Opens the inbox, waits for its live stream, has the hospital send an ADT^A04, and waits for its row. */
    private String aReportArrivesLiveInTheOpenInbox(ConsoleBrowser browser, String controlId) throws Exception {
        browser.driver().findElement(By.linkText(words("nav.reports"))).click();
        browser.until(d -> browser.path().equals("/console/reports"));
        browser.loaded().accessible("inbox");
        // the htmx SSE extension keeps its EventSource on the element: OPEN (1) once the gateway has subscribed it
        browser.until(d -> Boolean.TRUE.equals(browser.js("var d = document.getElementById('reports-live')['htmx-internal-data'];"
                + " return !!(d && d.sseEventSource && d.sseEventSource.readyState === 1)")));
        // a mark on this very document: a reload (or any navigation) would lose it
        browser.js("window.pisNeverReloaded = 'inbox opened before the report was sent'");

        String report = hospitalReport(controlId, "Bianchi", "Lucia");

        WebElement row = browser.shown(row(report));
        assertThat(browser.js("return window.pisNeverReloaded")).as("the page was never reloaded")
                .isEqualTo("inbox opened before the report was sent");
        assertThat(browser.path()).isEqualTo("/console/reports");
        assertThat(row.getAttribute("data-status")).isEqualTo("NEW");
        assertThat(browser.driver().findElement(By.cssSelector("#reports-body > tr")).getAttribute("data-report-id"))
                .as("the new report is on top").isEqualTo(report);
        assertThat(row.getText()).contains(words("status.NEW"));
        // and it is said, for screen readers, in the live region above the table
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"),
                browser.cell(row, words("inbox.col.partner")).getText()));
        browser.accessible("inbox, a report arrived live");
        return report;
    }

    /** The row's take button; the row answers in place, now TAKEN by this operator. */
    private void takeInCharge(ConsoleBrowser browser, String report) {
        browser.driver().findElement(row(report)).findElement(By.cssSelector("button[data-action='take']")).click();
        WebElement taken = browser.shown(By.cssSelector("tr[data-report-id='" + report + "'][data-status='TAKEN']"));
        assertThat(taken.findElement(By.cssSelector("[data-notice='taken']")).getText()).isEqualTo(words("inbox.take.done"));
        assertThat(taken.getText()).contains(OPERATOR, words("status.TAKEN"));
        assertThat(taken.findElements(By.cssSelector("button[data-action='take']"))).isEmpty();
        browser.loaded().accessible("inbox, a report taken");
    }

    /**
     * From the row to the report's page: the normalized report shows, the message as the hospital sent
     * it only once a reason is typed (and the form refuses to go without one).
     */
    private void openTheOriginalWithAReason(ConsoleBrowser browser, String report, String controlId) {
        browser.driver().findElement(row(report)).findElement(By.cssSelector("a[href$='/console/reports/" + report + "']")).click();
        WebElement page = browser.shown(By.cssSelector("#report[data-report-id='" + report + "'][data-status='TAKEN']"));
        browser.loaded().accessible("report page");
        assertThat(page.getText()).contains("Bianchi", "Lucia", "RSSMRA85T10A562S", controlId);
        assertThat(browser.driver().findElements(By.id("original-text"))).isEmpty();
        assertThat(browser.driver().getPageSource()).as("nothing of the original before a reason").doesNotContain("PV1|1|E");

        browser.driver().findElement(By.cssSelector("#original-reason button[type=submit]")).click();
        assertThat(browser.js("return document.getElementById('reason').validity.valueMissing")).as("no reason, no original")
                .isEqualTo(true);
        assertThat(browser.driver().findElements(By.id("original-text"))).isEmpty();

        browser.driver().findElement(By.id("reason")).sendKeys(REASON);
        browser.driver().findElement(By.cssSelector("#original-reason button[type=submit]")).click();
        WebElement original = browser.shown(By.id("original-text"));
        assertThat(original.getText()).startsWith("MSH|^~\\&|PS-ADT|OSPSANCARLO|").contains(controlId, "PV1|1|E");
        browser.loaded().accessible("report page, original shown");
    }

    /**
     * From the report page to a new handover for the hospital (MLLP) and the anti-violence centre
     * (JSON), whose agreements share different fields: the preview shows per recipient what leaves
     * and what stays in the centre, then the handover is sent. Returns the handover's id.
     */
    private String composeToTwoRecipientsAfterAPreviewThatWithholds(ConsoleBrowser browser, String report) {
        browser.driver().findElement(By.cssSelector("a[data-action='compose']")).click();
        browser.shown(By.cssSelector("#compose-reports li[data-report-id='" + report + "']"));
        browser.loaded().accessible("compose");
        browser.driver().findElement(By.id("recipient-" + HOSPITAL)).click();
        browser.driver().findElement(By.id("recipient-" + CAV)).click();
        browser.driver().findElement(By.id("summary")).sendKeys("Accolta in pronta accoglienza notturna, da rivalutare domattina");
        browser.driver().findElement(By.id("actions")).sendKeys("Colloquio sul posto");

        browser.driver().findElement(By.cssSelector("button[data-action='preview']")).click();
        WebElement hospital = browser.shown(preview(HOSPITAL));
        WebElement cav = browser.shown(preview(CAV));
        browser.loaded().accessible("compose, preview of two recipients");

        assertThat(hospital.getAttribute("data-refused")).isEqualTo("false");
        assertThat(leaving(hospital)).containsEntry("person.familyName", "Bianchi").containsEntry("person.givenName", "Lucia")
                .containsKey("summary").doesNotContainKey("person.sex");
        assertThat(withheld(hospital)).contains("person.sex");
        // the anti-violence centre's agreement shares the given name only: the rest of the person stays here
        assertThat(cav.getAttribute("data-refused")).isEqualTo("false");
        assertThat(leaving(cav)).containsEntry("person.givenName", "Lucia").containsKey("summary")
                .doesNotContainKeys("person.familyName", "person.birthDate", "person.identifier", "person.sex");
        assertThat(withheld(cav)).contains("person.familyName", "person.birthDate", "person.identifier", "person.sex");
        assertThat(cav.getText()).as("what the centre would see").doesNotContain("Bianchi", "RSSMRA85T10A562S")
                .contains(words("compose.withheld"));
        for (WebElement withheld : cav.findElements(By.cssSelector("li.withheld"))) {
            assertThat(withheld.getAttribute("data-rule")).as(withheld.getText()).isNotBlank();
        }

        browser.driver().findElement(By.cssSelector("button[data-action='send']")).click();
        browser.until(ExpectedConditions.urlMatches("/console/handovers/[0-9a-f-]{36}\\?sent$"));
        String path = browser.path();
        return path.substring("/console/handovers/".length(), path.indexOf('?'));
    }

    /**
     * The handover's page, as the send left it: each recipient's delivery, polled in place by the
     * page (never reloaded), until both are ACKNOWLEDGED by the real receivers, with their receipt.
     */
    private void seeBothDeliveriesAcknowledged(ConsoleBrowser browser, String handover) {
        browser.shown(By.cssSelector("#handover[data-handover-id='" + handover + "']"));
        assertThat(browser.driver().findElement(By.id("sent-notice")).getText()).isEqualTo(words("handover.sent"));
        browser.loaded().accessible("handover, just sent");
        browser.js("window.pisNeverReloaded = 'handover page'");

        for (String recipient : List.of(HOSPITAL, CAV)) {
            WebElement delivery = browser.shown(By.cssSelector(
                    "#delivery-table tr[data-delivery='" + recipient + "'][data-state='ACKNOWLEDGED']"));
            assertThat(delivery.getText()).as(recipient).contains(words("delivery.ACKNOWLEDGED"));
            assertThat(browser.cell(delivery, words("handover.col.receipt")).getText()).as("receipt from %s", recipient)
                    .isNotBlank();
        }
        browser.shown(By.cssSelector("#deliveries[data-polling='false']"));
        assertThat(browser.js("return window.pisNeverReloaded")).as("followed in place").isEqualTo("handover page");
        browser.loaded().accessible("handover, deliveries acknowledged");
    }

    /** The auditor searches the operator's looks at originals: the one just made is there, with its reason. */
    private void anAuditorFindsTheLookAtTheOriginalWithItsReason(ConsoleBrowser browser, String report) {
        browser.driver().findElement(By.linkText(words("nav.audit"))).click();
        browser.shown(By.id("audit-search"));
        browser.loaded().accessible("audit trail");
        browser.driver().findElement(By.id("actor")).sendKeys(OPERATOR);
        browser.driver().findElement(By.id("action")).sendKeys("ORIGINAL_VIEW");
        browser.driver().findElement(By.cssSelector("button[data-action='search']")).click();

        WebElement look = browser.shown(By.cssSelector("table#audit tr[data-action='ORIGINAL_VIEW']"));
        browser.loaded().accessible("audit trail, searched");
        assertThat(look.getText()).contains(OPERATOR, report, REASON);

        browser.driver().findElement(By.cssSelector("button[data-action='verify']")).click();
        browser.shown(By.cssSelector("#audit-verify p[data-intact='true']"));
        browser.loaded().accessible("audit trail, chain verified");
        browser.logOut();
    }

    private static By preview(String recipient) {
        return By.cssSelector("#preview section.recipient-preview[data-recipient='" + recipient + "']");
    }

    /** A recipient's preview: each field that leaves, with the value shown. */
    private static Map<String, String> leaving(WebElement preview) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (WebElement row : preview.findElements(By.cssSelector("table.leaving tr[data-field]"))) {
            fields.put(row.getAttribute("data-field"), row.findElement(By.tagName("td")).getText());
        }
        return fields;
    }

    /** A recipient's preview: each field marked withheld. */
    private static List<String> withheld(WebElement preview) {
        return preview.findElements(By.cssSelector("li.withheld[data-field]")).stream().map(w -> w.getAttribute("data-field")).toList();
    }

    private static By row(String report) {
        return By.cssSelector("#reports-body tr[data-report-id='" + report + "']");
    }

}
