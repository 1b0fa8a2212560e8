package it.pis.gateway.it.browser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Dimension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key pages on the operations room's wide screens (1920×1080, 2560×1440) and on a tablet held
 * upright (768×1024): nothing is wider than the window (no sideways scrolling of the page; a wide
 * table scrolls inside its own box), and axe-core finds nothing at that size either.
 */
class ConsoleViewportsBrowserTest extends BrowserTest {

    /** The pages of each person, in the order they are opened. */
    private static final Map<String, List<String>> PAGES = Map.of(
            OPERATOR, List.of("/console"),
            ADMIN, List.of("/console", "/console/admin/partners"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1920x1080", "2560x1440", "768x1024"})
    void keyPagesFitTheWindow(String size) {
        String[] wh = size.split("x");
        Dimension viewport = new Dimension(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
        ConsoleBrowser browser = browser().viewport(viewport);
        assertThat(browser.js("return [window.innerWidth, window.innerHeight]"))
                .isEqualTo(List.of((long) viewport.getWidth(), (long) viewport.getHeight()));

        browser.open("/login");
        assertThat(browser.horizontalOverflow()).as("/login at %s", size).isLessThanOrEqualTo(0);
        for (String person : List.of(OPERATOR, ADMIN)) {
            browser.forget().logIn(person, PASSWORD);
            for (String page : PAGES.get(person)) {
                browser.open(page);
                assertThat(browser.horizontalOverflow()).as("%s as %s at %s: pixels wider than the window", page, person, size)
                        .isLessThanOrEqualTo(0);
            }
        }
    }
}
