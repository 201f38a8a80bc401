package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's error pages: an address a page cannot take, something that does not exist, a page
 * the user may not open — each answers its status with a styled page in the user's language, a
 * way back, and never a stack trace or the server's name; the login page shows nobody signed in.
 */
class PagesBrowserIT extends BrowserIT {

    /** What a page must never show a user. */
    private static final List<String> LEAKS =
            List.of("Exception", "WildFly", "Undertow", "jakarta.", "at io.", "at org.", "ExternalContext");

    @Test
    void anAddressWithAParameterThePageCannotTakeAnswers400NamingIt() {
        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        Response response = page.navigate("/group.xhtml?project=1&id=abc");
        assertEquals(400, response.status());
        assertThat(page.locator("h1")).hasText("Invalid address");
        assertThat(page.locator(".error-page .reason"))
                .hasText("The address is not valid: its parameter “id” cannot be “abc”.");
        assertThat(page.locator(".error-page .ways a")).hasText("Back to the dashboard");
        assertThat(page.locator("header.topbar")).isVisible();
        noLeaks(page);
        Browser.screenshot(page, "error-400");

        response = page.navigate("/group.xhtml?project=abc&id=1");
        assertEquals(400, response.status());
        assertThat(page.locator(".error-page .reason")).containsText("“project” cannot be “abc”");
        noLeaks(page);

        response = page.navigate("/event.xhtml?project=1");
        assertEquals(400, response.status());
        assertThat(page.locator(".error-page .reason"))
                .hasText("The address is not complete: it needs the parameter “id”.");

        // a hostile value is shown as text, shortened
        response = page.navigate("/groups.xhtml?project=%3Cscript%3Ealert(1)%3C/script%3E" + "x".repeat(300));
        assertEquals(400, response.status());
        assertThat(page.locator(".error-page .reason")).containsText("<script>alert(1)</script>xxx");
        assertTrue(page.locator(".error-page .reason").textContent().length() < 250);
        assertEquals(0, page.locator(".error-page script").count());
        page.context().close();
    }

    @Test
    void somethingThatDoesNotExistAnswers404SayingWhat() {
        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        Response response = page.navigate("/group.xhtml?project=1&id=999999999");
        assertEquals(404, response.status());
        assertThat(page.locator("h1")).hasText("Not found");
        assertThat(page.locator(".error-page .reason"))
                .hasText("There is no group 999999999 in this project, or you may not see it.");
        noLeaks(page);
        Browser.screenshot(page, "error-404");

        response = page.navigate("/event.xhtml?project=1&id=0123456789abcdef0123456789abcdef");
        assertEquals(404, response.status());
        assertThat(page.locator(".error-page .reason"))
                .containsText("There is no event 0123456789abcdef0123456789abcdef");

        response = page.navigate("/groups.xhtml?project=424242");
        assertEquals(404, response.status());
        assertThat(page.locator(".error-page .reason")).hasText("There is no project 424242, or you may not see it.");

        response = page.navigate("/groups.xhtml?project=1&view=no-such-view");
        assertEquals(404, response.status());
        assertThat(page.locator(".error-page .reason")).hasText("This project has no view “no-such-view”.");

        response = page.navigate("/error.xhtml");
        assertEquals(404, response.status(), "the error page opened by itself answers no error");

        response = page.navigate("/nosuchpage.xhtml");
        assertEquals(404, response.status());
        assertThat(page.locator("h1")).hasText("Not found");
        assertThat(page.locator(".error-page .reason"))
                .hasText("There is nothing at this address, or you may not see it.");
        noLeaks(page);
        page.context().close();
    }

    @Test
    void theErrorPagesSpeakGerman() {
        Page page = browser.newPage("de-DE");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/group.xhtml?project=1&id=abc");
        assertThat(page.locator("h1")).hasText("Ungültige Adresse");
        assertThat(page.locator(".error-page .reason"))
                .hasText("Die Adresse ist ungültig: Ihr Parameter „id“ kann nicht „abc“ sein.");
        assertThat(page.locator(".error-page .ways a")).hasText("Zurück zur Übersicht");
        page.navigate("/group.xhtml?project=1&id=999999999");
        assertThat(page.locator("h1")).hasText("Nicht gefunden");
        assertThat(page.locator(".error-page .reason"))
                .hasText("Es gibt keine Gruppe 999999999 in diesem Projekt – oder Sie dürfen sie nicht sehen.");
        Browser.screenshot(page, "error-404-de");

        // switching the language on an error page shows the same answer again
        assertEquals(
                "/group.xhtml?project=1&id=999999999",
                page.locator("input[name='back']").inputValue());
        page.click("[data-lang='en']");
        page.waitForURL(url -> url.contains("/group.xhtml?project=1&id=999999999"));
        assertThat(page.locator("h1")).hasText("Not found");
        assertThat(page.locator(".error-page .reason")).containsText("There is no group 999999999");
        page.context().close();
    }

    @Test
    void aMemberOpeningAnotherProjectOrTheAdministrationGetsAStyledAnswer() {
        String member = LookoutClient.newMemberOfProject1();
        LookoutClient.call("DELETE", "/api/admin/projects/1/members/" + member, null);
        Page page = browser.newPage("en-US");
        Browser.login(page, member, MEMBER_PASSWORD);
        Response response = page.navigate("/groups.xhtml?project=1");
        assertEquals(404, response.status(), "another project's pages look like pages that do not exist");
        assertThat(page.locator(".error-page .reason")).hasText("There is no project 1, or you may not see it.");
        response = page.navigate("/admin/index.xhtml");
        assertEquals(403, response.status());
        assertThat(page.locator("h1")).hasText("Not allowed");
        assertThat(page.locator(".error-page .reason")).hasText("Your account may not open this page.");
        assertThat(page.locator(".error-page .ways a")).hasText("Back to the dashboard");
        noLeaks(page);
        Browser.screenshot(page, "error-403");
        page.context().close();
    }

    @Test
    void theLoginPageShowsNobodySignedIn() {
        Page page = browser.newPage("en-US");
        page.navigate("/login.xhtml");
        assertThat(page.locator("#login\\:username")).isVisible();
        assertEquals(0, page.locator("#session\\:logout").count(), "no Sign out while nobody is signed in");
        assertEquals(0, page.locator("header .user").count());
        assertFalse(page.locator("header").textContent().contains("anonymous"));
        assertEquals(0, page.locator("#nav-dashboard").count(), "no navigation that leads back here");
        page.context().close();
    }

    @Test
    void theSmallerThingsAQueryEventTheLivePauseAndTheIcon() {
        String eventId = LookoutClient.newId();
        Reply reply = LookoutClient.send("""
                {"id": "%s", "type": "query", "timeSpent": 12, "data": {"engine": "postgresql",
                 "query": "SELECT * FROM pages_%s WHERE id = 7"}}""".formatted(eventId, LookoutClient.uniqueWord()));
        assertEquals(202, reply.status(), reply.body());
        JsonObject event = LookoutClient.awaitEvent(eventId);
        long groupId = event.getJsonNumber("groupId").longValue();

        Page page = browser.newPage("de-DE");
        List<String> failed = new ArrayList<>();
        page.onResponse(r -> {
            if (r.status() >= 400) {
                failed.add(r.status() + " " + r.url());
            }
        });
        page.navigate("/login.xhtml");
        String icon = page.locator("link[rel='icon']").getAttribute("href");
        assertEquals(200, page.request().get(icon).status(), icon);
        Browser.login(page, "admin", ADMIN_PASSWORD);

        // a query has no level: no empty row for it; its culprit is the statement; one "raw JSON"
        page.navigate("/event.xhtml?project=1&id=" + eventId);
        assertThat(page.locator("h2.event-message")).isVisible();
        assertEquals(0, page.locator("tr.level").count());
        assertThat(page.locator(".culprit")).containsText("select pages_");
        assertEquals(1, page.locator("text=JSON-Rohdaten").count(), "the raw JSON is named once, by its toggle");
        page.navigate("/group.xhtml?project=1&id=" + groupId);
        assertThat(page.locator("#group\\:resolve")).hasText("Als erledigt markieren");

        // a message without a logger has no culprit: no empty "Culprit:" label
        String messageId = LookoutClient.newId();
        assertEquals(
                202,
                LookoutClient.send("""
                {"id": "%s", "type": "message", "message": "no culprit %s"}""".formatted(messageId, LookoutClient.uniqueWord()))
                        .status());
        long messageGroup =
                LookoutClient.awaitEvent(messageId).getJsonNumber("groupId").longValue();
        page.navigate("/group.xhtml?project=1&id=" + messageGroup);
        assertThat(page.locator("h2.group-message")).containsText("no culprit");
        assertEquals(0, page.locator(".culprit").count());
        page.navigate("/event.xhtml?project=1&id=" + messageId);
        assertThat(page.locator("h2.event-message")).containsText("no culprit");
        assertEquals(0, page.locator(".culprit").count());

        // pausing the live refresh says so
        page.navigate("/groups.xhtml?project=1");
        assertThat(page.locator("#live-hint")).hasText("Listen werden alle 10 Sekunden aktualisiert.");
        page.click("#live-toggle");
        assertThat(page.locator("#live-hint")).hasText("Die Live-Aktualisierung ist angehalten.");
        page.click("#live-toggle");
        assertThat(page.locator("#live-hint")).hasText("Listen werden alle 10 Sekunden aktualisiert.");
        assertEquals(List.of(), failed, "nothing the pages load answers an error (the icon included)");
        page.context().close();
    }

    @Test
    void theSearchIsInTheAddressAndSurvivesOpeningAGroupAndGoingBack() {
        String word = LookoutClient.uniqueWord();
        String eventId = LookoutClient.newId();
        assertEquals(202, LookoutClient.send("""
                {"id": "%s", "type": "message", "message": "kept search %s"}""".formatted(eventId, word)).status());
        long groupId =
                LookoutClient.awaitEvent(eventId).getJsonNumber("groupId").longValue();
        String query = "type:message " + word;

        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/groups.xhtml?project=1");
        page.fill("#filter\\:q", query);
        page.click("#filter\\:search");
        page.waitForURL(url -> url.contains("q=type%3Amessage+" + word) || url.contains("q=type%3Amessage%20" + word));
        assertThat(page.locator("a.group-link")).hasCount(1);
        assertThat(page.locator("a.group-link")).containsText("kept search " + word);

        page.click("a.group-link");
        page.waitForURL(url -> url.contains("/group.xhtml") && url.contains("id=" + groupId));
        String back = page.locator("#list-link").getAttribute("href");
        assertTrue(back.contains("q=type%3Amessage"), back);

        page.goBack();
        page.waitForURL(url -> url.contains("/groups.xhtml"));
        assertEquals(query, page.inputValue("#filter\\:q"));
        assertThat(page.locator("a.group-link")).hasCount(1);

        // the group page's way back to the list keeps the search too
        page.navigate("/group.xhtml?project=1&id=" + groupId + "&q="
                + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8));
        page.click("#list-link");
        page.waitForURL(url -> url.contains("/groups.xhtml"));
        assertEquals(query, page.inputValue("#filter\\:q"));
        assertThat(page.locator("a.group-link")).hasCount(1);
        page.context().close();
    }

    private static void noLeaks(Page page) {
        String text = page.locator("body").textContent();
        for (String leak : LEAKS) {
            assertFalse(text.contains(leak), "the page shows \"" + leak + "\": " + text);
        }
    }
}
