package io.lookout.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The base of the tests that drive the pages in Chromium: one browser for the run's classes
 * ({@link Browser#shared}), the contexts a class left open closed after its last test (each test
 * opens its own context, see {@link Browser#newPage}). The PostgreSQL pass leaves these classes out
 * (see it-tests/pom.xml).
 */
abstract class BrowserIT extends LookoutIT {

    protected static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.shared();
    }

    @AfterAll
    static void closeContexts() {
        if (browser != null) {
            browser.closeContexts();
            browser = null;
        }
    }
}
