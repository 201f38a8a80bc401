package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 4: a German-speaking admin walks the pages and reads no English outside the data
 * they sent — the pages' texts, the services' problems and the query's syntax errors are German,
 * counts agree with their nouns and numbers are written the German way. Item 9: what the service
 * cannot take is rejected, never silently changed.
 */
class GermanBrowserIT extends BrowserIT {

    /** English words of the pages, the services' problems and the query language, with no German twin. */
    private static final Set<String> ENGLISH = englishOnlyWords();

    @Test
    void aGermanAdminReadsNoEnglishOutsideTheirData() {
        String word = uniqueWord();
        JsonObject project = newProject(word);
        long projectId = project.getJsonNumber("id").longValue();
        String eventId = LookoutClient.newId();
        Reply sent = LookoutClient.send(
                String.valueOf(projectId), project.getString("publicKey"), """
                {"id": "%s", "type": "exception", "tags": {"url": "/kasse", "server": "web-1"},
                 "data": {"type": "de.acme.KorbFehler", "value": "Warenkorb %s ist leer",
                   "frames": [
                     {"module": "de.acme.Rahmen", "function": "behandle", "filename": "Rahmen.java", "lineno": 10, "inApp": false},
                     {"module": "de.acme.Korb", "function": "kasse", "filename": "Korb.java", "lineno": 42, "inApp": true}]}}
                """.formatted(eventId, word));
        assertEquals(202, sent.status(), sent.body());
        Server.awaitQueueDrained(management);
        JsonObject event = LookoutClient.await(
                () -> {
                    Reply reply = get("/api/" + projectId + "/events/" + eventId);
                    return reply.status() == 200 ? Optional.of(reply.json()) : Optional.empty();
                },
                "event " + eventId + " to be stored");
        long groupId = event.getJsonNumber("groupId").longValue();

        Page page = browser.newPage("de-DE");
        page.onDialog(dialog -> dialog.accept());
        Browser.login(page, "admin", ADMIN_PASSWORD);

        // the dashboard: one group and one event, in the singular
        assertThat(page.locator("h1")).hasText("Übersicht");
        String section = "section.project[data-project='" + projectId + "']";
        assertThat(page.locator(section)).containsText("1 Gruppe · 1 Ereignis");
        assertFalse(page.locator(section).innerText().contains("1 Ereignisse"));
        noEnglish(page, "dashboard", dashboardData());

        // the project's group list, then a search that does not parse
        page.navigate("/groups.xhtml?project=" + projectId);
        page.locator("a.group-link").first().waitFor();
        Set<String> listData = data(get("/api/" + projectId + "/groups").json());
        noEnglish(page, "group list", listData);
        page.fill("#filter\\:q", "is:offen");
        page.click("#filter\\:search");
        page.locator("#filter .ui-message-error").first().waitFor();
        noEnglish(page, "group list with a wrong search", listData);
        assertThat(page.locator("#filter"))
                .containsText("„is:“ erwartet unresolved, resolved, ignored oder bookmarked, nicht „offen“.");

        // the group and its event
        page.navigate("/group.xhtml?project=" + projectId + "&id=" + groupId);
        assertThat(page.locator("#group\\:message")).containsText(word);
        noEnglish(
                page,
                "group",
                data(get("/api/" + projectId + "/groups/" + groupId).json()));
        page.navigate("/event.xhtml?project=" + projectId + "&id=" + eventId);
        assertThat(page.locator("details.library-frames summary").first()).hasText("1 Bibliotheks-Frame");
        noEnglish(page, "event", data(event));

        // the alerts page; a rule without a name, then with a quiet time the service does not take
        page.navigate("/alerts.xhtml?project=" + projectId);
        assertThat(page.locator("h1")).containsText("Alarme");
        noEnglish(page, "alerts", Set.of());
        page.click("#rules\\:new");
        Browser.awaitAjax(page);
        page.locator("#editor\\:name").waitFor();
        page.fill("#editor\\:emails", "ops@example.com");
        page.click("#editor\\:save");
        Browser.awaitAjax(page);
        page.locator("#editor .ui-message-error").first().waitFor();
        noEnglish(page, "alert rule without a name", Set.of());
        assertThat(page.locator("#editor .ui-message-error")).containsText("Der Name fehlt.");

        page.fill("#editor\\:name", "Kasse " + word);
        page.locator("#editor\\:quietMinutes_input").click();
        page.keyboard().press("Control+A");
        page.keyboard().type("20000");
        page.click("#editor\\:save");
        Browser.awaitAjax(page);
        assertThat(page.locator("#editor .ui-message-error"))
                .containsText("Die Ruhezeit muss eine ganze Zahl von 0 bis 10.080 sein.");
        noEnglish(page, "alert rule with a long quiet time", Set.of("Kasse " + word));
        Browser.screenshot(page, "alerts-de-problem");
        assertEquals(
                0,
                get("/api/" + projectId + "/alerts")
                        .json()
                        .getJsonArray("rules")
                        .size(),
                "no rule was saved with a changed quiet time");
        page.context().close();
    }

    @Test
    void retentionOutOfRangeAndAViewOfAnUnknownTypeAreRejected() {
        String word = uniqueWord();
        long projectId = newProject(word).getJsonNumber("id").longValue();
        String settings = "/api/" + projectId + "/settings";
        int before = get(settings).json().getInt("retentionDays");

        Reply zero = call("PUT", settings, "{\"retentionDays\": 0}");
        assertEquals(400, zero.status(), zero.body());
        assertEquals("retentionDays", zero.json().getString("field"));
        assertEquals(
                "retentionDays must be between 1 and 3650 days", zero.json().getString("error"));
        Reply tooMany = call("PUT", settings, "{\"retentionDays\": 5000}");
        assertEquals(400, tooMany.status(), tooMany.body());
        assertEquals(
                "retentionDays must be between 1 and 3650 days", tooMany.json().getString("error"));
        assertEquals(before, get(settings).json().getInt("retentionDays"), "the retention stays as it was");

        Reply view = call(
                "POST",
                "/api/" + projectId + "/views",
                "{\"name\": \"Nichts " + word + "\", \"slug\": \"nichts\", \"types\": [\"exception\", \"nosuchtype\"],"
                        + " \"keys\": [\"url\"]}");
        assertEquals(400, view.status(), view.body());
        assertEquals("types[1]", view.json().getString("field"));
        assertEquals(
                "types[1] 'nosuchtype' is not an event type a deployed processor handles"
                        + " (exception, message, query, request)",
                view.json().getString("error"));
        assertEquals(404, get("/api/" + projectId + "/views/nichts").status(), "no view was made");

        Reply known = call(
                "POST",
                "/api/" + projectId + "/views",
                "{\"name\": \"Kasse\", \"slug\": \"kasse\", \"types\": [\"exception\"], \"keys\": [\"url\"]}");
        assertEquals(201, known.status(), known.body());
    }

    private static JsonObject newProject(String word) {
        Reply created =
                call("POST", "/api/admin/projects", "{\"name\": \"Projekt " + word + "\", \"slug\": \"" + word + "\"}");
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    /** What the dashboard shows of every project: names, types, views, values and messages. */
    private static Set<String> dashboardData() {
        Set<String> data = new HashSet<>();
        for (JsonValue project : get("/api/admin/projects").json().getJsonArray("projects")) {
            data.addAll(data(project));
            data.addAll(data(get("/api/" + project.asJsonObject().getJsonNumber("id") + "/dashboard")
                    .json()));
        }
        return data;
    }

    /** Every string and member name of an API answer: the data a page shows. */
    private static Set<String> data(JsonValue value) {
        Set<String> data = new HashSet<>();
        collect(value, data);
        return data;
    }

    private static void collect(JsonValue value, Set<String> data) {
        if (value instanceof JsonString text) {
            data.add(text.getString());
        } else if (value instanceof JsonObject object) {
            object.forEach((key, member) -> {
                data.add(key);
                collect(member, data);
            });
        } else if (value instanceof JsonArray array) {
            array.forEach(item -> collect(item, data));
        }
    }

    /**
     * Fails when the page's visible text, without the user's data and the signed-in user's name,
     * holds an English word.
     */
    private static void noEnglish(Page page, String where, Set<String> userData) {
        Browser.awaitAjax(page);
        String text = (String) page.evaluate("() => document.body.innerText");
        List<String> data = new ArrayList<>(userData);
        data.add("admin");
        data.sort(Comparator.comparingInt(String::length).reversed());
        for (String item : data) {
            if (item.length() >= 3) {
                text = text.replaceAll("(?<!\\p{L})" + Pattern.quote(item) + "(?!\\p{L})", " ");
            }
        }
        Set<String> found = new TreeSet<>();
        Matcher words = Pattern.compile("\\p{L}+").matcher(text);
        while (words.find()) {
            if (ENGLISH.contains(words.group().toLowerCase(Locale.ROOT))) {
                found.add(words.group());
            }
        }
        assertTrue(found.isEmpty(), where + ": English on a German page: " + found + "\n--- the page's text:\n" + text);
    }

    /**
     * The words of the English texts (page bundle, problem sentences, the API's wording of
     * problems and query errors) that no German text uses, of four letters or more; the query
     * language's own words (is:resolved ...) are typed as they are in every language.
     */
    private static Set<String> englishOnlyWords() {
        Path web = Path.of("../web/src/main/resources/io/lookout/ui/i18n");
        Path ejb = Path.of("../ejb/src/main/resources/io/lookout");
        Set<String> english = new HashSet<>();
        english.addAll(words(values(web.resolve("messages_en.properties"))));
        english.addAll(words(values(ejb.resolve("problems.properties"))));
        english.addAll(words(apiWording(Path.of("../ejb/src/main/java/io/lookout/ProblemCode.java"))));
        Set<String> german = new HashSet<>();
        german.addAll(words(values(web.resolve("messages_de.properties"))));
        german.addAll(words(values(ejb.resolve("problems_de.properties"))));
        english.removeAll(german);
        english.removeAll(Set.of("unresolved", "resolved", "ignored", "choice", "number", "integer"));
        english.removeIf(word -> word.length() < 4);
        assertTrue(
                english.containsAll(Set.of("groups", "events", "search", "expects", "required", "must")),
                english.toString());
        return english;
    }

    private static List<String> values(Path bundle) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(bundle, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.stringPropertyNames().stream()
                .map(properties::getProperty)
                .toList();
    }

    /** The string literals of the problem codes: the API's English. */
    private static List<String> apiWording(Path source) {
        try {
            List<String> literals = new ArrayList<>();
            Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(Files.readString(source));
            while (m.find()) {
                literals.add(m.group(1));
            }
            return literals;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> words(List<String> texts) {
        Set<String> words = new HashSet<>();
        for (String text : texts) {
            Matcher m = Pattern.compile("\\p{L}+").matcher(text);
            while (m.find()) {
                words.add(m.group().toLowerCase(Locale.ROOT));
            }
        }
        return words;
    }
}
