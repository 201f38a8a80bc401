package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.BoundingBox;
import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's administration: projects, one project's page and the users are pages of their own,
 * with a sub-navigation; creating a project opens its page and says so, and what is done there
 * applies to that project; "Member of" names projects and links to them; each form answers beside
 * itself, inside the window; a bad or unknown project in the address answers like every page;
 * backfill states are words with the language's numbers; the pages fit a wide and a phone-sized
 * window and speak German all through.
 */
class AdminPagesBrowserIT extends BrowserIT {

    private static final int[][] WINDOWS = {{1400, 1000}, {390, 844}};

    @Test
    void aNewProjectOpensOnItsPageAndItsMembersJoinIt() {
        String word = uniqueWord();
        String member = newUser("join-" + word);
        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.click("#nav-admin");
        assertThat(page.locator("h1")).hasText("Administration");
        assertThat(page.locator("nav.admin-nav a.active")).hasText("Projects");

        page.fill("#newProject\\:name", "Team " + word);
        page.click("#newProject\\:create");
        page.waitForURL(url -> url.contains("/admin/project.xhtml") && url.contains("project="));
        long id = Long.parseLong(page.url().replaceAll(".*[?&]project=(\\d+).*", "$1"));
        assertThat(page.locator("#messages")).hasText("Project “Team " + word + "” (team-" + word + ") created.");
        assertThat(page.locator("h1")).hasText("Team " + word);
        assertThat(page.locator(".breadcrumb")).hasText(Pattern.compile("Projects\\s*›\\s*Team " + word));
        assertThat(page.locator("#project-id")).hasText(String.valueOf(id));
        // the new project's DSN, copied with feedback, as on the dashboard
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        page.click("button.copy-dsn");
        assertThat(page.locator(".copy-feedback")).hasText("Copied");
        assertEquals(page.locator("#dsn").textContent().strip(), page.evaluate("navigator.clipboard.readText()"));
        assertThat(page.locator("#project-slug")).hasText("team-" + word);
        assertThat(page.locator(".members-table")).containsText("No members yet.");
        assertThat(page.locator(".add-member-title")).hasText("Add a member to Team " + word);

        // the member goes to this page's project, and to no other
        Browser.choose(page, "members:user", member);
        page.click("#members\\:add");
        Browser.awaitAjax(page);
        assertThat(page.locator("#members\\:feedback")).hasText(member + " is now a member of Team " + word + ".");
        assertThat(page.locator("tr[data-member='" + member + "']")).isVisible();
        assertEquals(List.of(member), members(id));
        assertFalse(members(1).contains(member), "not a member of project 1");
        Browser.screenshot(page, "admin-project");

        // "Member of" names the project and leads to its page
        page.click("#admin-users");
        assertThat(page.locator("h1")).hasText("Users");
        assertThat(page.locator("nav.admin-nav a.active")).hasText("Users");
        var link = page.locator("tr[data-user='" + member + "'] td.projects a");
        assertThat(link).hasText("Team " + word);
        assertThat(link).hasAttribute("href", Pattern.compile(".*/admin/project\\.xhtml\\?project=" + id + "$"));
        link.click();
        page.waitForURL(url -> url.contains("/admin/project.xhtml?project=" + id));
        assertThat(page.locator("h1")).hasText("Team " + word);
        assertThat(page.locator("tr[data-member='" + member + "']")).isVisible();

        // removing goes to this project too
        page.click("tr[data-member='" + member + "'] .remove-member");
        Browser.awaitAjax(page);
        assertThat(page.locator("#members\\:feedback"))
                .hasText(member + " is no longer a member of Team " + word + ".");
        assertEquals(List.of(), members(id));
        page.context().close();
    }

    @Test
    void aWeakPasswordIsAnsweredBesideTheFormInsideTheWindow() {
        // enough users that the form to create one is far below the top of the page
        for (int i = 0; i < 20; i++) {
            newUser("filler-" + uniqueWord());
        }
        for (int[] window : WINDOWS) {
            String word = uniqueWord();
            Page page = browser.newPage("en-US", window[0], window[1]);
            Browser.login(page, "admin", ADMIN_PASSWORD);
            page.navigate("/admin/users.xhtml");
            page.fill("#newUser\\:username", "weak-" + word);
            page.fill("#newUser\\:password", "short");
            page.click("#newUser\\:create");
            Browser.awaitAjax(page);
            var message = page.locator("#newUser\\:feedback .ui-messages-error");
            assertThat(message).containsText("at least 10 characters");
            assertThat(message).isInViewport();
            BoundingBox box = message.boundingBox();
            String where = window[0] + " × " + window[1] + ": the message at " + box.x + "," + box.y + " " + box.width
                    + " × " + box.height;
            assertTrue(box.y >= 0 && box.y + box.height <= window[1], where);
            assertTrue(box.x >= 0 && box.x + box.width <= window[0], where);
            assertEquals(0, page.locator("tr[data-user='weak-" + word + "']").count(), "no user created");
            assertEquals(404, get("/api/admin/users/weak-" + word).status());
            Browser.screenshot(page, "admin-users-weak-password-" + window[0]);
            page.context().close();
        }
    }

    @Test
    void inputOutOfRangeIsRefusedBesideItsFormAndNothingChanges() {
        int retention = get("/api/1/settings").json().getInt("retentionDays");
        Page page = browser.newPage("de-DE");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        for (String days : new String[] {"0", "5000"}) {
            page.navigate("/admin/project.xhtml?project=1");
            // typed as a person types, so that the number field's own script sees the keys
            page.locator("#settings\\:retention_input").click();
            page.keyboard().press("Control+A");
            page.keyboard().type(days);
            page.click("#settings\\:save");
            Browser.awaitAjax(page);
            var message = page.locator("#settings\\:feedback .ui-messages-error");
            assertThat(message).containsText("zwischen 1 und 3.650 Tagen");
            assertThat(message).isInViewport();
            assertEquals(
                    0, page.locator("#settings\\:feedback .ui-messages-info").count(), "no “Gespeichert.”");
            assertEquals(retention, get("/api/1/settings").json().getInt("retentionDays"), days + " days: unchanged");
            assertThat(page.locator("#settings\\:retention_input")).hasValue(String.valueOf(retention));
        }

        String word = uniqueWord();
        page.fill("#views\\:name", "Nothing " + word);
        page.fill("#views\\:types", "nosuchtype");
        page.fill("#views\\:keys", "url");
        page.click("#views\\:create");
        Browser.awaitAjax(page);
        var refused = page.locator("#views\\:feedback .ui-messages-error");
        assertThat(refused).containsText("„nosuchtype“");
        assertThat(refused).containsText("exception");
        assertFalse(get("/api/1/views").body().contains(word), "no view was created");
        page.context().close();
    }

    @Test
    void aBadOrUnknownProjectInTheAddressAnswersLikeEveryPage() {
        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        Response response = page.navigate("/admin/project.xhtml?project=abc");
        assertEquals(400, response.status());
        assertThat(page.locator("h1")).hasText("Invalid address");
        assertThat(page.locator(".error-page .reason"))
                .hasText("The address is not valid: its parameter “project” cannot be “abc”.");
        assertThat(page.locator(".error-page .ways a")).hasText("Back to the dashboard");

        response = page.navigate("/admin/project.xhtml?project=424242");
        assertEquals(404, response.status());
        assertThat(page.locator("h1")).hasText("Not found");
        assertThat(page.locator(".error-page .reason")).hasText("There is no project 424242, or you may not see it.");

        response = page.navigate("/admin/project.xhtml");
        assertEquals(400, response.status());
        assertThat(page.locator(".error-page .reason"))
                .hasText("The address is not complete: it needs the parameter “project”.");
        assertFalse(page.locator("body").innerText().contains("Exception"));

        // an address from when one page held every project lands on that project's page
        response = page.navigate("/admin/index.xhtml?project=1");
        assertEquals(200, response.status());
        assertTrue(page.url().contains("/admin/project.xhtml?project=1"), page.url());
        assertThat(page.locator("#project-id")).hasText("1");
        assertThat(page.locator("#project-slug")).hasText("default");
        page.context().close();

        // a member of the project may open none of the administration's pages
        String member = LookoutClient.newMemberOfProject1();
        page = browser.newPage("en-US");
        Browser.login(page, member, MEMBER_PASSWORD);
        for (String address : List.of("/admin/index.xhtml", "/admin/project.xhtml?project=1", "/admin/users.xhtml")) {
            assertEquals(403, page.navigate(address).status(), address);
            assertThat(page.locator(".error-page .reason")).hasText("Your account may not open this page.");
        }
        page.context().close();
    }

    @Test
    void aViewsBackfillReadsAsWordsWithTheLanguagesNumbers() {
        String word = uniqueWord();
        JsonObject project = newProject("Backfill " + word);
        long id = project.getJsonNumber("id").longValue();
        String event =
                "{\"type\": \"message\", \"message\": \"Backfill " + word + "\", \"tags\": {\"server\": \"s1\"}}";
        for (int batch : new int[] {1000, 1}) {
            String body = "[" + String.join(",", java.util.Collections.nCopies(batch, event)) + "]";
            Reply sent = LookoutClient.send(String.valueOf(id), project.getString("publicKey"), body);
            assertEquals(202, sent.status(), sent.body());
        }
        await(
                () -> {
                    Reply groups = get("/api/" + id + "/groups");
                    return groups.status() == 200
                                    && groups.json().getJsonArray("groups").size() == 1
                                    && groups.json()
                                                    .getJsonArray("groups")
                                                    .getJsonObject(0)
                                                    .getInt("count")
                                            == 1001
                            ? Optional.of(true)
                            : Optional.empty();
                },
                "1,001 events stored",
                Duration.ofSeconds(120));
        Reply created = call("POST", "/api/" + id + "/views", """
                {"name": "By server", "keys": ["server"]}""");
        assertEquals(201, created.status(), created.body());
        String slug = created.json().getString("slug");
        await(
                () -> "done"
                                .equals(get("/api/" + id + "/views/" + slug)
                                        .json()
                                        .getJsonObject("backfill")
                                        .getString("state"))
                        ? Optional.of(true)
                        : Optional.empty(),
                "the backfill of " + slug,
                Duration.ofSeconds(120));

        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/admin/project.xhtml?project=" + id);
        assertThat(page.locator("tr[data-view='" + slug + "'] td.backfill"))
                .hasText("Backfilled: 1,001 of 1,001 events");
        page.context().close();

        page = browser.newPage("de-DE");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/admin/project.xhtml?project=" + id);
        assertThat(page.locator("tr[data-view='" + slug + "'] td.backfill"))
                .hasText("Nachgezählt: 1.001 von 1.001 Ereignissen");
        page.context().close();
    }

    @Test
    void everyAdminPageFitsTheWindowAndSpeaksGerman() throws IOException {
        String word = uniqueWord();
        JsonObject project = newProject("Fenster " + word);
        long id = project.getJsonNumber("id").longValue();
        String member = newUser("fenster-" + word);
        assertEquals(
                201,
                call("PUT", "/api/admin/projects/" + id + "/members/" + member, null)
                        .status());
        // a view of a type nothing was sent of: nothing to count, so its backfill is done at once
        assertEquals(201, call("POST", "/api/" + id + "/views", """
                                {"name": "Leer", "types": ["query"], "keys": ["url", "server"]}""").status());
        List<String> pages = List.of("/admin/index.xhtml", "/admin/project.xhtml?project=" + id, "/admin/users.xhtml");

        // the audit log's entries are data in English (what changed), so only its fit is checked here
        List<String> fitting = new java.util.ArrayList<>(pages);
        fitting.add("/admin/audit.xhtml");
        for (int[] window : WINDOWS) {
            Page page = browser.newPage("en-US", window[0], window[1]);
            Browser.login(page, "admin", ADMIN_PASSWORD);
            for (String address : fitting) {
                page.navigate(address);
                assertThat(page.locator("nav.admin-nav a")).hasCount(3);
                Browser.fitsWindow(page, address + " at " + window[0] + " × " + window[1]);
            }
            Browser.screenshot(page, "admin-users-" + window[0]);
            page.context().close();
        }

        List<String> english = englishOnly();
        Page page = browser.newPage("de-DE");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        for (String address : pages) {
            page.navigate(address);
            Browser.awaitAjax(page);
            String text = withoutUserData(page.locator("body").innerText());
            List<String> found = english.stream()
                    .filter(phrase -> Pattern.compile("\\b" + Pattern.quote(phrase) + "\\b")
                            .matcher(text)
                            .find())
                    .toList();
            assertEquals(List.of(), found, address + " shows English text in German:\n" + text);
        }
        page.navigate("/admin/project.xhtml?project=" + id);
        assertThat(page.locator("h1")).hasText("Fenster " + word);
        assertThat(page.locator("nav.admin-nav")).hasText(Pattern.compile("Projekte\\s*Benutzer\\s*Protokoll"));
        assertThat(page.locator(".add-member-title")).hasText("Ein Mitglied zu Fenster " + word + " hinzufügen");
        assertThat(page.locator("td.backfill")).hasText("Nachgezählt: 0 von 0 Ereignissen");
        Browser.screenshot(page, "admin-project-de");
        page.context().close();
    }

    /**
     * The phrases of the English bundle that its German text does not share: the parts of each
     * text between its arguments, of at least two words or four letters (shorter ones, and words
     * such as "ID", "DSN" or "Name", are the same in both).
     */
    private static List<String> englishOnly() throws IOException {
        Properties en = bundle("en");
        Properties de = bundle("de");
        TreeSet<String> phrases = new TreeSet<>();
        for (String key : en.stringPropertyNames()) {
            String german = de.getProperty(key, "");
            for (String part : en.getProperty(key).split("[{}|#]|\\b\\d+\\b")) {
                String phrase = part.strip().replaceAll("^[\\p{Punct}“”‘’–…\\s]+|[\\p{Punct}“”‘’–…\\s]+$", "");
                boolean longEnough = phrase.contains(" ") || phrase.length() >= 4;
                if (longEnough && phrase.matches(".*\\p{L}{3,}.*") && !german.contains(phrase)) {
                    phrases.add(phrase);
                }
            }
        }
        return new ArrayList<>(phrases);
    }

    /**
     * The page's text without what users named (projects, their slugs and views, users) and the
     * processors' identifiers (event types, classes): any language.
     */
    private static String withoutUserData(String text) {
        List<String> named = new ArrayList<>();
        get("/api/admin/system").json().getJsonObject("processors").forEach((type, implementation) -> {
            named.add(type);
            named.add(((jakarta.json.JsonString) implementation).getString());
        });
        for (JsonObject project :
                get("/api/admin/projects").json().getJsonArray("projects").getValuesAs(JsonObject.class)) {
            named.add(project.getString("name"));
            named.add(project.getString("slug"));
            for (JsonObject view : get("/api/" + project.getJsonNumber("id") + "/views")
                    .json()
                    .getJsonArray("views")
                    .getValuesAs(JsonObject.class)) {
                named.add(view.getString("name"));
            }
        }
        for (JsonObject user :
                get("/api/admin/users").json().getJsonArray("users").getValuesAs(JsonObject.class)) {
            named.add(user.getString("username"));
        }
        named.sort(java.util.Comparator.comparingInt(String::length).reversed());
        for (String name : named) {
            text = text.replace(name, " ");
        }
        return text;
    }

    private static Properties bundle(String language) throws IOException {
        Properties properties = new Properties();
        Path file = Path.of("../web/src/main/resources/io/lookout/ui/i18n/messages_" + language + ".properties");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static String newUser(String username) {
        Reply created = call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": ["member"]}""".formatted(username, MEMBER_PASSWORD));
        assertEquals(201, created.status(), created.body());
        return username;
    }

    private static JsonObject newProject(String name) {
        Reply created = call("POST", "/api/admin/projects", "{\"name\": \"" + name + "\"}");
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private static List<String> members(long project) {
        return get("/api/admin/projects/" + project + "/members")
                .json()
                .getJsonArray("members")
                .getValuesAs(JsonString.class)
                .stream()
                .map(JsonString::getString)
                .collect(Collectors.toList());
    }
}
