package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.lookout.it.LookoutClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * Releases and environments as a member uses them (docs/releases.md): the environment selector filters the
 * group list; "resolve in next release" on the group page, then events of an older and of a newer release
 * (sent through REST): resolved, then unresolved with the regression in the history; the releases page.
 * In English and German.
 */
class ReleasesBrowserIT extends BrowserIT {

    /** Sends a message event of project 1 with release and environment tags; answers its group. */
    private static long event(String message, String release, String environment) {
        String id = LookoutClient.newId();
        Reply reply = send("""
                {"id": "%s", "type": "message", "tags": {"release": "%s", "environment": "%s"},
                 "data": {"message": "%s"}}""".formatted(id, release, environment, message));
        assertEquals(202, reply.status(), reply.body());
        return LookoutClient.awaitEvent(id).getJsonNumber("groupId").longValue();
    }

    private static void chooseEnvironment(Page page, String label) {
        page.click("#session\\:environment");
        page.locator("#session\\:environment_panel li[data-label='" + label + "']")
                .click();
        page.waitForLoadState();
        Browser.awaitTrue(page, "document.readyState === 'complete'");
    }

    @Test
    void theEnvironmentSelectorFiltersTheGroupList() {
        String word = uniqueWord();
        String production = "production-" + uniqueWord().substring(1, 7);
        String staging = "staging-" + uniqueWord().substring(1, 7);
        event("Cart " + word + " lost in production", "9.0.0", production);
        event("Cart " + word + " lost in staging", "9.0.0", staging);

        Page page = browser.newPage("en-US");
        Browser.login(page, LookoutClient.newMemberOfProject1(), MEMBER_PASSWORD);
        page.navigate("/groups.xhtml?project=1&q=" + LookoutClient.encode(word));
        Locator rows = page.locator("tr.group-row");
        assertThat(rows).hasCount(2);
        assertThat(page.locator("#session\\:environment")).containsText("All environments");

        chooseEnvironment(page, staging);
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).containsText("lost in staging");
        assertThat(rows.first().locator(".release")).hasText("9.0.0");
        // kept for the session: another page, then the list again
        page.navigate("/index.xhtml");
        page.navigate("/groups.xhtml?project=1&q=" + LookoutClient.encode(word));
        assertThat(rows).hasCount(1);
        assertThat(page.locator("#session\\:environment")).containsText(staging);

        chooseEnvironment(page, "All environments");
        assertThat(rows).hasCount(2);
        Browser.screenshot(page, "groups-environment");

        Page german = browser.newPage("de-DE");
        Browser.login(german, LookoutClient.newMemberOfProject1(), MEMBER_PASSWORD);
        german.navigate("/groups.xhtml?project=1&q=" + LookoutClient.encode(word));
        assertThat(german.locator("#session\\:environment")).containsText("Alle Umgebungen");
        chooseEnvironment(german, production);
        assertThat(german.locator("tr.group-row")).hasCount(1);
        assertThat(german.locator("tr.group-row").first()).containsText("lost in production");
        german.context().close();
    }

    @Test
    void resolvedInTheNextReleaseAGroupStaysResolvedForAnOlderReleaseAndReopensForANewerOne() {
        String word = uniqueWord();
        String member = LookoutClient.newMemberOfProject1();
        // the project's newest release is at least 1000.0.0 from here on: a fresh major for this test
        String major = String.valueOf(
                1000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(100000));
        String older = major + ".0.0";
        String current = major + ".1.0";
        String newer = major + ".2.0";
        long group = event("Invoice " + word + " rounding", older, "production");
        event("Other " + word, current, "production");

        Page page = browser.newPage("en-US");
        Browser.login(page, member, MEMBER_PASSWORD);
        page.navigate("/group.xhtml?project=1&id=" + group);
        assertThat(page.locator("#group\\:firstRelease")).hasText(older);
        page.click("#group\\:resolveNext");
        Browser.awaitAjax(page);
        assertThat(page.locator("#group\\:status")).hasAttribute("data-status", "resolved");
        assertThat(page.locator("#group\\:resolvedIn")).containsText("newer than " + current);
        Locator entries = page.locator("#history tr.history-entry");
        assertThat(entries.first().locator(".history-text"))
                .hasText("Status changed from unresolved to resolved in the next release.");

        event("Invoice " + word + " rounding", older, "production");
        page.navigate("/group.xhtml?project=1&id=" + group);
        assertThat(page.locator("#group\\:status")).hasAttribute("data-status", "resolved");
        assertThat(page.locator("#group\\:count")).hasText("2");

        event("Invoice " + word + " rounding", newer, "production");
        page.navigate("/group.xhtml?project=1&id=" + group);
        assertThat(page.locator("#group\\:status")).hasAttribute("data-status", "unresolved");
        assertThat(page.locator("#group\\:lastRelease")).hasText(newer);
        assertThat(entries.first().locator(".history-text"))
                .hasText("An event of release " + newer + " reopened the resolved group (regression).");
        Browser.fitsWindow(page, "the group page with releases");
        Browser.screenshot(page, "group-releases");

        // the releases page, linked from the group page
        page.click("#group\\:releases-link");
        Locator releases = page.locator("tr.release-row");
        assertThat(releases.first()).hasAttribute("data-version", newer);
        assertThat(page.locator("tr.release-row[data-version='" + older + "'] .release-events"))
                .hasText("2");
        assertThat(page.locator("tr.release-row[data-version='" + older + "'] .release-new-groups"))
                .hasText("1");
        page.locator("tr.release-row[data-version='" + newer + "'] .release-version a")
                .click();
        page.waitForURL(url -> url.contains("groups.xhtml"));
        assertThat(page.locator("#filter\\:q")).hasValue("release:\"" + newer + "\"");
        assertThat(page.locator("tr.group-row")).hasCount(1);

        Page german = browser.newPage("de-DE");
        Browser.login(german, member, MEMBER_PASSWORD);
        german.navigate("/group.xhtml?project=1&id=" + group);
        assertThat(german.locator("#history tr.history-entry").first().locator(".history-text"))
                .hasText("Ein Ereignis von Release " + newer
                        + " hat die erledigte Gruppe wieder geöffnet (Regression).");
        assertThat(german.locator("#group\\:resolveNext")).hasText("Im nächsten Release erledigt");
        german.navigate("/releases.xhtml?project=1");
        assertThat(german.locator("h1")).hasText("Releases");
        assertThat(german.locator(".releases-table th").first()).hasText("Release");
        assertThat(german.locator(".releases-table")).containsText("Neue Gruppen");
        german.context().close();
    }
}
