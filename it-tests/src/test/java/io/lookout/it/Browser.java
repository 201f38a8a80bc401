package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Playwright driving the system Chromium ({@code /usr/bin/chromium}, Debian's package): no
 * browser is ever downloaded. One browser for all the test classes of a run ({@link #shared}), one
 * context (cookies) per test.
 */
final class Browser implements AutoCloseable {

    /** The run's browser, started by the first class that asks, closed when the JVM exits. */
    private static Browser shared;

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

    /**
     * The browser all test classes share (a Playwright driver and a Chromium started once per run
     * instead of once per class); started again when the one before has gone (a crashed Chromium).
     */
    static synchronized Browser shared() {
        if (shared == null || !shared.connected()) {
            if (shared != null) {
                shared.closeQuietly();
            } else {
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    synchronized (Browser.class) {
                                        if (shared != null) {
                                            shared.closeQuietly();
                                        }
                                    }
                                },
                                "close-shared-browser"));
            }
            shared = new Browser();
        }
        return shared;
    }

    private boolean connected() {
        try {
            return browser.isConnected();
        } catch (PlaywrightException e) {
            return false; // the driver itself has gone
        }
    }

    /**
     * Closes the contexts a test class left open (a failed test's pages), so that the next class
     * starts on a browser without anyone's cookies or pages.
     */
    void closeContexts() {
        for (BrowserContext context : List.copyOf(browser.contexts())) {
            try {
                context.close();
            } catch (PlaywrightException e) {
                // already closed, or the browser went away: shared() starts a new one
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // the driver or the browser is already gone
        }
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
        Locator trigger = page.locator(menu + "_label");
        Locator item = page.locator(menu + "_items li[data-label='" + label + "']");
        for (int attempt = 0; attempt < 3 && !chosen(page, menu, label); attempt++) {
            try {
                if ("true".equals(trigger.getAttribute("aria-expanded"))) {
                    trigger.press("Escape"); // a panel left open reverts to what it showed first
                }
                // PrimeFaces closes an open menu when the page scrolls: scroll while it is closed
                page.locator(menu).evaluate("e => e.scrollIntoView({block: 'center'})");
                trigger.click();
                // aria-expanded turns true when the panel has finished showing: from then on a
                // click on an item selects it (before that, the panel may still move under it)
                assertThat(trigger).hasAttribute("aria-expanded", "true", new HasAttributeOptions().setTimeout(10_000));
                item.click(new Locator.ClickOptions().setTimeout(10_000));
                assertThat(trigger)
                        .hasAttribute("aria-expanded", "false", new HasAttributeOptions().setTimeout(10_000));
            } catch (PlaywrightException | AssertionError missed) {
                System.out.printf("choose %s %s: attempt %d missed: %s%n", menuId, label, attempt, missed.getMessage());
            }
        }
        if (!chosen(page, menu, label)) {
            // the mouse did not get there on this loaded machine: select through the widget, so
            // the test goes on to what it is about (the form and what the server stores)
            System.out.printf("choose %s %s: selected through the PrimeFaces widget%n", menuId, label);
            page.evaluate("""
                    ([id, label]) => {
                      const select = document.getElementById(id + '_input');
                      const option = [...select.options].find(o => o.text === label);
                      PrimeFaces.getWidgetById(id).selectValue(option.value);
                    }""", List.of(menuId, label));
        }
        assertThat(trigger).hasText(label);
        assertThat(page.locator(menu + "_input option:checked")).hasText(label);
    }

    /** Whether the menu shows the label and its form field holds the label's option. */
    private static boolean chosen(Page page, String menu, String label) {
        return label.equals(page.locator(menu + "_label").textContent().strip())
                && label.equals(page.locator(menu + "_input option:checked")
                        .textContent()
                        .strip());
    }

    /** Locates by the text an element contains. */
    static Page.LocatorOptions text(String text) {
        return new Page.LocatorOptions().setHasText(text);
    }

    /** Waits until PrimeFaces has no ajax request queued or running. */
    static void awaitAjax(Page page) {
        awaitTrue(page, "!!window.PrimeFaces && PrimeFaces.ajax.Queue.isEmpty()");
    }

    /**
     * Waits until the expression is true in the page, polling from the test. Not {@code
     * page.waitForFunction}: it compiles its predicate inside the page ({@code new Function}), which
     * the pages' Content-Security-Policy forbids (no {@code 'unsafe-eval'}), and the violation would
     * fail {@code CspBrowserIT}; {@code page.evaluate} runs outside the page's policy.
     */
    static void awaitTrue(Page page, String expression) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (Boolean.TRUE.equals(page.evaluate(expression))) {
                    return;
                }
            } catch (PlaywrightException navigating) {
                // the page is being replaced: ask the next one
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 30 s waiting for " + expression + " on " + page.url());
            }
            page.waitForTimeout(50); // lets Playwright dispatch the page's events meanwhile
        }
    }

    static void login(Page page, String user, String password) {
        page.navigate("/");
        page.fill("#login\\:username", user);
        page.fill("#login\\:password", password);
        page.click("#login\\:submit");
        page.waitForURL(url -> !url.contains("/login.xhtml"));
        awaitAjax(page);
    }

    /**
     * Fails when the page does not fit its window, i.e. the document scrolls sideways (a box that
     * overflows inside its own scrolling container, which the user can scroll, does not count). The
     * message names the element that reaches farthest to the right.
     */
    static void fitsWindow(Page page, String where) {
        awaitAjax(page);
        Object problem = page.evaluate("""
                () => {
                  const width = document.documentElement.clientWidth;
                  if (document.documentElement.scrollWidth > width + 1) {
                    let worst = null, right = 0;
                    for (const el of document.body.querySelectorAll('*')) {
                      const r = el.getBoundingClientRect();
                      if (r.right > right && r.width > 0) { right = r.right; worst = el; }
                    }
                    const name = worst ? worst.tagName.toLowerCase() + (worst.id ? '#' + worst.id : '')
                        + (worst.className && worst.className.baseVal === undefined ? '.' + worst.className.trim().split(/\\s+/).join('.') : '') : '?';
                    return 'the document is ' + document.documentElement.scrollWidth + ' px wide in a window of '
                        + width + ' px; the widest element is ' + name + ' reaching ' + Math.round(right) + ' px';
                  }
                  return null;
                }
                """);
        if (problem != null) {
            throw new AssertionError(where + ": " + problem);
        }
    }

    static Path screenshot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        awaitAjax(page);
        awaitTrue(page, "!document.querySelector('.ui-button.ui-state-loading')");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
