package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.encode;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Users affected and the everyday polish of the lists (issue 21, items 2 and 6), in English and
 * German: the level, users and assignee columns of the group list and its sort by users, relative
 * times with the exact time on hover, users on the group page, the empty state of a project without
 * events (its DSN and a curl line), and a 5,000-character message at a phone's width.
 */
class UsersAffectedBrowserIT extends BrowserIT {

    /** Events of one message in one request, one per user (null: no user tag): the group's id. */
    private static long group(String message, String level, String... users) {
        List<String> events = new ArrayList<>();
        String last = null;
        for (String user : users) {
            last = LookoutClient.newId();
            events.add("""
                    {"id": "%s", "type": "message", "level": "%s", "data": {"message": "%s"}%s}""".formatted(
                            last, level, message, user == null ? "" : ", \"tags\": {\"user\": \"" + user + "\"}"));
        }
        Reply reply = send("[" + String.join(",", events) + "]");
        assertEquals(202, reply.status(), reply.body());
        long id = LookoutClient.awaitEvent(last).getJsonNumber("groupId").longValue();
        LookoutClient.await(
                () -> LookoutClient.get("/api/1/groups/" + id)
                                        .json()
                                        .getJsonNumber("count")
                                        .longValue()
                                >= users.length
                        ? java.util.Optional.of(true)
                        : java.util.Optional.empty(),
                "group " + id + " with all its events");
        return id;
    }

    private void listColumnsAndSortByUsers(String locale, String usersHeader, String levelHeader, String agoPattern) {
        String word = uniqueWord();
        long three = group("Payment " + word + " declined", "error", "ada", "bob", "ada", null, "cy");
        long one = group("Payment " + word + " retried", "warning", "dan", "dan");
        assertEquals(
                200,
                call("PATCH", "/api/1/groups/" + one, "{\"assignee\": \"admin\"}")
                        .status());

        Page page = browser.newPage(locale);
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/groups.xhtml?project=1&sort=users&q=" + encode(word));
        Locator rows = page.locator("#list\\:groups tr.group-row");
        assertThat(rows).hasCount(2);
        assertThat(page.locator("#list\\:groups th.col-users")).hasText(usersHeader);
        assertThat(page.locator("#list\\:groups th.col-level")).hasText(levelHeader);
        // sorted by users: three users first
        assertThat(rows.nth(0).locator("td.col-users .users")).hasText("3");
        assertThat(rows.nth(0).locator("td.col-level")).hasText("error");
        assertThat(rows.nth(1).locator("td.col-users .users")).hasText("1");
        assertThat(rows.nth(1).locator("td.col-level")).hasText("warning");
        assertThat(rows.nth(1).locator("td.col-assignee")).hasText("admin");
        // a relative time, the exact one on hover
        Locator last = rows.nth(0).locator("td.col-last .reltime");
        assertTrue(last.textContent().matches(agoPattern), last.textContent());
        assertTrue(
                last.getAttribute("title").matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC"),
                last.getAttribute("title"));

        // the group page shows the users beside the count
        page.navigate("/group.xhtml?project=1&id=" + three);
        assertThat(page.locator("#group\\:users")).hasText("3");
        assertThat(page.locator("#group\\:count")).hasText("5");
        assertTrue(page.locator("#group\\:lastSeen").getAttribute("title").endsWith("UTC"));
        Browser.screenshot(page, "users-group-" + locale);
    }

    @Test
    void theGroupListShowsLevelUsersAndAssigneeAndSortsByUsersInEnglish() {
        listColumnsAndSortByUsers("en-US", "Users", "Level", "just now|\\d+ min ago");
    }

    @Test
    void theGroupListShowsLevelUsersAndAssigneeAndSortsByUsersInGerman() {
        listColumnsAndSortByUsers("de-DE", "Nutzer", "Stufe", "gerade eben|vor \\d+ Min\\.");
    }

    private void emptyProject(String locale, String text) {
        Reply created = call("POST", "/api/admin/projects", "{\"name\": \"Empty " + uniqueWord() + "\"}");
        assertEquals(201, created.status(), created.body());
        JsonObject project = created.json();
        long id = project.getJsonNumber("id").longValue();

        Page page = browser.newPage(locale, 390, 844);
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/groups.xhtml?project=" + id);
        Locator empty = page.locator(".empty-state.empty-project");
        assertThat(empty).containsText(text);
        assertThat(empty.locator(".dsn")).hasText(project.getString("dsn"));
        assertThat(empty.locator(".snippet")).containsText("/api/" + id + "/events");
        assertThat(empty.locator(".snippet")).containsText("Bearer " + project.getString("publicKey"));
        Browser.fitsWindow(page, "the empty state at a phone's width");
    }

    @Test
    void anEmptyProjectSaysHowToSendItsFirstEventWithItsDsn() {
        emptyProject("en-US", "Send your first event");
        emptyProject("de-DE", "Senden Sie Ihr erstes Ereignis");
    }

    @Test
    void aFiveThousandCharacterMessageDoesNotWidenThePageAtAPhonesWidth() {
        String word = uniqueWord();
        StringBuilder message = new StringBuilder("Overflow " + word + " ");
        while (message.length() < 5_000) {
            message.append("x");
        }
        long id = group(message.toString(), "error", "ada");
        for (String locale : List.of("en-US", "de-DE")) {
            Page page = browser.newPage(locale, 390, 844);
            Browser.login(page, "admin", ADMIN_PASSWORD);
            for (String path : List.of(
                    "/groups.xhtml?project=1&q=" + encode(word), "/group.xhtml?project=1&id=" + id, "/index.xhtml")) {
                page.navigate(path);
                // names the widest element when the page is too wide
                Browser.fitsWindow(page, path + " in " + locale + " with a 5,000-character message");
                Object fits = page.evaluate(
                        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");
                assertEquals(Boolean.TRUE, fits, path + " in " + locale + " is wider than the phone");
            }
        }
    }
}
