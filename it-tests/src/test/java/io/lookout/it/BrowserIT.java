package io.lookout.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The base of the tests that drive the pages in Chromium: one browser per test class, started
 * before its first test and closed after its last (each test opens its own context, see
 * {@link Browser#newPage}). The PostgreSQL pass leaves these classes out (see it-tests/pom.xml).
 */
abstract class BrowserIT extends LookoutIT {

    protected static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
