package it.pis.gateway.it.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets in and where, in a real browser: the login form (a wrong password told plainly, the
 * keyboard alone enough), the 403 page an operator meets on the admin and audit pages, what an
 * admin sees and restarts, and a logout that ends the session on the gateway, not only in the
 * browser. axe-core checks every page on the way (the auditor's page: ConsoleOperatorFlowBrowserTest).
 */
class ConsoleAccessBrowserTest extends BrowserTest {

    @Test
    void aWrongPasswordIsToldOnTheLoginPageAndNothingIsOpened() {
        ConsoleBrowser browser = browser().open("/login");
        browser.driver().findElement(By.id("username")).sendKeys(OPERATOR);
        browser.driver().findElement(By.id("password")).sendKeys("not-the-password");
        browser.driver().findElement(By.cssSelector("form[action$='/login'] button[type=submit]")).click();

        browser.until(d -> browser.path().equals("/login?error"));
        assertThat(browser.loaded().driver().findElement(By.cssSelector("[role=alert]")).getText())
                .isEqualTo(words("login.error"));
        browser.accessible("login, refused");
        browser.open("/console/reports");
        assertThat(browser.path()).isEqualTo("/login");
    }

    @Test
    void loginAndTheSkipLinkWorkWithTheKeyboardAlone() {
        ConsoleBrowser browser = browser().open("/login");
        assertThat(focused(browser).getAttribute("id")).as("focus on arrival").isEqualTo("username");
        focused(browser).sendKeys(OPERATOR, Keys.TAB);
        assertThat(focused(browser).getAttribute("id")).isEqualTo("password");
        focused(browser).sendKeys(PASSWORD, Keys.ENTER);
        browser.until(d -> browser.path().equals("/console"));

        new Actions(browser.loaded().driver()).sendKeys(Keys.TAB).perform();
        assertThat(focused(browser).getText()).as("first stop of the keyboard").isEqualTo(words("nav.skip"));
        focused(browser).sendKeys(Keys.ENTER);
        browser.until(d -> "main".equals(focused(browser).getAttribute("id")));
    }

    @Test
    void anOperatorCannotOpenTheAdminOrAuditPagesAndIsToldWhyOnAPage() {
        ConsoleBrowser browser = browser().logIn(OPERATOR, PASSWORD);
        assertThat(browser.path()).isEqualTo("/console");
        assertThat(browser.driver().findElement(By.cssSelector("nav")).getText())
                .contains(words("nav.reports")).doesNotContain(words("nav.partners"), words("nav.audit"));
        browser.accessible("start page, operator");

        for (String page : new String[] {"/console/admin/partners", "/console/admin/agreements",
                "/console/admin/deliveries", "/console/audit"}) {
            browser.open(page);
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).as(page).isEqualTo(words("error.forbidden"));
            assertThat(browser.driver().findElement(By.id("main")).getText()).as(page)
                    .contains(words("error.forbiddenText"));
        }
    }

    @Test
    void anAdminSeesThePartnersWithTheirTrafficAndTheAgreements() throws Exception {
        hospitalReport(uniqueId(), "Partner", "Pagina");
        ConsoleBrowser browser = browser().logIn(ADMIN, PASSWORD);
        assertThat(browser.driver().findElement(By.cssSelector("nav")).getText())
                .contains(words("nav.partners"), words("nav.agreements"), words("nav.deliveries"))
                .doesNotContain(words("nav.reports"), words("nav.audit"));

        browser.open("/console/admin/partners");
        WebElement hospital = browser.shown(By.cssSelector("table#partners tr[data-partner='ospedale-san-carlo']"));
        assertThat(hospital.findElement(By.cssSelector("[data-last-in] time")).getAttribute("datetime")).startsWith("20");
        assertThat(Integer.parseInt(hospital.findElement(By.cssSelector("li[data-in='accepted'] .count")).getText()))
                .isPositive();
        assertThat(hospital.findElements(By.cssSelector("li[data-certificate='ospedale-san-carlo.crt']"))).hasSize(1);

        browser.open("/console/admin/agreements");
        browser.shown(By.cssSelector("table#agreements tr[data-agreement='ospedale-san-carlo'] a")).click();
        browser.until(d -> browser.path().equals("/console/admin/agreements/ospedale-san-carlo"));
        browser.loaded().accessible("agreement ospedale-san-carlo");
        assertThat(browser.driver().findElement(By.id("main")).getText()).contains("ospedale-san-carlo");
    }

    @Test
    void anAdminSeesADeadDeliveryAndRestartsIt() throws Exception {
        String handover = handoverThroughTheApi(hospitalReport(uniqueId(), "Neri", "Paolo"), "test-mllp-dead");
        awaitDelivery(handover, "test-mllp-dead", "DEAD");

        ConsoleBrowser browser = browser().logIn(ADMIN, PASSWORD);
        browser.driver().findElement(By.linkText(words("nav.deliveries"))).click();
        WebElement dead = browser.shown(By.cssSelector("table#deliveries tr[data-delivery='" + handover + "/test-mllp-dead']"));
        browser.loaded().accessible("dead deliveries");
        assertThat(dead.getAttribute("data-state")).isEqualTo("DEAD");
        assertThat(dead.getText()).contains("mllp://127.0.0.1:1");

        dead.findElement(By.cssSelector("button[data-action='retry']")).click();
        browser.shown(By.cssSelector("#retry-result p[data-retried='restarted']"));
        browser.loaded().accessible("dead deliveries, one restarted");
    }

    @Test
    void logoutEndsTheSessionOnTheGatewayNotOnlyInTheBrowser() throws Exception {
        ConsoleBrowser browser = browser().logIn(OPERATOR, PASSWORD);
        Cookie session = browser.cookie("PIS_SESSION");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(withCookie(session).statusCode()).isEqualTo(200);

        browser.logOut();

        assertThat(browser.driver().findElement(By.cssSelector("[role=status]")).getText()).isEqualTo(words("login.loggedOut"));
        browser.accessible("login, after logout");
        assertThat(withCookie(session).statusCode()).as("the old session cookie, replayed").isEqualTo(401);
        browser.open("/console");
        assertThat(browser.path()).isEqualTo("/login");
    }

    private static WebElement focused(ConsoleBrowser browser) {
        return browser.driver().switchTo().activeElement();
    }

    /** /api/me with only this cookie, outside the browser: 200 while the session lives. */
    private HttpResponse<String> withCookie(Cookie session) throws Exception {
        return anonymous(HttpRequest.newBuilder(staffUri("/api/me")).header("Cookie", session.getName() + "=" + session.getValue()));
    }
}
