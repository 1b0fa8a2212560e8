package it.pis.gateway.it.browser;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: both paths are given to
 * Selenium, so Selenium Manager never looks for (or downloads) a browser or a driver.
 *
 * <p>Where they are not installed, a browser test is skipped with a message saying what to
 * install; where {@code PIS_BROWSER_REQUIRED=true} (or {@code -Dpis.browser.required=true}) says a
 * browser must be there, as {@code .ci/run} does, it fails instead.
 */
final class Chromium {

    static final String BINARY_PROPERTY = "pis.chromium";
    static final String DRIVER_PROPERTY = "webdriver.chrome.driver";
    static final String REQUIRED_PROPERTY = "pis.browser.required";
    static final String REQUIRED_VARIABLE = "PIS_BROWSER_REQUIRED";

    private Chromium() {
    }

    /** A headless Chromium whose window (and so its layout viewport) is {@code size}. */
    static ChromeDriver start(Dimension size) {
        Path binary = Path.of(System.getProperty(BINARY_PROPERTY, "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty(DRIVER_PROPERTY, "/usr/bin/chromedriver"));
        for (Path needed : new Path[] {binary, driver}) {
            if (!Files.isExecutable(needed)) {
                String why = needed + " is not installed: the browser tests of the console need Debian's Chromium and"
                        + " its driver (apt-get install chromium chromium-driver; -D" + BINARY_PROPERTY + " and -D"
                        + DRIVER_PROPERTY + " point elsewhere).";
                if (required()) {
                    return Assertions.fail(why + " A browser is required here (" + REQUIRED_VARIABLE + "=true, as in CI).");
                }
                return Assumptions.abort(why + " Skipped.");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-extensions", "--no-first-run", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=" + size.getWidth() + "," + size.getHeight());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        // a loaded two-core machine: pages and scripts may take their time, conditions are waited for explicitly
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(60));
        return chrome;
    }

    private static boolean required() {
        String value = System.getProperty(REQUIRED_PROPERTY);
        return Boolean.parseBoolean(value != null ? value : System.getenv(REQUIRED_VARIABLE));
    }
}
