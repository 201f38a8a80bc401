package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.lookout.it.LookoutClient.Reply;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, item 5: every page works under the Content-Security-Policy in Chromium — no console
 * message and no {@code securitypolicyviolation} event while the pages are visited and their ajax
 * actions done (the live refresh's pause, a status change, a confirmation, the chart, a dialog, the
 * copy buttons, the language switch), in English and German. Each page is checked to carry the
 * policy with a nonce, so a page that lost it cannot pass by being unprotected.
 */
class CspBrowserIT extends BrowserIT {

    /** Reports every violation to the test, from the first script of every document on. */
    private static final String RECORDER = """
            document.addEventListener('securitypolicyviolation', e => window.lookoutCspViolation(
                e.violatedDirective + ' blocked ' + (e.blockedURI || '?') + ' at ' + (e.sourceFile || '?') + ':'
                + e.lineNumber + ' sample ' + (e.sample || '')));""";

    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> confirmations = new CopyOnWriteArrayList<>();

    @AfterEach
    void reportsNothing() {
        assertEquals(List.of(), problems, "console messages or CSP violations");
    }

    private Page open(String locale) {
        Page page = browser.newPage(locale);
        page.exposeFunction("lookoutCspViolation", args -> {
            problems.add(page.url() + ": CSP violation " + args[0]);
            return null;
        });
        page.addInitScript(RECORDER);
        // with the elements a message names (Chromium's form hints name the input)
        page.onConsoleMessage(message -> problems.add(page.url() + ": console " + message.type() + ": "
                + message.text() + " "
                + message.args().stream()
                        .map(arg -> String.valueOf(arg.evaluate("a => a instanceof Element ? a.outerHTML : String(a)")))
                        .toList()));
        page.onPageError(error -> problems.add(page.url() + ": page error " + error));
        page.onDialog(dialog -> {
            confirmations.add(dialog.message());
            dialog.accept();
        });
        return page;
    }

    /** Opens the address; it must answer 200 with the pages' policy and a nonce, and show no problem. */
    private void visit(Page page, String address) {
        Response response = page.navigate(address);
        assertEquals(200, response.status(), address);
        checked(page, response, address);
    }

    private void checked(Page page, Response response, String where) {
        String policy = response.headerValue("content-security-policy");
        assertTrue(
                policy != null
                        && policy.contains("script-src 'self' 'nonce-")
                        && policy.contains("frame-ancestors 'none'"),
                where + ": the page's policy: " + policy);
        Browser.awaitAjax(page);
        assertEquals(List.of(), problems, where);
    }

    private static long group(String word) {
        String id = LookoutClient.newId();
        Reply reply = send("""
                {"id": "%s", "type": "exception", "tags": {"url": "/csp", "server": "web-1"},
                 "data": {"type": "java.lang.IllegalStateException", "value": "csp %s",
                   "frames": [{"module": "com.acme.Csp", "function": "check", "filename": "Csp.java", "lineno": 7, "inApp": true}]}}
                """.formatted(id, word));
        assertEquals(202, reply.status(), reply.body());
        return LookoutClient.awaitEvent(id).getJsonNumber("groupId").longValue();
    }

    @Test
    void everyPageAndItsAjaxActionsWorkUnderThePolicyInEnglish() {
        String word = uniqueWord();
        long groupId = group(word);
        Page page = open("en-US");
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));

        Response login = page.navigate("/login.xhtml");
        checked(page, login, "the login page");
        Browser.login(page, "admin", ADMIN_PASSWORD);

        // the dashboard: its live refresh polls (every 10 s) under the policy; pause and resume (the
        // script moved out of the page)
        Response poll = page.waitForResponse(
                r -> r.request().method().equals("POST") && r.url().contains("/index.xhtml"),
                new Page.WaitForResponseOptions().setTimeout(30_000),
                () -> visit(page, "/"));
        assertEquals(200, poll.status());
        assertTrue(poll.text().contains("<partial-response"), "the poll's ajax answer: " + poll.text());
        Browser.awaitAjax(page);
        page.click("#live-toggle");
        assertThat(page.locator("#live-toggle")).hasText("Resume live updates");
        page.click("#live-toggle");
        assertThat(page.locator("#live-toggle")).hasText("Pause live updates");
        page.click("section.project[data-project='1'] button.copy-dsn");
        assertThat(page.locator("section.project[data-project='1'] .copy-feedback"))
                .hasText("Copied");
        assertEquals(List.of(), problems, "the dashboard's buttons");

        // the group list: a search by ajax
        visit(page, "/groups.xhtml?project=1");
        page.fill("#filter\\:q", word);
        page.click("#filter\\:search");
        Browser.awaitAjax(page);
        assertThat(page.locator("#list\\:groups tr.group-row")).hasCount(1);

        // the group: its chart, a status change, a confirmation before a merge
        visit(page, "/group.xhtml?project=1&id=" + groupId);
        page.locator("#group canvas, canvas").first().waitFor();
        page.click("#group\\:resolve");
        assertThat(page.locator("[data-status]")).hasAttribute("data-status", "resolved");
        page.fill("#merging\\:mergeGroups", "not-a-group");
        page.click("#merging\\:merge");
        Browser.awaitAjax(page);
        assertThat(page.locator("#merging")).containsText("“not-a-group” is not a group number");
        assertEquals(List.of("Merge these groups into this one? Their events move here."), confirmations);
        assertEquals(List.of(), problems, "the group page's actions");

        // the event
        page.locator("a.event-link").first().click();
        page.waitForURL(url -> url.contains("/event.xhtml"));
        Browser.awaitAjax(page);
        assertEquals(List.of(), problems, "the event page");
        // its copy buttons (data-action, no inline handler)
        page.locator("button.copy-event-id").click();
        assertThat(page.locator("button.copy-event-id + .copy-feedback")).hasText("Copied");
        page.locator("button.copy-stack-trace").click();
        assertThat(page.locator("button.copy-stack-trace + .copy-feedback")).hasText("Copied");
        assertEquals(List.of(), problems, "the event page's copy buttons");

        // alerts: a new webhook rule, its secret in a dialog, copied, closed
        visit(page, "/alerts.xhtml?project=1");
        page.click("#rules\\:new");
        Browser.awaitAjax(page);
        page.fill("#editor\\:name", "CSP hook " + word);
        page.fill("#editor\\:query", word);
        page.fill("#editor\\:webhookUrl", "http://127.0.0.1:9/csp-hook");
        page.click("#editor\\:save");
        Browser.awaitAjax(page);
        assertThat(page.locator("#secret\\:secretDialog")).isVisible();
        page.click("#secret\\:secretDialog button.copy-secret");
        assertThat(page.locator("#secret\\:secretDialog .copy-feedback")).hasText("Copied");
        page.click("#secret\\:close");
        assertThat(page.locator("#secret\\:secretDialog")).isHidden();
        Browser.awaitAjax(page);
        assertEquals(List.of(), problems, "the alerts page's dialog");

        // releases: the page, and the top bar's environment selector (an ajax change that reloads the page)
        visit(page, "/releases.xhtml?project=1");
        page.click("#session\\:environment");
        page.locator("#session\\:environment_panel li").first().click();
        page.waitForLoadState();
        Browser.awaitAjax(page);
        assertEquals(List.of(), problems, "the releases page and the environment selector");
        // saved searches (search, issue 21 item 5)
        visit(page, "/searches.xhtml");

        // API tokens: create, copy, dismiss
        visit(page, "/tokens.xhtml");
        page.fill("#newToken\\:name", "csp " + word);
        page.click("#newToken\\:create");
        Browser.awaitAjax(page);
        assertThat(page.locator("#new-token")).isVisible();
        page.click("button.copy-token");
        assertThat(page.locator(".token-created .copy-feedback")).hasText("Copied");
        page.click("#tokens\\:dismiss");
        Browser.awaitAjax(page);
        assertThat(page.locator("#new-token")).hasCount(0);

        // the administration
        visit(page, "/admin/index.xhtml");
        visit(page, "/admin/users.xhtml");
        visit(page, "/admin/audit.xhtml");
        visit(page, "/admin/project.xhtml?project=1");
        page.click("button.copy-dsn");
        assertThat(page.locator(".project-keys .copy-feedback")).hasText("Copied");

        // an error page, and the language switch (a Faces command link) on it; Chromium reports
        // the page's own status in the console, which is all it may report there
        String notFound = "/group.xhtml?project=1&id=999999999";
        Response missing = page.navigate(notFound);
        assertEquals(404, missing.status());
        page.click("[data-lang='de']");
        page.waitForURL(url -> url.endsWith(notFound));
        assertThat(page.locator("h1")).hasText("Nicht gefunden");
        page.click("[data-lang='en']");
        page.waitForURL(url -> url.endsWith(notFound));
        assertThat(page.locator("h1")).hasText("Not found");
        Browser.awaitAjax(page);
        String own404 = LookoutClient.BASE + notFound
                + ": console error: Failed to load resource: the server responded with a status of 404 (Not Found)";
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(own404)), "the 404 page was seen: " + problems);
        problems.removeIf(p -> p.equals(own404 + " []"));
        assertEquals(List.of(), problems, "the error page and its language switch");
        checked(page, missing, "the 404 page");

        // signing out (a Faces command link) brings the login page
        page.click("#session\\:logout");
        page.waitForURL(url -> url.contains("/login.xhtml"));
        // and stays signed out: the login token (which signs a user in again on another node) went too
        page.navigate("/index.xhtml");
        page.waitForURL(url -> url.contains("/login.xhtml"));
        assertTrue(
                page.context().cookies().stream().noneMatch(c -> c.name.equals("lookout_login")),
                "no login token after signing out: " + page.context().cookies());
        page.context().close();
    }

    @Test
    void everyPageWorksUnderThePolicyInGerman() {
        long groupId = group(uniqueWord());
        Page page = open("de-DE");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        visit(page, "/");
        page.click("#live-toggle");
        assertThat(page.locator("#live-toggle")).hasText("Live-Aktualisierung fortsetzen");
        visit(page, "/groups.xhtml?project=1");
        visit(page, "/group.xhtml?project=1&id=" + groupId);
        page.locator("canvas").first().waitFor();
        page.locator("a.event-link").first().click();
        page.waitForURL(url -> url.contains("/event.xhtml"));
        Browser.awaitAjax(page);
        visit(page, "/alerts.xhtml?project=1");
        page.click("#rules\\:new");
        Browser.awaitAjax(page);
        visit(page, "/releases.xhtml?project=1");
        visit(page, "/tokens.xhtml");
        visit(page, "/searches.xhtml");
        visit(page, "/admin/index.xhtml");
        visit(page, "/admin/users.xhtml");
        visit(page, "/admin/audit.xhtml");
        visit(page, "/admin/project.xhtml?project=1");
        assertThat(page.locator("h1")).containsText("Default");
        page.context().close();
    }
}
