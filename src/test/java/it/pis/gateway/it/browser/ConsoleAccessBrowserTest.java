package it.pis.gateway.it.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who gets in and where, in a real browser: the login form (a wrong password told plainly), the
 * start page of each role, the 403 page an operator meets on the admin pages, and a logout that
 * ends the session on the gateway, not only in the browser. axe-core checks every page on the way.
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

    /** /api/me with only this cookie, outside the browser: 200 while the session lives. */
    private HttpResponse<String> withCookie(Cookie session) throws Exception {
        return anonymous(HttpRequest.newBuilder(staffUri("/api/me")).header("Cookie", session.getName() + "=" + session.getValue()));
    }
}
