package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Playwright driving the system Chromium ({@code /usr/bin/chromium}, Debian's package): no
 * browser is ever downloaded. One browser per test class, one context (cookies) per test.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path SCREENSHOTS = Paths.get(System.getProperty("lookout.screenshots", "target/screenshots"));

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;

    Browser() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: apt-get install -y chromium (.ci/run does)");
        }
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run")));
    }

    /** A fresh page (no cookies) whose browser speaks the given language. */
    Page newPage(String locale) {
        return newPage(locale, 1400, 1000);
    }

    /** A fresh page with a viewport of the given size (390 × 844: a phone). */
    Page newPage(String locale, int width, int height) {
        return browser.newContext(new NewContextOptions()
                        .setLocale(locale)
                        .setViewportSize(width, height)
                        .setBaseURL(LookoutClient.BASE))
                .newPage();
    }

    /** Picks an option of a PrimeFaces select menu by its label, and checks that it took. */
    static void choose(Page page, String menuId, String label) {
        String menu = "#" + menuId.replace(":", "\\:");
        for (int attempt = 0; attempt < 5; attempt++) {
            // PrimeFaces closes an open menu when the page scrolls (or re-renders): bring it up
            // first, so that clicking its item needs no scrolling, and when the panel closed anyway
            // before the click landed, open it again instead of waiting for a hidden item
            page.locator(menu).evaluate("e => e.scrollIntoView({block: 'start'})");
            page.click(menu);
            try {
                page.locator(menu + "_panel")
                        .waitFor(new com.microsoft.playwright.Locator.WaitForOptions().setTimeout(3000));
                page.locator(menu + "_items li", text(label))
                        .first()
                        .click(new com.microsoft.playwright.Locator.ClickOptions().setTimeout(3000));
            } catch (com.microsoft.playwright.PlaywrightException closed) {
                page.keyboard().press("Escape");
                continue;
            }
            Browser.awaitAjax(page);
            if (label.equals(page.locator(menu + "_label").textContent().strip())) {
                return;
            }
        }
        assertThat(page.locator(menu + "_label")).hasText(label);
    }

    /** Locates by the text an element contains. */
    static Page.LocatorOptions text(String text) {
        return new Page.LocatorOptions().setHasText(text);
    }

    /** Waits until PrimeFaces has no ajax request queued or running. */
    static void awaitAjax(Page page) {
        page.waitForFunction("!!window.PrimeFaces && PrimeFaces.ajax.Queue.isEmpty()");
    }

    static void login(Page page, String user, String password) {
        page.navigate("/");
        page.fill("#login\\:username", user);
        page.fill("#login\\:password", password);
        page.click("#login\\:submit");
        page.waitForURL(url -> !url.contains("/login.xhtml"));
        awaitAjax(page);
    }

    static Path screenshot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        awaitAjax(page);
        page.waitForFunction("!document.querySelector('.ui-button.ui-state-loading')");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
