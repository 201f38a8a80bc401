package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.lookout.it.LookoutClient.Reply;
import io.sentry.Breadcrumb;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.protocol.Request;
import io.sentry.protocol.SentryId;
import io.sentry.protocol.User;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event page a developer needs (issue 21, item 4), with events the real SDKs sent: a Sentry
 * Java event (the SDK in the test's classpath) and a Sentry Python event (recorded by
 * {@code sentry-sdks/capture_python.py} from the real Python SDK): frames with source context and
 * local variables, the cause named, breadcrumbs, contexts, user, request (scrubbed), SDK, release
 * and environment; older/newer/first/latest within the group; a tag value links to the group
 * list's search; the copy buttons copy; English and German; a 390 px phone never scrolls sideways.
 */
class EventBrowserIT extends BrowserIT {

    @BeforeAll
    static void initSdk() {
        Sentry.init(options -> {
            options.setDsn(SentrySdkIT.DSN);
            options.setEnvironment("production");
            options.setServerName("java-host");
            options.addInAppInclude("io.lookout.it");
            options.setEnableUncaughtExceptionHandler(false);
        });
    }

    @AfterAll
    static void closeSdk() {
        Sentry.close();
    }

    static class Checkout {
        void pay(String order) {
            try {
                charge(order);
            } catch (RuntimeException e) {
                throw new IllegalStateException("payment failed for order " + order, e);
            }
        }

        private void charge(String order) {
            throw new UnsupportedOperationException("card declined for " + order);
        }
    }

    /** One event of the Java SDK from the same code (one group), with everything a developer needs. */
    private static String javaEvent(String word, String release) {
        Sentry.configureScope(scope -> {
            scope.clearBreadcrumbs();
            User user = new User();
            user.setId("u-42");
            user.setEmail("ann@example.com");
            user.setUsername("ann");
            scope.setUser(user);
            scope.setContexts("cart", Map.of("items", 3, "currency", "EUR"));
            scope.setTag("tenant", "acme \"north\"");
        });
        Breadcrumb crumb = new Breadcrumb();
        crumb.setCategory("cart");
        crumb.setMessage("applying coupon " + word);
        crumb.setLevel(SentryLevel.INFO);
        crumb.setData("coupon", "XMAS");
        Sentry.addBreadcrumb(crumb);
        SentryEvent event;
        try {
            new Checkout().pay(word);
            throw new AssertionError("unreachable");
        } catch (IllegalStateException e) {
            event = new SentryEvent(e);
        }
        event.setRelease(release);
        Request request = new Request();
        request.setMethod("POST");
        request.setUrl("https://shop.example.com/checkout");
        request.setQueryString("step=pay&order=" + word);
        request.setHeaders(Map.of("Accept", "text/html", "Authorization", "Bearer secret-" + word));
        event.setRequest(request);
        SentryId id = Sentry.captureEvent(event);
        Sentry.flush(10_000);
        awaitEvent(id.toString());
        return id.toString();
    }

    /** The Python SDK's event as it sent it, with a fresh id and time; the event id. */
    static String pythonEvent() throws IOException {
        JsonObject recorded;
        try (InputStream in = EventBrowserIT.class.getResourceAsStream("/sentry-sdks/python-store.json")) {
            recorded = Json.createReader(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
                    .readObject();
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        JsonObject event = Json.createObjectBuilder(recorded)
                .add("event_id", id)
                .add("timestamp", Instant.now().toString())
                .build();
        Reply reply = SentryIngestIT.post(
                "/api/1/store/",
                event.toString().getBytes(StandardCharsets.UTF_8),
                "X-Sentry-Auth",
                SentryIngestIT.AUTH,
                "Content-Type",
                "application/json");
        assertEquals(200, reply.status(), reply.body());
        awaitEvent(id);
        return id;
    }

    /** The Node SDK's envelope as it sent it (recorded by capture_node.cjs), with a fresh id and time; the event id. */
    static String nodeEvent() throws IOException {
        String envelope;
        try (InputStream in = EventBrowserIT.class.getResourceAsStream("/sentry-sdks/node-envelope.txt")) {
            envelope = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = envelope.split("\n");
        JsonObject recorded = Json.createReader(new StringReader(lines[2])).readObject();
        String id = UUID.randomUUID().toString().replace("-", "");
        JsonObject event = Json.createObjectBuilder(recorded)
                .add("event_id", id)
                .add("timestamp", Instant.now().toEpochMilli() / 1000.0)
                .build();
        // the item without its length: the payload changed; an item ends at its newline
        String body = "{\"event_id\":\"" + id + "\"}\n{\"type\":\"event\"}\n" + event + "\n";
        Reply reply = SentryIngestIT.envelope(
                body, "X-Sentry-Auth", SentryIngestIT.AUTH, "Content-Type", "application/x-sentry-envelope");
        assertEquals(200, reply.status(), reply.body());
        awaitEvent(id);
        return id;
    }

    @Test
    void theEventPageOfASentryNodeEventShowsItsContextLinesBreadcrumbsContextsUserAndSdk() throws IOException {
        String id = nodeEvent();
        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/event.xhtml?project=1&id=" + id);
        Locator exception = page.locator("section.exception");
        assertThat(exception).hasCount(1);
        assertThat(exception.locator(".exception-type")).hasText("TypeError");
        Locator crash = exception.locator(".frame.in-app").first();
        assertThat(crash.locator(".frame-function")).hasText("capture_node.priceFor");
        assertThat(crash.locator(".source-line.current")).containsText("throw new TypeError(`no price for ${sku}`);");
        assertThat(page.locator("ol.breadcrumbs li").last()).containsText("applying coupon");
        assertThat(page.locator(".event-contexts h4.context-name"))
                .containsText(new String[] {"trace", "cart", "runtime", "app", "os", "device"});
        // as sent, after the ingest's scrubbing: the address is personal data, filtered
        assertThat(page.locator(".event-user")).containsText("bob@example.com");
        assertThat(page.locator(".event-user tr", new Page.LocatorOptions().setHasText("ip_address")))
                .containsText("[Filtered]");
        assertThat(page.locator("tr.sdk td")).containsText("sentry.javascript.node 8.55.2");
        assertThat(page.locator("tr.release td")).hasText("shop-node@2.3.0");
        page.context().close();
    }

    @Test
    void theEventPageOfASentryJavaEventShowsWhatADeveloperNeedsAndMovesWithinTheGroup() {
        String word = uniqueWord();
        String release = "shop-java@2.3.0-" + word;
        String first = javaEvent(word, release);
        String second = javaEvent(word, release);

        Page page = browser.newPage("en-US");
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/event.xhtml?project=1&id=" + second);

        // the chain in order, the cause named; in-app frames shown
        Locator exceptions = page.locator("section.exception");
        assertThat(exceptions).hasCount(2);
        assertThat(exceptions.nth(0).locator("h3")).containsText("Exception: java.lang.IllegalStateException");
        assertThat(exceptions.nth(1).locator("h3")).containsText("Caused by: java.lang.UnsupportedOperationException");
        assertThat(exceptions.nth(1).locator(".root-cause")).hasText("(root cause)");
        assertThat(exceptions.nth(0).locator(".frame.in-app .frame-function").first())
                .hasText("io.lookout.it.EventBrowserIT$Checkout.pay");
        assertThat(page.locator("tr.release td")).hasText(release);
        assertThat(page.locator("tr.environment td")).hasText("production");
        assertThat(page.locator("tr.sdk td")).containsText("sentry.java");

        // breadcrumbs, user, request (the secret scrubbed at ingest), contexts
        Locator crumb =
                page.locator("ol.breadcrumbs li", new Page.LocatorOptions().setHasText("applying coupon " + word));
        assertThat(crumb.locator(".breadcrumb-category")).hasText("cart");
        assertThat(crumb.locator(".breadcrumb-level")).hasText("info");
        assertThat(crumb.locator(".breadcrumb-time"))
                .hasText(java.util.regex.Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}"));
        assertThat(crumb.locator(".breadcrumb-data")).containsText("coupon: XMAS");
        assertThat(page.locator(".event-user")).containsText("ann@example.com");
        assertThat(page.locator(".event-user")).containsText("u-42");
        Locator request = page.locator(".event-request");
        assertThat(request).containsText("POST");
        assertThat(request).containsText("https://shop.example.com/checkout");
        assertThat(request.locator("tr", new Locator.LocatorOptions().setHasText("order")))
                .containsText(word);
        assertThat(request).containsText("text/html");
        assertFalse(page.content().contains("secret-" + word), "the Authorization header is scrubbed");
        assertThat(page.locator(".event-contexts h4.context-name", new Page.LocatorOptions().setHasText("cart")))
                .hasCount(1);

        // navigation: the second is the latest (no newer, no latest link); older leads to the first, newer back
        assertThat(page.locator("#nav-newer")).hasCount(0);
        assertThat(page.locator("#nav-latest")).hasCount(0);
        page.locator("#nav-older").click();
        page.waitForURL(url -> url.contains("id=" + first));
        assertThat(page.locator("#event-id")).hasText(first);
        // the group may hold older events of earlier runs (same code, same group): the latest is ours
        assertThat(page.locator("#nav-latest")).hasCount(1);
        assertThat(page.locator("#nav-latest")).hasAttribute("href", java.util.regex.Pattern.compile("id=" + second));
        page.locator("#nav-newer").click();
        page.waitForURL(url -> url.contains("id=" + second));
        assertThat(page.locator("#event-id")).hasText(second);

        // the copy buttons copy, and say so
        page.locator("button.copy-event-id").click();
        assertThat(page.locator("button.copy-event-id + .copy-feedback")).hasText("Copied");
        assertEquals(second, page.evaluate("navigator.clipboard.readText()"));
        page.locator("button.copy-stack-trace").click();
        assertThat(page.locator("button.copy-stack-trace + .copy-feedback")).hasText("Copied");
        String trace = (String) page.evaluate("navigator.clipboard.readText()");
        assertTrue(trace.startsWith("java.lang.IllegalStateException: payment failed for order " + word), trace);
        assertTrue(
                trace.contains("Caused by: java.lang.UnsupportedOperationException: card declined for " + word), trace);
        assertTrue(trace.contains("at io.lookout.it.EventBrowserIT$Checkout.charge"), trace);
        Browser.screenshot(page, "event-java");

        // a tag value (with quotes) leads to the group list searching for it
        Locator tenant = page.locator("table.event-tags tr", new Page.LocatorOptions().setHasText("tenant"));
        tenant.locator("a.tag-link").click();
        page.waitForURL(url -> url.contains("/groups.xhtml"));
        Browser.awaitAjax(page);
        assertThat(page.locator("a.group-link", new Page.LocatorOptions().setHasText(word)))
                .hasCount(1);
        page.navigate("/event.xhtml?project=1&id=" + second);
        page.locator("table.event-tags tr", new Page.LocatorOptions().setHasText("release"))
                .locator("a.tag-link")
                .click();
        page.waitForURL(url -> url.contains("/groups.xhtml"));
        Browser.awaitAjax(page);
        assertThat(page.locator("tr.group-row")).hasCount(1);
        assertThat(page.locator("a.group-link", new Page.LocatorOptions().setHasText(word)))
                .hasCount(1);
        page.context().close();

        Page german = browser.newPage("de-DE");
        Browser.login(german, "admin", ADMIN_PASSWORD);
        german.navigate("/event.xhtml?project=1&id=" + first);
        assertThat(german.locator("section.exception").nth(1).locator("h3")).containsText("Verursacht durch");
        assertThat(german.locator(".root-cause")).hasText("(eigentliche Ursache)");
        assertThat(german.locator("#nav-newer")).hasText("Neueres ›");
        assertThat(german.locator("h3", new Page.LocatorOptions().setHasText("Breadcrumbs")))
                .hasCount(1);
        assertThat(german.locator(".event-user h3")).hasText("Benutzer");
        assertThat(german.locator(".event-contexts h3")).hasText("Kontexte");
        assertThat(german.locator("button.copy-stack-trace")).hasText("Stacktrace kopieren");
        german.context().close();
    }

    @Test
    void theEventPageOfASentryPythonEventShowsContextLinesAndVariablesAndFitsAPhone() throws IOException {
        String id = pythonEvent();
        for (String locale : List.of("en-US", "de-DE")) {
            boolean english = locale.startsWith("en");
            Page page = browser.newPage(locale, 390, 844);
            Browser.login(page, "admin", ADMIN_PASSWORD);
            page.navigate("/event.xhtml?project=1&id=" + id);

            Locator exceptions = page.locator("section.exception");
            assertThat(exceptions).hasCount(2);
            assertThat(exceptions.nth(0).locator(".exception-type")).hasText("RuntimeError");
            assertThat(exceptions.nth(1).locator(".exception-type")).hasText("KeyError");
            assertThat(exceptions.nth(1).locator("h3")).containsText(english ? "Caused by" : "Verursacht durch");
            // the crash frame of the cause: its line among its neighbours, and its variables
            Locator crash = exceptions.nth(1).locator(".frame.in-app").first();
            assertThat(crash.locator(".frame-function")).hasText("__main__.price_for");
            assertThat(crash.locator(".source-line.current")).containsText("return prices[sku] * (1 - discount)");
            assertThat(crash.locator(".source-line")).hasCount(11);
            assertThat(crash.locator(".source-line").nth(4)).containsText("discount = 0.15");
            assertThat(crash.locator(".vars-title")).hasText(english ? "Local variables" : "Lokale Variablen");
            assertThat(crash.locator(".vars-table tr", new Locator.LocatorOptions().setHasText("sku")))
                    .containsText("'B-2'");

            Locator crumbs = page.locator("ol.breadcrumbs li");
            assertThat(crumbs).hasCount(2);
            assertThat(crumbs.nth(0)).containsText("cart of u-42 has 2 items");
            assertThat(crumbs.nth(0).locator(".breadcrumb-category")).hasText("shop.cart");
            assertThat(crumbs.nth(0).locator(".breadcrumb-level")).hasText("warning");
            assertThat(crumbs.nth(1)).containsText("applying coupon");
            assertThat(page.locator(".event-contexts h4.context-name"))
                    .containsText(new String[] {"cart", "trace", "runtime"});
            assertThat(page.locator(".event-contexts")).containsText("CPython");
            assertThat(page.locator(".event-user")).containsText("ann@example.com");
            Locator request = page.locator(".event-request");
            assertThat(request).containsText("https://shop.example.com/checkout");
            assertThat(request.locator("h4").first()).hasText(english ? "Query" : "Query-Parameter");
            assertThat(request).containsText("XMAS");
            assertThat(request).containsText("Firefox/128.0");
            assertThat(page.locator("tr.sdk td")).containsText("sentry.python 1.9.10");
            assertThat(page.locator("tr.release td")).hasText("shop-py@2.3.0");
            assertThat(page.locator("tr.environment td")).hasText("production");
            Browser.fitsWindow(page, "the Python event on a 390 px phone (" + locale + ")");
            Browser.screenshot(page, "event-python-phone-" + locale);
            page.context().close();
        }
    }
}
