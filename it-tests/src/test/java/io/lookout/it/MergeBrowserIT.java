package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.lookout.it.LookoutClient.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The group page's Merge, Split and History, on a phone: a group merged in by its link, the history
 * saying so (in English and German), the alias's page leading to the merged group, the split.
 */
class MergeBrowserIT extends BrowserIT {

    /**
     * Sends events of one message from the logger (the groups' culprit) and answers their group. The test's
     * own logger: the similar groups offered are then the test's, not whichever groups of project 1 without
     * a logger score higher after the suite's earlier tests.
     */
    private static long group(String logger, String message, int events) {
        String last = null;
        for (int i = 0; i < events; i++) {
            last = LookoutClient.newId();
            Reply reply = send("""
                    {"id": "%s", "type": "message", "tags": {"server": "web-%d"}, "data": {"message": "%s", "logger": "%s"}}""".formatted(last, i, message, logger));
            assertEquals(202, reply.status(), reply.body());
        }
        return LookoutClient.awaitEvent(last).getJsonNumber("groupId").longValue();
    }

    @Test
    void aGroupIsMergedByItsLinkAndSplitFromTheGroupPageWithItsHistory() {
        String word = uniqueWord();
        String logger = "payments." + word;
        long kept = group(logger, "Payment of " + word + " declined by the bank", 3);
        long merged = group(logger, "Payment of " + word + " was declined by the bank", 2);

        Page page = browser.newPage("en-US", 375, 812);
        List<String> confirmations = new ArrayList<>();
        page.onDialog(dialog -> {
            confirmations.add(dialog.message());
            dialog.accept();
        });
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/group.xhtml?project=1&id=" + kept);
        assertThat(page.locator("#history h3")).hasText("History");
        // a new group's history is its first event alone
        assertThat(page.locator("#history tr.history-entry")).hasCount(1);
        assertThat(page.locator("#history tr.history-first-seen .history-text")).hasText("First seen.");
        assertThat(page.locator("#merging\\:split")).hasCount(0);

        // bad input: a message beside the field, nothing merged
        page.fill("#merging\\:mergeGroups", "not-a-group");
        page.click("#merging\\:merge");
        Browser.awaitAjax(page);
        assertThat(page.locator("#merging")).containsText("“not-a-group” is not a group number or a link to a group");

        // the similar groups (same type and culprit) are offered: Add puts one in the field
        Locator similar = page.locator("#merging .similar-group", new Page.LocatorOptions().setHasText("#" + merged));
        assertThat(similar).hasCount(1);
        page.fill("#merging\\:mergeGroups", "");
        similar.locator(".similar-add").click();
        assertThat(page.locator("#merging\\:mergeGroups")).hasValue(Long.toString(merged));
        Browser.fitsWindow(page, "the group page with similar groups, 375 px");

        page.fill("#merging\\:mergeGroups", LookoutClient.BASE + "/group.xhtml?project=1&id=" + merged);
        page.click("#merging\\:merge");
        // the page comes again: every section shows the merged group
        assertThat(page.locator("#group\\:count")).hasText("5");
        assertThat(page.locator("table.latest-events tbody tr")).hasCount(5);
        assertThat(page.locator("body")).containsText("One group was merged into this one.");
        assertEquals(
                List.of(
                        "Merge these groups into this one? Their events move here.",
                        "Merge these groups into this one? Their events move here."),
                confirmations);
        assertThat(page.locator("#merging .merged-group")).hasCount(1);
        assertThat(page.locator("#merging .merged-group")).containsText("#" + merged);
        Locator entries = page.locator("#history tr.history-entry");
        assertThat(entries).hasCount(2);
        assertThat(entries.first().locator(".history-actor")).hasText("admin");
        assertThat(entries.first().locator(".history-text"))
                .hasText("Merged #" + merged + " into this group (2 events).");
        Browser.fitsWindow(page, "the group page with a merged group and its history, 375 px");
        Browser.screenshot(page, "group-merged-phone");

        // the merged group's page leads to the group it went into
        page.navigate("/group.xhtml?project=1&id=" + merged);
        page.waitForURL(url -> url.contains("id=" + kept));
        assertThat(page.locator("#group\\:count")).hasText("5");

        Page german = browser.newPage("de-DE");
        Browser.login(german, "admin", ADMIN_PASSWORD);
        german.navigate("/group.xhtml?project=1&id=" + kept);
        assertThat(german.locator("#history h3")).hasText("Verlauf");
        assertThat(german.locator("#history tr.history-entry .history-text").first())
                .hasText("#" + merged + " in diese Gruppe übernommen (2 Ereignisse).");
        assertThat(german.locator("#merging\\:split")).hasText("Trennen");
        german.context().close();

        page.click("#merging\\:split");
        assertThat(page.locator("#merging .merged-group")).hasCount(0);
        assertTrue(confirmations.contains("Give each merged group its own events back?"), confirmations.toString());
        assertThat(page.locator("#group\\:count")).hasText("3");
        assertThat(page.locator("table.latest-events tbody tr")).hasCount(3);
        assertThat(entries).hasCount(3);
        assertThat(entries.first().locator(".history-text")).hasText("Split #" + merged + " off again (2 events).");
        assertEquals(2, LookoutClient.group(merged).getInt("count"));
        Browser.fitsWindow(page, "the group page after the split, 375 px");
        page.context().close();
    }
}
