package it.pis.gateway.it.browser;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as a person sees it, in a real Chromium ({@link Chromium}): open a page, log in and
 * out, wait for what the page shows (never for a fixed time), and check every page with axe-core
 * for violations of WCAG 2.0 and 2.1, levels A and AA. Elements are found by the hooks (ids and
 * data attributes) that the console's templates list at their top.
 */
final class ConsoleBrowser implements AutoCloseable {

    /** The WCAG levels the console is held to. */
    static final List<String> WCAG_A_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    /** Generous: a loaded two-core machine runs the gateway, its receivers and Chromium at once. */
    static final Duration PATIENCE = Duration.ofSeconds(45);

    private final String base;
    private final ChromeDriver chrome;

    ConsoleBrowser(int port, Dimension viewport) {
        this.base = "http://127.0.0.1:" + port;
        this.chrome = Chromium.start(viewport);
        viewport(viewport);
    }

    ChromeDriver driver() {
        return chrome;
    }

    /** Opens a page of the console, waits until it is loaded and checks it with axe-core. */
    ConsoleBrowser open(String path) {
        return visit(path).accessible(path);
    }

    /** Opens a page and waits until it is loaded, without axe-core (a page already checked at another size). */
    ConsoleBrowser visit(String path) {
        chrome.get(base + path);
        return loaded();
    }

    /** Waits until the document is loaded and htmx has settled (no request in flight). */
    ConsoleBrowser loaded() {
        until(d -> "complete".equals(js("return document.readyState"))
                && Boolean.TRUE.equals(js("return document.querySelector('.htmx-request') === null")));
        return this;
    }

    /** Logs in on /login with the form, as a person does, and waits for the page it leads to. */
    ConsoleBrowser logIn(String username, String password) {
        open("/login");
        WebElement name = chrome.findElement(By.id("username"));
        name.clear();
        name.sendKeys(username);
        chrome.findElement(By.id("password")).sendKeys(password);
        chrome.findElement(By.cssSelector("form[action$='/login'] button[type=submit]")).click();
        until(d -> !path().equals("/login"));
        return loaded();
    }

    /** The logout button of the header; returns on the page it leads to. */
    ConsoleBrowser logOut() {
        chrome.findElement(By.cssSelector("form[action$='/logout'] button[type=submit]")).click();
        until(ExpectedConditions.urlContains("/login?logout"));
        return loaded();
    }

    /** Forgets every cookie of the console (a fresh browser for the next person). */
    ConsoleBrowser forget() {
        chrome.manage().deleteAllCookies();
        return this;
    }

    Cookie cookie(String name) {
        return chrome.manage().getCookieNamed(name);
    }

    /** The element {@code locator} finds, waited for until it is displayed. */
    WebElement shown(By locator) {
        return until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** The cell of {@code row} under the column headed {@code header} (columns found by their words, not their place). */
    WebElement cell(WebElement row, String header) {
        List<String> headers = row.findElements(By.xpath("ancestor::table[1]/thead/tr/th")).stream().map(WebElement::getText).toList();
        assertThat(headers).as("columns of the table").contains(header);
        return row.findElements(By.xpath("./td|./th")).get(headers.indexOf(header));
    }

    <T> T until(ExpectedCondition<T> condition) {
        return new WebDriverWait(chrome, PATIENCE).until(condition);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) chrome).executeScript(script, args);
    }

    /** The path (and query) of the page shown. */
    String path() {
        String url = chrome.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    /**
     * axe-core on the page as it is now (after an htmx swap too): no violation of WCAG 2.0/2.1 A or
     * AA. {@code what} names the page and its state in the message.
     */
    ConsoleBrowser accessible(String what) {
        Results results = new AxeBuilder().withTags(WCAG_A_AA).analyze(chrome);
        assertThat(results.isErrored()).as("axe-core could not run on %s: %s", what, results.getErrorMessage()).isFalse();
        assertThat(results.getViolations()).as("axe-core WCAG A/AA violations on %s (%s at %s):%n%s", what, path(),
                js("return window.innerWidth + 'x' + window.innerHeight"), describe(results.getViolations())).isEmpty();
        assertThat(results.getPasses()).as("axe-core checked nothing on %s", what).isNotEmpty();
        return this;
    }

    /**
     * Resizes the window so that the page's viewport is exactly {@code size} (headless windows have
     * no frame, but correct for one should there be any). A resize can reach the page after a moment
     * on a busy machine, so the viewport is read again until it is right (at most 5 s).
     */
    ConsoleBrowser viewport(Dimension size) {
        chrome.manage().window().setSize(size);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            long width = ((Number) js("return window.innerWidth")).longValue();
            long height = ((Number) js("return window.innerHeight")).longValue();
            if (width == size.getWidth() && height == size.getHeight()) {
                break;
            }
            Dimension window = chrome.manage().window().getSize();
            chrome.manage().window().setSize(new Dimension(window.getWidth() + size.getWidth() - (int) width,
                    window.getHeight() + size.getHeight() - (int) height));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return this;
    }

    /** Whether anything of the page is wider than the viewport (a horizontal scroll bar). */
    long horizontalOverflow() {
        return ((Number) js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
    }

    /**
     * The outermost elements that reach past the window's right edge outside any box that scrolls
     * (tag, id, classes, right edge in pixels), for the message of a failed {@link #horizontalOverflow} check.
     */
    Object overflowing() {
        return js("var w = window.innerWidth, out = [];"
                + " function scrolls(e) { for (var a = e.parentElement; a; a = a.parentElement) {"
                + "   if (/auto|scroll|hidden/.test(getComputedStyle(a).overflowX)) { return true; } } return false; }"
                + " document.querySelectorAll('body *').forEach(function (e) {"
                + "   var r = e.getBoundingClientRect(), p = e.parentElement;"
                + "   if (r.right > w + 0.5 && !(p && p.getBoundingClientRect().right > w + 0.5) && !scrolls(e))"
                + "     out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined"
                + "       ? '.' + String(e.className).trim().split(/\\s+/).join('.') : '') + ' right=' + Math.round(r.right));"
                + " });"
                + " return out;");
    }

    /** A PNG of the viewport. */
    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, chrome.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(List<Rule> violations) {
        List<String> lines = new ArrayList<>();
        for (Rule rule : violations) {
            lines.add("- " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " " + rule.getHelpUrl());
            for (CheckedNode node : rule.getNodes()) {
                lines.add("    " + node.getTarget() + " " + node.getHtml() + "\n      " + node.getFailureSummary());
            }
        }
        return lines.stream().collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        chrome.quit();
    }
}
