package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.BoundingBox;
import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's layout: an 8,000-character message (with and without spaces), a 200-character tag
 * value, a long exception type, culprit and URL leave every page no wider than its window at
 * 1,400 and at 390 px; the message column keeps its share of a list; the full value stays
 * reachable; the paginator, the list's title, the DSN's copy button, the hint of an empty project
 * and the group page's live refresh tell the user where they are and what happened.
 */
class LayoutBrowserIT extends BrowserIT {

    private static final LocatorAssertions.HasTextOptions SLOW =
            new LocatorAssertions.HasTextOptions().setTimeout(45_000);

    private static String word;
    private static String serverTag;
    private static String viewSlug;
    private static String viewName;
    private static long ruleId;
    private static String noSpaceEvent;
    private static String exceptionEvent;
    private static long noSpaceGroup;
    private static long wordsGroup;
    private static long exceptionGroup;

    @BeforeAll
    static void sendTheLongEvents() {
        word = LookoutClient.uniqueWord();
        // a 200-character tag value without spaces, and a URL of 200 characters
        serverTag = ("srv" + word + "y".repeat(200)).substring(0, 200);
        String url = ("/checkout/" + word + "/" + "segment".repeat(40)).substring(0, 200);

        viewName = "Layout " + word;
        viewSlug = "layout-" + word;
        Reply view = LookoutClient.call("POST", "/api/1/views", """
                {"name": "%s", "slug": "%s", "keys": ["server", "url"]}""".formatted(viewName, viewSlug));
        assertEquals(201, view.status(), view.body());
        // a rule for these events only, so that the alerts page has a history that shows them
        Reply rule = LookoutClient.call("POST", "/api/1/alerts", """
                {"name": "Layout %s", "trigger": "new-group", "query": "server:%s",
                 "webhook": {"url": "http://127.0.0.1:9/nothing"}, "quietMinutes": 0}""".formatted(word, serverTag));
        assertEquals(201, rule.status(), rule.body());
        ruleId = rule.json().getJsonNumber("id").longValue();

        noSpaceEvent = LookoutClient.newId();
        String wordsEvent = LookoutClient.newId();
        exceptionEvent = LookoutClient.newId();
        String noSpace = ("nospace" + word + "x".repeat(8000)).substring(0, 8000);
        StringBuilder words = new StringBuilder("words " + word);
        while (words.length() < 8000) {
            words.append(" lorem ipsum dolor sit amet");
        }
        String longType =
                "com.example." + "deeply.nested.package.".repeat(6) + "AnExceptionWhoseNameNeverEnds".repeat(5);
        String longModule = "org.example." + "someverylongmodulename".repeat(12);
        String tags = """
                {"server": "%s", "url": "%s"}""".formatted(serverTag, url);
        Reply sent = LookoutClient.send("""
                [{"id": "%s", "type": "message", "message": "%s", "tags": %s},
                 {"id": "%s", "type": "message", "message": "%s", "tags": %s},
                 {"id": "%s", "type": "exception", "tags": %s,
                  "data": {"type": "%s", "value": "%s",
                    "frames": [{"module": "%s", "function": "%s", "filename": "%s.java", "lineno": 7, "inApp": true}]}}]
                """.formatted(
                        noSpaceEvent,
                        noSpace,
                        tags,
                        wordsEvent,
                        words.substring(0, 8000),
                        tags,
                        exceptionEvent,
                        tags,
                        longType,
                        "value" + word + "v".repeat(1000),
                        longModule,
                        "function" + "f".repeat(300),
                        "File" + "n".repeat(200)));
        assertEquals(202, sent.status(), sent.body());

        // thirty more groups for the paginator
        List<String> pages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            pages.add("""
                    {"type": "message", "message": "pg%s number %d", "fingerprint": ["pg-%s-%d"]}""".formatted(word, i, word, i));
        }
        Reply paged = LookoutClient.send("[" + String.join(",", pages) + "]");
        assertEquals(202, paged.status(), paged.body());

        noSpaceGroup = groupOf(noSpaceEvent);
        wordsGroup = groupOf(wordsEvent);
        exceptionGroup = groupOf(exceptionEvent);
        LookoutClient.await(
                () -> {
                    Reply list = LookoutClient.get("/api/1/groups?limit=100&query=pg" + word);
                    return list.status() == 200
                                    && list.json().getJsonArray("groups").size() == 30
                            ? java.util.Optional.of(true)
                            : java.util.Optional.empty();
                },
                "the thirty groups of the paginator");
    }

    /** The view's list of the three long groups (the view holds every group of the project). */
    private static String viewList() {
        return "/groups.xhtml?project=1&view=" + viewSlug + "&q=" + LookoutClient.encode("server:" + serverTag);
    }

    private static long groupOf(String eventId) {
        return LookoutClient.awaitEvent(eventId).getJsonNumber("groupId").longValue();
    }

    /** Every page with the long values, by a name for the failure message. */
    private static Map<String, String> pages() {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("dashboard", "/index.xhtml");
        pages.put("all groups", "/groups.xhtml?project=1&sort=lastSeen");
        pages.put("groups of a type", "/groups.xhtml?project=1&sort=lastSeen&q=type%3Amessage");
        pages.put("view with two keys", viewList());
        pages.put("group without spaces", "/group.xhtml?project=1&id=" + noSpaceGroup);
        pages.put("group of words", "/group.xhtml?project=1&id=" + wordsGroup);
        pages.put("exception group", "/group.xhtml?project=1&id=" + exceptionGroup);
        pages.put("event without spaces", "/event.xhtml?project=1&id=" + noSpaceEvent);
        pages.put("exception event", "/event.xhtml?project=1&id=" + exceptionEvent);
        pages.put("alerts history", "/alerts.xhtml?project=1&rule=" + ruleId);
        return pages;
    }

    @Test
    void everyPageFitsItsWindowAtBothWidths() {
        for (int[] size : new int[][] {{1400, 1000}, {390, 844}}) {
            int width = size[0];
            Page page = browser.newPage("en-US", width, size[1]);
            page.navigate("/login.xhtml");
            Browser.fitsWindow(page, "login at " + width);
            Browser.login(page, "admin", ADMIN_PASSWORD);
            // an error page naming a long value it could not find
            assertEquals(
                    404,
                    page.navigate("/groups.xhtml?project=1&view=" + "v".repeat(150))
                            .status());
            Browser.fitsWindow(page, "error page at " + width);
            for (Map.Entry<String, String> entry : pages().entrySet()) {
                assertEquals(200, page.navigate(entry.getValue()).status(), entry.getKey());
                Browser.fitsWindow(page, entry.getKey() + " at " + width);
            }

            // the dashboard shows the view's groups with the long messages
            page.navigate("/index.xhtml");
            for (long group : List.of(noSpaceGroup, wordsGroup, exceptionGroup)) {
                assertThat(page.locator("div.view[data-view='" + viewSlug + "'] a.group-link[href$='id=" + group + "']")
                                .first())
                        .isVisible();
            }
            Browser.fitsWindow(page, "dashboard at " + width);
            Browser.screenshot(page, "layout-dashboard-" + width);
            page.navigate(viewList());
            assertThat(page.locator("#list\\:groups tr.group-row")).hasCount(3);
            Browser.screenshot(page, "layout-groups-" + width);
            page.navigate("/group.xhtml?project=1&id=" + exceptionGroup);
            page.locator("canvas").first().waitFor();
            Browser.screenshot(page, "layout-group-" + width);

            // the preview of a new rule lists the long groups too
            page.navigate("/alerts.xhtml?project=1");
            page.click("#rules\\:new");
            page.fill("#editor\\:query", "server:" + serverTag);
            page.click("#editor\\:refreshPreview");
            assertThat(page.locator("#editor\\:preview tr.preview-row")).hasCount(3);
            Browser.fitsWindow(page, "alert preview at " + width);
            page.context().close();
        }
    }

    @Test
    void theMessageColumnKeepsItsShareWithTwoKeysAndOnAPhone() {
        Page wide = browser.newPage("en-US", 1400, 1000);
        Browser.login(wide, "admin", ADMIN_PASSWORD);
        wide.navigate(viewList());
        assertThat(wide.locator("#list\\:groups tr.group-row")).hasCount(3);
        double message = box(wide.locator("#list\\:groups th.col-message")).width;
        double table = box(wide.locator("#list\\:groups table")).width;
        assertTrue(message >= 0.35 * table, "message column " + message + " px of a " + table + " px table");
        for (String column : List.of("col-count", "col-last", "col-spark")) {
            assertInWindow(wide, wide.locator("#list\\:groups th." + column), 1400);
        }
        wide.context().close();

        Page phone = browser.newPage("en-US", 390, 844);
        Browser.login(phone, "admin", ADMIN_PASSWORD);
        for (String list : List.of(viewList(), "/groups.xhtml?project=1&sort=lastSeen&q=" + word)) {
            phone.navigate(list);
            Locator row = phone.locator("#list\\:groups tr.group-row").first();
            row.waitFor();
            double cell = box(row.locator("td.col-message")).width;
            assertTrue(cell >= 0.45 * 390, list + ": message column " + cell + " px of 390");
            // status, count and last seen stay on screen, the secondary columns make way
            for (String column : List.of("col-status", "col-count", "col-last")) {
                assertInWindow(phone, row.locator("td." + column), 390);
            }
            assertThat(row.locator("td.col-first")).isHidden();
            assertThat(row.locator("td.col-spark")).isHidden();
        }
        phone.navigate("/index.xhtml");
        Locator label = phone.locator("div.view[data-view='" + viewSlug + "'] tr.group td")
                .first();
        double cell = box(label).width;
        assertTrue(cell >= 0.45 * 390, "the dashboard's message column " + cell + " px of 390");
        phone.context().close();
    }

    private static BoundingBox box(Locator locator) {
        locator.first().waitFor();
        BoundingBox box = locator.first().boundingBox();
        assertTrue(box != null, "no box for " + locator);
        return box;
    }

    private static void assertInWindow(Page page, Locator locator, int width) {
        assertThat(locator).isVisible();
        BoundingBox box = box(locator);
        assertTrue(box.x >= 0 && box.x + box.width <= width + 1, locator + " reaches " + (box.x + box.width));
    }

    @Test
    void theFullLongValueStaysReachable() {
        String message = LookoutClient.group(noSpaceGroup).getString("message");
        assertTrue(message.length() >= 1000, "the group's message is a long one: " + message.length());
        Page page = browser.newPage("en-US", 1400, 1000);
        Browser.login(page, "admin", ADMIN_PASSWORD);

        // a list shows the start, its title the whole message; the group page shows all of it
        page.navigate(viewList());
        Locator link = page.locator("#list\\:groups a.group-link[href*='&id=" + noSpaceGroup + "&']");
        assertEquals(message, link.getAttribute("title"));
        page.navigate("/index.xhtml");
        Locator onDashboard =
                page.locator("div.view[data-view='" + viewSlug + "'] a.group-link[href$='id=" + noSpaceGroup + "']");
        assertEquals(message, onDashboard.getAttribute("title"));
        page.navigate("/group.xhtml?project=1&id=" + noSpaceGroup);
        assertEquals(message, page.locator("#group\\:message").textContent());
        assertThat(page.locator(".tag-value", new Page.LocatorOptions().setHasText(serverTag)))
                .isVisible();
        JsonObject event = LookoutClient.awaitEvent(noSpaceEvent);
        page.navigate("/event.xhtml?project=1&id=" + noSpaceEvent);
        assertEquals(event.getString("message"), page.locator("#message").textContent());
        page.context().close();
    }

    @Test
    void thePaginatorSaysWhereItIsAndTheTitleWhatItShows() {
        Page page = browser.newPage("en-US", 1400, 1000);
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/groups.xhtml?project=1&q=pg" + word);
        assertThat(page.locator("#list\\:page-report")).hasText("Page 1 · 1–25 of 30");
        page.click("#list\\:groups .ui-paginator-next");
        assertThat(page.locator("#list\\:page-report")).hasText("Page 2 · 26–30 of 30");
        assertThat(page.locator("#list\\:groups tr.group-row")).hasCount(5);
        page.click("#list\\:groups .ui-paginator-prev");
        assertThat(page.locator("#list\\:page-report")).hasText("Page 1 · 1–25 of 30");

        // past the count's cap the paginator says "more than" what it has walked through
        setSystemProperty("lookout.ui.group-count-cap", "20");
        try {
            page.navigate("/groups.xhtml?project=1&q=pg" + word);
            assertThat(page.locator("#list\\:page-report")).hasText("Page 1 · 1–25 of more than 25");
            page.click("#list\\:groups .ui-paginator-next");
            assertThat(page.locator("#list\\:page-report")).hasText("Page 2 · 26–30 of 30");
        } finally {
            removeSystemProperty("lookout.ui.group-count-cap");
        }

        page.navigate("/groups.xhtml?project=1");
        assertThat(page.locator("h1")).hasText("All groups");
        page.navigate("/groups.xhtml?project=1&q=type%3Aexception");
        assertThat(page.locator("h1")).hasText("Groups of type exception");
        page.navigate(viewList());
        assertThat(page.locator("h1")).hasText(viewName + " · by server, url");
        page.context().close();

        Page german = browser.newPage("de-DE", 1400, 1000);
        Browser.login(german, "admin", ADMIN_PASSWORD);
        german.navigate("/groups.xhtml?project=1&q=pg" + word);
        assertThat(german.locator("#list\\:page-report")).hasText("Seite 1 · 1–25 von 30");
        german.navigate("/groups.xhtml?project=1&q=type%3Aexception");
        assertThat(german.locator("h1")).hasText("Gruppen vom Typ exception");
        german.context().close();
    }

    private void setSystemProperty(String name, String value) {
        ModelNode op = new ModelNode();
        op.get("operation").set("add");
        op.get("address").add("system-property", name);
        op.get("value").set(value);
        execute(op);
    }

    private void removeSystemProperty(String name) {
        ModelNode op = new ModelNode();
        op.get("operation").set("remove");
        op.get("address").add("system-property", name);
        execute(op);
    }

    private void execute(ModelNode op) {
        try {
            ModelNode result = management.getControllerClient().execute(op);
            assertEquals("success", result.get("outcome").asString(), result.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void copyingTheDsnSaysSoWithTheClipboardAndWithout() {
        String member = LookoutClient.newMemberOfProject1();
        Page page = browser.newPage("en-US", 1400, 1000);
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        Browser.login(page, member, MEMBER_PASSWORD);
        Locator section = page.locator("section.project[data-project='1']");
        String dsn = section.locator(".dsn").textContent().strip();
        assertTrue(dsn.contains(LookoutClient.PROJECT_KEY + "@"), dsn);
        section.locator("button.copy-dsn").click();
        assertThat(section.locator(".copy-feedback")).hasText("Copied");
        assertEquals(dsn, page.evaluate("navigator.clipboard.readText()"));
        // the feedback goes after a while
        assertThat(section.locator(".copy-feedback"))
                .isHidden(new LocatorAssertions.IsHiddenOptions().setTimeout(45_000));
        page.context().close();

        // without the Clipboard API the text is selected for the keyboard
        Page without = browser.newPage("en-US", 390, 844);
        without.addInitScript("Object.defineProperty(navigator, 'clipboard', {value: undefined})");
        Browser.login(without, member, MEMBER_PASSWORD);
        Locator mine = without.locator("section.project[data-project='1']");
        mine.locator("button.copy-dsn").click();
        assertThat(mine.locator(".copy-feedback")).hasText("Press Ctrl+C to copy");
        assertEquals(dsn, without.evaluate("window.getSelection().toString()"));
        Browser.fitsWindow(without, "dashboard of a member at 390");
        without.context().close();
    }

    @Test
    void anEmptyProjectTellsAMemberWhatTheyCanDo() {
        String slug = "empty-" + word.substring(1, 9);
        Reply created = LookoutClient.call("POST", "/api/admin/projects", """
                {"name": "Empty %s", "slug": "%s"}""".formatted(word, slug));
        assertEquals(201, created.status(), created.body());
        long project = created.json().getJsonNumber("id").longValue();
        String member = LookoutClient.newMemberOfProject1();
        assertEquals(
                201,
                LookoutClient.call("PUT", "/api/admin/projects/" + project + "/members/" + member, null)
                        .status());

        Page page = browser.newPage("en-US", 390, 844);
        Browser.login(page, member, MEMBER_PASSWORD);
        Locator empty = page.locator("section.project[data-project='" + project + "'] .empty-project");
        assertThat(empty).containsText("No events yet. Send the first one");
        assertThat(empty).containsText("ask an administrator");
        assertTrue(empty.locator(".dsn").textContent().contains(created.json().getString("publicKey") + "@"));
        assertThat(empty.locator("a[href*='/admin/']")).hasCount(0);
        assertTrue(
                page.locator("body").textContent().indexOf("Administration") < 0,
                "a member is not sent to Administration");
        Browser.fitsWindow(page, "empty project of a member at 390");
        page.context().close();

        Page admin = browser.newPage("en-US", 1400, 1000);
        Browser.login(admin, "admin", ADMIN_PASSWORD);
        Locator forAdmin = admin.locator("section.project[data-project='" + project + "'] .empty-project");
        assertThat(forAdmin.locator("a[href*='/admin/']")).hasCount(1);
        admin.context().close();
    }

    @Test
    void theGroupPageRefreshesLiveAndPauses() {
        String fingerprint = "live-" + word;
        String first = LookoutClient.newId();
        assertEquals(
                202, LookoutClient.send("""
                {"id": "%s", "type": "message", "message": "live %s", "fingerprint": ["%s"]}""".formatted(first, word, fingerprint)).status());
        long group = groupOf(first);

        Page page = browser.newPage("en-US", 1400, 1000);
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/group.xhtml?project=1&id=" + group);
        assertThat(page.locator("#group\\:count")).hasText("1");
        assertThat(page.locator("#live-hint")).hasText("This page refreshes every 10 seconds.");
        assertThat(page.locator("table.latest-events tbody tr")).hasCount(1);
        Object marker = page.evaluate("window.lookoutMarker = 'not reloaded'");

        String second = LookoutClient.newId();
        assertEquals(
                202,
                LookoutClient.send("""
                {"id": "%s", "type": "message", "message": "live %s", "fingerprint": ["%s"]}""".formatted(second, word, fingerprint)).status());
        LookoutClient.awaitEvent(second);
        assertThat(page.locator("#group\\:count")).hasText("2", SLOW);
        assertThat(page.locator("table.latest-events tbody tr"))
                .hasCount(2, new LocatorAssertions.HasCountOptions().setTimeout(45_000));
        assertEquals(marker, page.evaluate("window.lookoutMarker"), "updated without reloading the page");

        page.click("#live-toggle");
        assertThat(page.locator("#live-hint")).hasText("Live updates are paused.");
        page.context().close();
    }
}
