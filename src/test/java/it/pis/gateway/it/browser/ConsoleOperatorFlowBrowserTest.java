package it.pis.gateway.it.browser;

import ca.uhn.hl7v2.util.Terser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's night, in a real browser against the running gateway: log in, watch a report sent
 * by HAPI's MLLP client appear in the open inbox without the page being reloaded, take it in
 * charge, read the original message after giving a reason, and log out. Each step is a method of its own, so a failure names the step; axe-core
 * checks each page and each state the steps leave it in.
 */
class ConsoleOperatorFlowBrowserTest extends BrowserTest {

    @Test
    void anOperatorSeesAReportArriveLiveTakesItAndLogsOut() throws Exception {
        ConsoleBrowser browser = browser().logIn(OPERATOR, PASSWORD);

        String controlId = uniqueId();
        String report = aReportArrivesLiveInTheOpenInbox(browser, controlId);
        takeInCharge(browser, report);
        openTheOriginalWithAReason(browser, report, controlId);

        browser.logOut();
        browser.open("/console/reports");
        assertThat(browser.path()).as("the inbox after logout").isEqualTo("/login");
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

        Terser ack = new Terser(sendWithHapi(adtA04(controlId, "Bianchi", "Lucia", null), LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        String report = ack.get("/MSA-3").replace("report ", "");

        WebElement row = browser.shown(row(report));
        assertThat(browser.js("return window.pisNeverReloaded")).as("the page was never reloaded")
                .isEqualTo("inbox opened before the report was sent");
        assertThat(browser.path()).isEqualTo("/console/reports");
        assertThat(row.getAttribute("data-status")).isEqualTo("NEW");
        assertThat(browser.driver().findElement(By.cssSelector("#reports-body > tr")).getAttribute("data-report-id"))
                .as("the new report is on top").isEqualTo(report);
        assertThat(row.getText()).contains(words("status.NEW"));
        // and it is said, for screen readers, in the live region above the table
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), partnerName(row)));
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

        browser.driver().findElement(By.id("reason")).sendKeys("Verifica dell'identità con il pronto soccorso");
        browser.driver().findElement(By.cssSelector("#original-reason button[type=submit]")).click();
        WebElement original = browser.shown(By.id("original-text"));
        assertThat(original.getText()).startsWith("MSH|^~\\&|PS-ADT|OSPSANCARLO|").contains(controlId, "PV1|1|E");
        browser.loaded().accessible("report page, original shown");
    }

    private static By row(String report) {
        return By.cssSelector("#reports-body tr[data-report-id='" + report + "']");
    }

    /** The partner column of an inbox row. */
    private static String partnerName(WebElement row) {
        return row.findElements(By.tagName("td")).get(1).getText();
    }
}
