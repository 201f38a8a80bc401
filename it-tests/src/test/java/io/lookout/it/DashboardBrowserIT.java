package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.lookout.it.LookoutClient.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pages in a real browser: login, the walk dashboard → group list → group → event, resolving
 * a group, the language switch, and that values from events are text, never markup.
 */
class DashboardBrowserIT extends BrowserIT {

    private String sendException(String word, String url, String frameModule) {
        String id = LookoutClient.newId();
        Reply reply = send("""
                {"id": "%s", "type": "exception", "correlationId": "corr-%s",
                 "tags": {"url": "%s", "server": "web-1"},
                 "data": {"type": "java.lang.IllegalStateException", "value": "cart %s is empty",
                   "frames": [
                     {"module": "org.jboss.Handler", "function": "handle", "filename": "Handler.java", "lineno": 10, "inApp": false},
                     {"module": "%s", "function": "checkout", "filename": "Cart.java", "lineno": 42, "inApp": true}]}}
                """.formatted(id, word, url, word, frameModule));
        assertEquals(202, reply.status(), reply.body());
        Server.awaitQueueDrained(management);
        LookoutClient.awaitEvent(id);
        return id;
    }

    @Test
    void pagesNeedALoginAndAWrongPasswordIsRefused() {
        Page page = browser.newPage("en-US");
        page.navigate("/groups.xhtml?project=1");
        assertTrue(page.url().endsWith("/login.xhtml"), page.url());
        page.fill("#login\\:username", "admin");
        page.fill("#login\\:password", "not-the-password");
        page.click("#login\\:submit");
        page.waitForLoadState();
        assertTrue(page.content().contains("Wrong user name or password."));
        Browser.screenshot(page, "login");

        // after signing in, the page asked for first
        page.fill("#login\\:username", "admin");
        page.fill("#login\\:password", ADMIN_PASSWORD);
        page.click("#login\\:submit");
        page.waitForURL(url -> url.contains("/groups.xhtml?project=1"));
        page.context().close();
    }

    @Test
    void findAFreshExceptionFromTheDashboardOpenItsEventAndResolveIt() {
        String word = uniqueWord();
        String eventId = sendException(word, "/checkout", "com.acme.Cart");

        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        assertThat(page.locator("h1")).hasText("Dashboard");
        assertTrue(page.locator("section.project[data-project='1']").isVisible());
        Browser.screenshot(page, "dashboard");

        // dashboard → the exception type's group list → search for the fresh group
        page.locator("section.project[data-project='1'] a.type-link", new Page.LocatorOptions().setHasText("exception"))
                .click();
        page.waitForURL(url -> url.contains("/groups.xhtml"));
        page.fill("#filter\\:q", word);
        page.click("#filter\\:search");
        Browser.awaitAjax(page);
        page.locator("#list\\:groups a.group-link", new Page.LocatorOptions().setHasText(word))
                .waitFor();
        assertEquals(1, page.locator("#list\\:groups tr.group-row").count());
        Browser.screenshot(page, "groups");

        // → the group
        page.locator("#list\\:groups a.group-link", new Page.LocatorOptions().setHasText(word))
                .click();
        page.waitForLoadState();
        assertTrue(page.locator("#group\\:message").textContent().contains(word));
        assertEquals("unresolved", page.locator("[data-status]").getAttribute("data-status"));
        page.locator("canvas").first().waitFor();
        Browser.screenshot(page, "group");

        // → its event: the in-app frame highlighted, the library frame folded
        String groupUrl = page.url();
        page.locator("a.event-link").first().click();
        page.waitForURL(url -> url.contains("id=" + eventId));
        assertThat(page.locator(".frame.in-app", new Page.LocatorOptions().setHasText("com.acme.Cart.checkout")))
                .isVisible();
        assertFalse(page.locator(".frame.library").first().isVisible(), "library frames start folded");
        page.locator("details.library-frames summary").first().click();
        assertThat(page.locator(".frame.library").first()).isVisible();
        Browser.screenshot(page, "event");

        // back to the group: resolve it; it stays resolved after a reload
        page.navigate(groupUrl);
        page.click("#group\\:resolve");
        assertThat(page.locator("[data-status]")).hasAttribute("data-status", "resolved");
        page.reload();
        assertEquals("resolved", page.locator("[data-status]").getAttribute("data-status"));
        String groupId = groupUrl.replaceAll(".*[?&]id=(\\d+).*", "$1");
        assertEquals("resolved", LookoutClient.group(Long.parseLong(groupId)).getString("status"));
        page.context().close();
    }

    @Test
    void anAdminCreatesAViewAndItAppearsOnTheDashboard() {
        String word = uniqueWord();
        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.click("#nav-admin");
        page.waitForLoadState();
        assertTrue(page.locator("table.processors").textContent().contains("exception"));
        page.click("tr[data-project='1'] a.project-admin-link");
        page.waitForURL(url -> url.contains("/admin/project.xhtml?project=1"));
        assertTrue(
                page.locator("#dsn").textContent().contains("1bcdef0123456789abcdef0123456789@"),
                "the DSN carries the key");
        page.fill("#views\\:name", "Exceptions " + word);
        page.fill("#views\\:types", "exception");
        page.fill("#views\\:keys", "server, url");
        page.click("#views\\:create");
        Browser.awaitAjax(page);
        String slug = "exceptions-" + word;
        page.locator("tr[data-view='" + slug + "']").waitFor();
        Browser.screenshot(page, "admin");
        assertEquals(200, LookoutClient.get("/api/1/views/" + slug).status());

        page.click("#nav-dashboard");
        assertThat(page.locator("div.view[data-view='" + slug + "'] a.view-link"))
                .isVisible();
        page.locator("div.view[data-view='" + slug + "'] a.view-link").click();
        assertThat(page.locator("h1")).containsText("Exceptions " + word);
        page.context().close();
    }

    @Test
    void everyLevelOfANestedBreakdownKeepsGroupsEventsAndItsLast24Hours() {
        String word = uniqueWord();
        Reply created = LookoutClient.call("POST", "/api/admin/projects", "{\"name\": \"Nested " + word + "\"}");
        assertEquals(201, created.status(), created.body());
        long project = created.json().getJsonNumber("id").longValue();
        String key = created.json().getString("publicKey");
        Reply view = LookoutClient.call("POST", "/api/" + project + "/views", """
                {"name": "Messages by region", "types": ["message"], "keys": ["region", "server", "url"]}""");
        assertEquals(201, view.status(), view.body());
        String slug = view.json().getString("slug");
        // eu/web-1/a: 2 events of one group; eu/web-1/b: 1 event; us/web-2/a: 1 event
        List<String> ids = new ArrayList<>();
        for (String[] event : List.of(
                new String[] {"eu", "web-1", "/a", "one"},
                new String[] {"eu", "web-1", "/a", "one"},
                new String[] {"eu", "web-1", "/b", "two"},
                new String[] {"us", "web-2", "/a", "three"})) {
            String id = LookoutClient.newId();
            ids.add(id);
            Reply sent =
                    send(String.valueOf(project), key, """
                    {"id": "%s", "type": "message", "tags": {"region": "%s", "server": "%s", "url": "%s"},
                     "data": {"message": "Nested %s %s"}}""".formatted(id, event[0], event[1], event[2], word, event[3]));
            assertEquals(202, sent.status(), sent.body());
        }
        for (String id : ids) {
            LookoutClient.await(
                    () -> LookoutClient.get("/api/" + project + "/events/" + id).status() == 200
                            ? java.util.Optional.of(true)
                            : java.util.Optional.empty(),
                    "event " + id);
        }

        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        String table = "section.project[data-project='" + project + "'] div.view[data-view='" + slug
                + "'] table.breakdown tbody";
        var rows = page.locator(table + " tr");
        assertThat(page.locator(table + " tr.value[data-depth='2']")).hasCount(3);
        var euWeb1A = page.locator(table + " tr.value[data-depth='2']").first();
        // rows in order: region, server, url at each level; the first url row is eu/web-1/a
        assertEquals(
                List.of("0", "1", "2", "2", "0", "1", "2"),
                rows.evaluateAll("rows => rows.filter(r => r.classList.contains('value')).map(r => r.dataset.depth)"));
        for (int i = 0; i < rows.count(); i++) {
            var row = rows.nth(i);
            if (!"value".equals(row.getAttribute("class"))) {
                continue;
            }
            // every level: its groups, its events and a 24-hour line that rises to its peak (y 1.0)
            String points = row.locator("td.col-spark svg.spark polyline").getAttribute("points");
            assertTrue(points.contains(",1.0"), row.textContent() + ": " + points);
        }
        assertEquals("1", euWeb1A.locator("td.num").nth(0).textContent().strip());
        assertEquals("2", euWeb1A.locator("td.num").nth(1).textContent().strip());
        assertTrue(euWeb1A.textContent().contains("url: /a"), euWeb1A.textContent());
        var eu = page.locator(table + " tr.value[data-depth='0']").first();
        assertTrue(eu.textContent().contains("region: eu"), eu.textContent());
        assertEquals("2", eu.locator("td.num").nth(0).textContent().strip());
        assertEquals("3", eu.locator("td.num").nth(1).textContent().strip());
        Browser.screenshot(page, "dashboard-nested");
        page.context().close();
    }

    @Test
    void theBrowsersLanguageByDefaultAndSwitchable() {
        Page page = browser.newPage("de-DE");
        page.navigate("/");
        assertEquals("Anmelden", page.locator("h1").textContent().strip());
        Browser.login(page, "admin", ADMIN_PASSWORD);
        assertThat(page.locator("h1")).hasText("Übersicht");
        assertTrue(page.locator("#nav-admin").textContent().contains("Verwaltung"));
        Browser.screenshot(page, "dashboard-de");

        page.click("[data-lang='en']");
        assertThat(page.locator("h1")).hasText("Dashboard");
        // the choice holds on the next page
        page.click("a.project-link");
        assertThat(page.locator("#filter\\:search")).containsText("Search");
        page.click("[data-lang='de']");
        assertThat(page.locator("#filter\\:search")).containsText("Suchen");
        page.context().close();
    }

    @Test
    void valuesFromEventsAreTextNeverMarkup() {
        String word = uniqueWord();
        String eventId = sendException(
                word + " <script>window.xss=1;alert('xss')</script>",
                "/x<script>window.xss=2</script>",
                "com.acme.<img src=x onerror=window.xss=3>Cart");
        Page page = browser.newPage("en-US");
        List<String> dialogs = new ArrayList<>();
        page.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/groups.xhtml?project=1&q=" + LookoutClient.encode(word));
        page.locator("a.group-link", new Page.LocatorOptions().setHasText(word)).click();
        page.waitForLoadState();
        assertTrue(
                page.locator("#group\\:message").textContent().contains("<script>window.xss=1;alert('xss')</script>"),
                "the message is shown as text");
        assertTrue(
                page.locator(".tag-value", new Page.LocatorOptions().setHasText("<script>window.xss=2</script>"))
                                .count()
                        > 0,
                "tag values are shown as text");
        page.navigate("/event.xhtml?project=1&id=" + eventId);
        assertTrue(
                page.locator(".frame.in-app").first().textContent().contains("<img src=x onerror=window.xss=3>"),
                "frames are shown as text");
        page.navigate("/");
        Browser.awaitAjax(page);
        assertEquals(List.of(), dialogs);
        assertEquals(
                0,
                page.locator("script", new Page.LocatorOptions().setHasText("window.xss"))
                        .count());
        assertEquals(0, page.locator("img[src='x']").count());
        assertTrue((Boolean) page.evaluate("typeof window.xss === 'undefined'"));
        page.context().close();
    }

    @Test
    void aPostWithoutTheViewStateChangesNothing() {
        String word = uniqueWord();
        sendException(word, "/csrf", "com.acme.Csrf");
        long groupId = LookoutClient.get("/api/1/groups?query=" + LookoutClient.encode(word))
                .json()
                .getJsonArray("groups")
                .getJsonObject(0)
                .getJsonNumber("id")
                .longValue();
        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/group.xhtml?project=1&id=" + groupId);
        // a forged form post from elsewhere: the session cookie, but not the view state of a rendered view
        var forged =
                page.request().post("/group.xhtml?project=1&id=" + groupId, resolveForm("1234567890:1234567890", null));
        assertEquals(500, forged.status(), "the unknown view state ends in the error page of an expired view");
        assertTrue(forged.text().contains("Page expired"), forged.text());
        assertEquals("unresolved", LookoutClient.group(groupId).getString("status"));

        // the same post with the view state the page rendered does resolve it: the form above was right
        // (with the page's nonce, which PrimeFaces' CSP mode sends with every post and checks)
        String viewState =
                page.locator("input[name='jakarta.faces.ViewState']").first().inputValue();
        String nonce = (String) page.evaluate("PrimeFaces.csp.NONCE_VALUE");
        var genuine = page.request().post("/group.xhtml?project=1&id=" + groupId, resolveForm(viewState, nonce));
        assertEquals(200, genuine.status(), genuine.text());
        assertEquals("resolved", LookoutClient.group(groupId).getString("status"));
        page.context().close();
    }

    /** The form post of the group page's "Resolve" button, with this view state and CSP nonce (if any). */
    private static com.microsoft.playwright.options.RequestOptions resolveForm(String viewState, String nonce) {
        com.microsoft.playwright.options.FormData form = com.microsoft.playwright.options.FormData.create()
                .set("group", "group")
                .set("group:resolve", "group:resolve")
                .set("jakarta.faces.ViewState", viewState);
        if (nonce != null) {
            form.set("primefaces.nonce", nonce);
        }
        return com.microsoft.playwright.options.RequestOptions.create().setForm(form);
    }

    @Test
    void anAdminSetsAProjectsScrubbingOnItsPage() {
        jakarta.json.JsonObject project = LookoutClient.call(
                        "POST", "/api/admin/projects", "{\"name\": \"Scrub page " + uniqueWord() + "\"}")
                .json();
        long id = project.getJsonNumber("id").longValue();
        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/admin/project.xhtml?project=" + id);
        assertThat(page.locator("#scrubbing\\:scrubbed")).hasText("Values scrubbed so far: 0");
        assertTrue(page.locator("#scrubbing\\:enabled_input").isChecked());
        page.fill("#scrubbing\\:sensitive", "ssn, pin");
        page.fill("#scrubbing\\:safe", "csrf_state");
        page.click("#scrubbing\\:enabled .ui-chkbox-box");
        page.click("#scrubbing\\:keepIp .ui-chkbox-box");
        page.click("#scrubbing\\:save");
        Browser.awaitAjax(page);
        assertThat(page.locator("#scrubbing\\:feedback")).containsText("Saved.");
        jakarta.json.JsonObject scrubbing =
                LookoutClient.get("/api/" + id + "/settings").json().getJsonObject("scrubbing");
        assertFalse(scrubbing.getBoolean("enabled"), scrubbing.toString());
        assertTrue(scrubbing.getBoolean("keepIpAddresses"), scrubbing.toString());
        assertEquals(
                "[\"ssn\",\"pin\"]", scrubbing.getJsonArray("sensitiveKeys").toString());
        assertEquals("[\"csrf_state\"]", scrubbing.getJsonArray("safeKeys").toString());
        assertFalse(page.locator("#scrubbing\\:enabled_input").isChecked());
        page.context().close();
    }

    @Test
    void anAdminCreatesAProjectAndAMemberWhoSeesOnlyThatProject() {
        String word = uniqueWord();
        String username = "b-" + word;
        String password = "browser-member-pw";
        Page admin = browser.newPage("en-US");
        List<String> confirmations = new ArrayList<>();
        admin.onDialog(dialog -> {
            confirmations.add(dialog.message());
            dialog.accept();
        });
        Browser.login(admin, "admin", ADMIN_PASSWORD);
        admin.click("#nav-admin");
        admin.waitForLoadState();

        // a new project: its page opens with its key and the DSN to copy
        admin.fill("#newProject\\:name", "Team " + word);
        admin.click("#newProject\\:create");
        admin.waitForURL(url -> url.contains("/admin/project.xhtml?project=") && !url.endsWith("project=1"));
        String projectId = admin.url().replaceAll(".*[?&]project=(\\d+).*", "$1");
        String projectPage = admin.url();
        assertThat(admin.locator("#messages")).containsText("team-" + word);
        String key = admin.locator("#public-key").textContent().strip();
        assertTrue(key.matches("[0-9a-f]{32}"), key);
        assertTrue(
                admin.locator("#dsn").textContent().strip().matches("https?://" + key + "@.+/" + projectId),
                admin.locator("#dsn").textContent());
        assertThat(admin.locator(".members-table")).containsText("No members yet.");

        // a new user on the users page, then a member of the project on its page
        admin.click("#admin-users");
        admin.fill("#newUser\\:username", username);
        admin.fill("#newUser\\:password", password);
        admin.click("#newUser\\:create");
        Browser.awaitAjax(admin);
        assertThat(admin.locator("#users tr[data-user='" + username + "'] td.roles"))
                .hasText("Member");
        admin.navigate(projectPage);
        Browser.choose(admin, "members:user", username);
        admin.click("#members\\:add");
        Browser.awaitAjax(admin);
        assertThat(admin.locator("tr[data-member='" + username + "']")).isVisible();
        admin.click("#admin-users");
        assertThat(admin.locator("#users tr[data-user='" + username + "'] td.projects"))
                .hasText("Team " + word);
        Browser.screenshot(admin, "admin-users");

        // a weak password is refused with the reason, and no user is created
        admin.fill("#newUser\\:username", "weak-" + word);
        admin.fill("#newUser\\:password", "short");
        admin.click("#newUser\\:create");
        Browser.awaitAjax(admin);
        assertThat(admin.locator("#newUser\\:feedback")).containsText("at least 10 characters");
        assertEquals(
                0, admin.locator("#users tr[data-user='weak-" + word + "']").count());

        // the member sees their project only, and no administration
        Page member = browser.newPage("en-US");
        Browser.login(member, username, password);
        assertThat(member.locator("h1")).hasText("Dashboard");
        assertThat(member.locator("section.project[data-project='" + projectId + "']"))
                .isVisible();
        assertEquals(1, member.locator("section.project").count());
        assertEquals(0, member.locator("#nav-admin").count());
        Browser.screenshot(member, "dashboard-member");
        assertEquals(404, member.navigate("/groups.xhtml?project=1").status());
        assertEquals(200, member.navigate("/groups.xhtml?project=" + projectId).status());
        var forbidden = member.navigate("/admin/index.xhtml");
        assertEquals(403, forbidden.status());

        // deleted by the admin: the member's session ends at once
        admin.click("#users tr[data-user='" + username + "'] .delete-user");
        Browser.awaitAjax(admin);
        assertEquals(List.of("Delete this user? They are signed out at once."), confirmations);
        assertEquals(0, admin.locator("#users tr[data-user='" + username + "']").count());
        admin.navigate(projectPage);
        assertThat(admin.locator(".members-table")).containsText("No members yet.");
        assertEquals(0, admin.locator("tr[data-member='" + username + "']").count());
        member.navigate("/");
        assertTrue(member.url().endsWith("/login.xhtml"), member.url());
        member.context().close();
        admin.context().close();
    }
}
