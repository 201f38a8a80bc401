package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.lookout.it.LookoutClient.Reply;
import org.junit.jupiter.api.Test;

/** The event page's "Grouped by" section: the parts used, and those left out, muted, with why. */
class GroupingBrowserIT extends BrowserIT {

    @Test
    void theEventPageShowsWhatTheEventWasGroupedByAndWhatWasLeftOut() {
        String word = uniqueWord();
        // one long unbroken part: the section wraps it instead of widening the page
        String tenant = "tenant-" + word + "-" + "0123456789abcdef".repeat(20);
        String id = LookoutClient.newId();
        Reply reply = send("""
                {"id": "%s", "type": "exception", "fingerprint": ["{{ default }}", "%s"],
                 "data": {"type": "com.acme.%sException", "value": "cart 4711 is empty",
                   "frames": [
                     {"module": "org.jboss.Handler", "function": "handle", "lineno": 10, "inApp": false},
                     {"module": "com.acme.Cart", "function": "checkout", "lineno": 42, "inApp": true}]}}
                """.formatted(id, tenant, word));
        assertEquals(202, reply.status(), reply.body());
        LookoutClient.awaitEvent(id);

        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/event.xhtml?project=1&id=" + id);
        Locator section = page.locator("section.grouped-by");
        assertThat(section.locator("h3")).hasText("Grouped by");
        Locator used = section.locator("tr.grouped-by-used");
        assertThat(used).hasCount(3);
        assertThat(used.nth(0)).containsText("com.acme." + word + "Exception");
        assertThat(used.nth(1)).containsText("com.acme.Cart.checkout");
        assertThat(used.nth(2).locator(".grouped-by-label")).hasText("fingerprint");
        assertThat(used.nth(2)).containsText(tenant);
        assertThat(section.locator("tr.grouped-by-used .grouped-by-reason")).hasCount(0);

        Locator leftOut = section.locator("tr.grouped-by-left-out");
        assertThat(leftOut).hasCount(2);
        assertThat(leftOut.nth(0).locator(".grouped-by-reason"))
                .hasText("left out: not used: the exception has frames");
        assertThat(leftOut.nth(1)).containsText("org.jboss.Handler.handle");
        assertThat(leftOut.nth(1).locator(".grouped-by-reason")).hasText("left out: not in-app");
        assertThat(leftOut.nth(1).locator(".grouped-by-value")).hasCSS("color", "rgb(108, 117, 125)");
        Browser.fitsWindow(page, "the event page with a long grouping part");
        Browser.screenshot(page, "event-grouped-by");
        page.context().close();

        Page german = browser.newPage("de-DE");
        Browser.login(german, "admin", ADMIN_PASSWORD);
        german.navigate("/event.xhtml?project=1&id=" + id);
        assertThat(german.locator("section.grouped-by h3")).hasText("Gruppiert nach");
        // the built-in processors' words (stored in English) in the page's language; the event's data as sent
        var leftOutDe = german.locator("tr.grouped-by-left-out");
        assertThat(leftOutDe.first().locator(".grouped-by-label")).hasText("Wert");
        assertThat(leftOutDe.first().locator(".grouped-by-reason"))
                .hasText("weggelassen: nicht verwendet: die Ausnahme hat Frames");
        assertThat(leftOutDe.nth(1)).containsText("org.jboss.Handler.handle");
        assertThat(leftOutDe.nth(1).locator(".grouped-by-reason")).hasText("weggelassen: nicht im Anwendungscode");
        assertThat(german.locator("tr.grouped-by-used").nth(2).locator(".grouped-by-label"))
                .hasText("Fingerabdruck");
        german.context().close();
    }
}
