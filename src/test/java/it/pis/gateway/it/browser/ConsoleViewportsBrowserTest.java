package it.pis.gateway.it.browser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Dimension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key pages on the operations room's wide screens (1920×1080, 2560×1440) and on a tablet held
 * upright (768×1024): nothing is wider than the window (no sideways scrolling of the page; a wide
 * table scrolls inside its own box), and axe-core finds nothing at that size either.
 */
class ConsoleViewportsBrowserTest extends BrowserTest {

    /** A report and a handover about it, made once for every size. */
    private static String report;
    private static String handover;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1920x1080", "2560x1440", "768x1024"})
    void keyPagesFitTheWindow(String size) throws Exception {
        if (report == null) {
            report = hospitalReport(uniqueId(), "Verdi", "Anna");
            handover = handoverThroughTheApi(report, "ospedale-san-carlo");
        }
        String[] wh = size.split("x");
        Dimension viewport = new Dimension(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
        ConsoleBrowser browser = browser().viewport(viewport);
        assertThat(browser.js("return [window.innerWidth, window.innerHeight]"))
                .isEqualTo(List.of((long) viewport.getWidth(), (long) viewport.getHeight()));

        browser.open("/login");
        assertThat(browser.horizontalOverflow()).as("/login at %s, from %s", size, browser.overflowing()).isLessThanOrEqualTo(0);
        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put(OPERATOR, List.of("/console", "/console/reports", "/console/reports/" + report,
                "/console/handovers/new?report=" + report, "/console/handovers", "/console/handovers/" + handover));
        pages.put(ADMIN, List.of("/console/admin/partners", "/console/admin/agreements", "/console/admin/deliveries"));
        pages.put(AUDITOR, List.of("/console/audit"));
        pages.forEach((person, paths) -> {
            browser.forget().logIn(person, PASSWORD);
            for (String page : paths) {
                browser.open(page);
                assertThat(browser.horizontalOverflow()).as("%s as %s at %s: pixels wider than the window, from %s", page,
                        person, size, browser.overflowing()).isLessThanOrEqualTo(0);
            }
        });
    }
}
