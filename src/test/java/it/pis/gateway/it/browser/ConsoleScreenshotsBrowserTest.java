package it.pis.gateway.it.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's pictures of the console, taken at 1280×800 from the running gateway with a few
 * reports sent by HAPI's MLLP client and a handover acknowledged by the real receivers. Not part of
 * an ordinary run; regenerate them with
 * {@code mvn test -Dtest=ConsoleScreenshotsBrowserTest -Dpis.screenshots=docs/screenshots}.
 */
@EnabledIfSystemProperty(named = ConsoleScreenshotsBrowserTest.FOLDER, matches = ".+",
        disabledReason = "screenshots are taken on request: -D" + ConsoleScreenshotsBrowserTest.FOLDER + "=docs/screenshots")
class ConsoleScreenshotsBrowserTest extends BrowserTest {

    static final String FOLDER = "pis.screenshots";
    private static final Dimension SIZE = new Dimension(1280, 800);

    @Test
    void theMainPages() throws Exception {
        Path folder = Path.of(System.getProperty(FOLDER));
        String report = hospitalReport(uniqueId(), "Bianchi", "Lucia");
        hospitalReport(uniqueId(), "Ferrari", "Giorgio");
        hospitalReport(uniqueId(), "Esposito", "Marta");
        ConsoleBrowser browser = browser().viewport(SIZE);
        browser.open("/login");
        shoot(browser, folder, "login");

        browser.logIn(OPERATOR, PASSWORD).open("/console/reports");
        browser.shown(By.cssSelector("#reports-body tr[data-report-id='" + report + "']"));
        shoot(browser, folder, "inbox");

        browser.open("/console/reports/" + report);
        browser.driver().findElement(By.cssSelector("button[data-action='take']")).click();
        browser.shown(By.cssSelector("#report[data-status='TAKEN']"));
        browser.driver().findElement(By.id("reason")).sendKeys("Verifica dell'identità con il pronto soccorso");
        browser.driver().findElement(By.cssSelector("#original-reason button[type=submit]")).click();
        browser.shown(By.id("original-text"));
        browser.loaded();
        shoot(browser, folder, "report");

        browser.driver().findElement(By.cssSelector("a[data-action='compose']")).click();
        for (String recipient : List.of("ospedale-san-carlo", "cav-milano")) {
            browser.shown(By.id("recipient-" + recipient)).click();
        }
        browser.driver().findElement(By.id("summary")).sendKeys("Accolta in pronta accoglienza notturna, da rivalutare domattina");
        browser.driver().findElement(By.cssSelector("button[data-action='preview']")).click();
        WebElement preview = browser.shown(By.cssSelector("#preview section.recipient-preview[data-recipient='cav-milano']"));
        browser.loaded().js("document.getElementById('preview').scrollIntoView({block: 'start'})");
        assertThat(preview.findElements(By.cssSelector("li.withheld"))).isNotEmpty();
        shoot(browser, folder, "compose-preview");

        browser.driver().findElement(By.cssSelector("button[data-action='send']")).click();
        browser.shown(By.cssSelector("#deliveries[data-polling='false']"));
        assertThat(browser.driver().findElements(By.cssSelector("#delivery-table tr[data-state='ACKNOWLEDGED']"))).hasSize(2);
        shoot(browser, folder, "handover-deliveries");

        browser.forget().logIn(ADMIN, PASSWORD).open("/console/admin/partners");
        shoot(browser, folder, "partners");

        browser.forget().logIn(AUDITOR, PASSWORD).open("/console/audit?actor=" + OPERATOR);
        browser.shown(By.cssSelector("table#audit tr[data-action='ORIGINAL_VIEW']"));
        shoot(browser, folder, "audit");
    }

    /** A PNG of the window as it is, after axe-core found nothing on the page. */
    private static void shoot(ConsoleBrowser browser, Path folder, String name) throws Exception {
        browser.accessible(name);
        Path file = folder.resolve(name + ".png");
        browser.screenshot(file);
        assertThat(Files.size(file)).as(file.toString()).isPositive();
    }
}
