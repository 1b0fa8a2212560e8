package it.pis.gateway.it.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key pages on the operations room's wide screens (1920×1080, 2560×1440) and on a tablet held
 * upright (768×1024): nothing is wider than the window (no sideways scrolling of the page; a wide
 * table scrolls inside its own box), and axe-core finds nothing on the tablet nor on the usual screen.
 */
class ConsoleViewportsBrowserTest extends BrowserTest {

    private static final Dimension WALL = new Dimension(2560, 1440);
    private static final List<Dimension> SIZES = List.of(FULL_HD, WALL, new Dimension(768, 1024));

    @Test
    void keyPagesFitTheWindowOnWideScreensAndOnATablet() throws Exception {
        String report = hospitalReport(uniqueId(), "Verdi", "Anna");
        String handover = handoverThroughTheApi(report, "ospedale-san-carlo");
        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put(null, List.of("/login"));
        pages.put(OPERATOR, List.of("/console", "/console/reports", "/console/reports/" + report,
                "/console/handovers/new?report=" + report, "/console/handovers", "/console/handovers/" + handover, "/console/beds"));
        pages.put(ADMIN, List.of("/console/admin/partners", "/console/admin/agreements", "/console/admin/messages",
                "/console/admin/deliveries"));
        pages.put(AUDITOR, List.of("/console/audit"));

        ConsoleBrowser browser = browser();
        for (Map.Entry<String, List<String>> person : pages.entrySet()) {
            if (person.getKey() != null) {
                browser.forget().logIn(person.getKey(), PASSWORD);
            }
            for (Dimension size : SIZES) {
                browser.viewport(size);
                assertThat(browser.js("return [window.innerWidth, window.innerHeight]"))
                        .isEqualTo(List.of((long) size.getWidth(), (long) size.getHeight()));
                for (String page : person.getValue()) {
                    // axe-core at the smallest and the usual size; the widest only spreads the same page out
                    if (size.equals(WALL)) {
                        browser.visit(page);
                    } else {
                        browser.open(page);
                    }
                    assertThat(browser.horizontalOverflow()).as("%s as %s at %s: pixels wider than the window, from %s",
                            page, person.getKey(), size, browser.overflowing()).isLessThanOrEqualTo(0);
                }
            }
        }
    }
}
