package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import io.lookout.it.LookoutClient.Reply;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The project page's grouping rules: an admin types a rule that strips an id, previews it (the
 * groups that would become one, as links), sees a rule that does not parse refused with its line
 * and column, and saves it.
 */
class GroupingRulesBrowserIT extends BrowserIT {

    private static final String RULE = "message:\"*user-*\" -> strip \"user-[a-z]+\"";

    @Test
    void anAdminPreviewsARuleThatStripsAnIdAndSavesIt() {
        Reply created = call("POST", "/api/admin/projects", "{\"name\": \"Rules page " + uniqueWord() + "\"}");
        assertEquals(201, created.status(), created.body());
        String project = created.json().getJsonNumber("id").toString();
        String key = created.json().getString("publicKey");
        JsonArrayBuilder events = Json.createArrayBuilder();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = newId();
            ids.add(id);
            events.add(Json.createObjectBuilder()
                    .add("id", id)
                    .add("type", "message")
                    .add("message", "basket user-" + uniqueWord().substring(1, 9) + " is empty"));
        }
        assertEquals(202, send(project, key, events.build().toString()).status());
        for (String id : ids) {
            await(
                    () -> get("/api/" + project + "/events/" + id).status() == 200
                            ? Optional.of(true)
                            : Optional.empty(),
                    "event " + id);
        }

        Page page = browser.newPage("en-US", 390, 844);
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/admin/project.xhtml?project=" + project);
        assertThat(page.locator(".rules-example")).containsText("-> strip");
        page.fill("#rules\\:text", "# ids\n" + RULE);
        page.click("#rules\\:preview");
        Browser.awaitAjax(page);
        assertThat(page.locator(".preview-figures"))
                .hasText("5 events of the last 7 days: 5 groups would become 1 group; 5 events change their group.");
        assertThat(page.locator(".join-figures")).hasText("5 groups would become one (5 events):");
        assertThat(page.locator("a.joined-group")).hasCount(5);
        assertThat(page.locator("a.joined-group").first())
                .hasAttribute("href", Pattern.compile(".*/group\\.xhtml\\?project=" + project + "&id=\\d+$"));
        assertThat(page.locator("a.joined-group").first()).containsText("basket user-");
        Browser.fitsWindow(page, "the preview on a phone");
        Browser.screenshot(page, "grouping-rules-preview");
        assertEquals("", rules(project).getString("rules"), "a preview saves nothing");

        page.fill("#rules\\:text", "# ids\n" + RULE + "\nmessage:x -> merge");
        page.click("#rules\\:save");
        Browser.awaitAjax(page);
        assertThat(page.locator("#rules\\:feedback .ui-messages-error"))
                .containsText("line 3, column 14: unknown action 'merge'");
        assertEquals("", rules(project).getString("rules"), "nothing saved");

        page.fill("#rules\\:text", "# ids\n" + RULE);
        page.click("#rules\\:save");
        Browser.awaitAjax(page);
        assertThat(page.locator("#rules\\:feedback .ui-messages-info"))
                .hasText("Grouping rules saved; new events follow them.");
        assertEquals("# ids\n" + RULE, rules(project).getString("rules"));
        page.navigate("/admin/project.xhtml?project=" + project);
        assertThat(page.locator("#rules\\:text")).hasValue("# ids\n" + RULE);
        page.context().close();

        Page german = browser.newPage("de-DE");
        Browser.login(german, "admin", ADMIN_PASSWORD);
        german.navigate("/admin/project.xhtml?project=" + project);
        german.click("#rules\\:preview");
        Browser.awaitAjax(german);
        assertThat(german.locator(".preview-figures"))
                .hasText(
                        "5 Ereignisse der letzten 7 Tage: aus 5 Gruppen würden 1 Gruppe; 5 Ereignisse wechseln die Gruppe.");
        german.context().close();
    }

    private static JsonObject rules(String project) {
        return get("/api/admin/projects/" + project + "/grouping-rules").json();
    }
}
