package it.pis.gateway.it.browser;

import it.pis.gateway.it.GatewayIntegrationTest;
import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.Dimension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

import java.util.EnumSet;
import java.util.Locale;

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

    /** The console's Italian text for {@code key} (messages.properties and i18n/*.properties). */
    String words(String key, Object... args) {
        return messages.getMessage(key, args, Locale.ITALIAN);
    }
}
