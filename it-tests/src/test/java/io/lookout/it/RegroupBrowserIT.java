package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The "Regroup past events" section of a project's administration page: a wrong number of days is
 * refused beside the form and queues nothing; a regroup asked for there (after a confirmation) shows
 * its progress without a reload and ends with what it examined and changed; the section fits a phone.
 */
class RegroupBrowserIT extends BrowserIT {

    @Test
    void aRegroupAskedForOnTheProjectPageShowsItsProgressAndResult() {
        String word = uniqueWord();
        Reply created = call("POST", "/api/admin/projects", "{\"name\": \"Regroup " + word + "\"}");
        assertEquals(201, created.status(), created.body());
        JsonObject project = created.json();
        long id = project.getJsonNumber("id").longValue();
        List<String> ids = new ArrayList<>();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 3; i++) {
            String eventId = newId();
            ids.add(eventId);
            batch.append(i == 0 ? "" : ",")
                    .append("{\"id\": \"%s\", \"type\": \"message\", \"message\": \"regroup %s user-%s\"}"
                            .formatted(eventId, word, "abc".substring(i, i + 1).repeat(3)));
        }
        assertEquals(
                202,
                send(
                                String.valueOf(id),
                                project.getString("publicKey"),
                                batch.append("]").toString())
                        .status());
        for (String eventId : ids) {
            LookoutClient.await(
                    () -> get("/api/" + id + "/events/" + eventId).status() == 200
                            ? java.util.Optional.of(true)
                            : java.util.Optional.empty(),
                    "event " + eventId + " to be stored");
        }

        // three groups until a rule strips the user
        Reply rules = call(
                "PUT",
                "/api/admin/projects/" + id + "/grouping-rules",
                "{\"rules\": \"message:\\\"*user-*\\\" -> strip \\\"user-[a-z]+\\\"\"}");
        assertEquals(200, rules.status(), rules.body());

        Page page = browser.newPage("en-US", 390, 844);
        page.onDialog(dialog -> dialog.accept());
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/admin/project.xhtml?project=" + id);
        assertThat(page.locator("#regroup\\:status")).hasText("No regroup has run for this project yet.");

        page.locator("#regroup\\:days_input").click();
        page.keyboard().press("Control+A");
        page.keyboard().type("400");
        page.click("#regroup\\:start");
        Browser.awaitAjax(page);
        var refused = page.locator("#regroup\\:feedback .ui-messages-error");
        assertThat(refused).containsText("The number of days must be a whole number from 1 to 365.");
        assertThat(refused).isInViewport();
        assertEquals(
                0,
                get("/api/admin/projects/" + id + "/regroup")
                        .json()
                        .getJsonArray("jobs")
                        .size(),
                "nothing queued");

        page.locator("#regroup\\:days_input").click();
        page.keyboard().press("Control+A");
        page.keyboard().type("7");
        page.click("#regroup\\:start");
        Browser.awaitAjax(page);
        assertThat(page.locator("#regroup\\:feedback .ui-messages-info"))
                .containsText(Pattern.compile("Regroup job \\d+ queued"));
        // the poll brings the end without a reload
        page.locator("#regroup\\:progress[data-state='done']")
                .waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                        .setState(WaitForSelectorState.ATTACHED)
                        .setTimeout(60_000));
        assertThat(page.locator("#regroup\\:status")).containsText("(last 7 days): done");
        assertThat(page.locator("#regroup\\:result"))
                .hasText("3 events examined, 3 moved. Groups: 1 created, 1 received events, 3 emptied and deleted.");
        assertThat(page.locator("#regroup\\:bar")).containsText("100%");
        Browser.fitsWindow(page, "the project page with a finished regroup at 390 × 844");
        Browser.screenshot(page, "admin-project-regroup-390");

        // the group that received the events says so in its history
        long group = get("/api/" + id + "/events/" + ids.get(0))
                .json()
                .getJsonNumber("groupId")
                .longValue();
        page.navigate("/group.xhtml?project=" + id + "&id=" + group);
        assertThat(page.locator("body")).containsText(Pattern.compile("3 events moved here by regroup job \\d+\\."));
        Browser.fitsWindow(page, "the regrouped group's page at 390 × 844");
        page.context().close();
    }
}
