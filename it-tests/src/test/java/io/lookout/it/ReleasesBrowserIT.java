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

    static void chooseEnvironment(Page page, String label) {
        // the choice redirects to the same page: wait for the new document, not for the old one's state
        page.evaluate("window.lookoutBeforeChoice = true");
        // Browser.choose waits for the panel to finish showing before it clicks the item: a click while
        // the panel still moves can miss it, and then no choice is made and no new page comes (a CI flake)
        Browser.choose(page, "session:environment", label);
        Browser.awaitTrue(page, "window.lookoutBeforeChoice === undefined && document.readyState === 'complete'");
        assertThat(page.locator("#session\\:environment_label")).hasText(label);
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
        // project 1's newest release from here on: a major above every earlier run's on the same database
        // (the current time in milliseconds; releases of other tests are small numbers)
        String major = String.valueOf(System.currentTimeMillis());
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

    /** Sends an event to a project of its own and waits for it; answers its group. */
    private static long event(QuotaIT.Project project, String type, String message, String environment) {
        String id = LookoutClient.newId();
        String data = "exception".equals(type)
                ? "{\"type\": \"java.lang.IllegalStateException\", \"value\": \"" + message + "\"}"
                : "{\"message\": \"" + message + "\"}";
        Reply reply = send(String.valueOf(project.id()), project.key(), """
                {"id": "%s", "type": "%s", "tags": {"environment": "%s"}, "data": %s}""".formatted(id, type, environment, data));
        assertEquals(202, reply.status(), reply.body());
        return LookoutClient.awaitEvent(project.id(), id)
                .getJsonNumber("groupId")
                .longValue();
    }

    @Test
    void theEnvironmentSelectorFiltersTheDashboardsAndTheGroupPagesCounts() {
        String word = uniqueWord();
        QuotaIT.Project project = QuotaIT.newProject("Environments");
        String alpha = "alpha-" + word.substring(1, 7);
        String beta = "beta-" + word.substring(1, 7);
        // messages: group X 2 events in alpha and 1 in beta, group Y 1 in beta; exceptions: group Z 1 in alpha
        long x = event(project, "message", "X " + word, alpha);
        event(project, "message", "X " + word, alpha);
        event(project, "message", "X " + word, beta);
        event(project, "message", "Y " + word, beta);
        event(project, "exception", "Z " + word, alpha);

        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", LookoutClient.ADMIN_PASSWORD);
        String section = "section.project[data-project='" + project.id() + "']";
        Locator heading = page.locator(section + " h2 .muted");
        Locator types = page.locator(section + " table.types tbody tr");
        assertThat(heading).containsText("3 groups · 5 events");
        assertThat(page.locator(".environment-filter")).hasCount(0);

        chooseEnvironment(page, alpha);
        assertThat(page.locator(".environment-filter")).containsText("Environment " + alpha);
        assertThat(heading).containsText("2 groups · 3 events");
        assertThat(types).hasCount(2);
        assertThat(types.filter(new Locator.FilterOptions().setHasText("message"))
                        .locator("td.num"))
                .containsText(new String[] {"1", "2"});
        assertThat(types.filter(new Locator.FilterOptions().setHasText("exception"))
                        .locator("td.num"))
                .containsText(new String[] {"1", "1"});
        assertThat(page.locator(section + " table.types th.col-spark")).hasText("Last 24 hours (all environments)");
        Browser.screenshot(page, "dashboard-environment");

        // the group page: the environment's count, the total beside it
        page.navigate("/group.xhtml?project=" + project.id() + "&id=" + x);
        assertThat(page.locator("#group\\:count")).hasText("2");
        assertThat(page.locator(".environment-card .label")).hasText("Events in " + alpha);
        assertThat(page.locator("#group\\:allCount")).hasText("3 in all environments");

        chooseEnvironment(page, "All environments");
        assertThat(page.locator("#group\\:count")).hasText("3");
        assertThat(page.locator(".environment-card")).hasCount(0);
        page.context().close();

        Page german = browser.newPage("de-DE");
        Browser.login(german, "admin", LookoutClient.ADMIN_PASSWORD);
        chooseEnvironment(german, beta);
        assertThat(german.locator(".environment-filter")).containsText("Umgebung " + beta);
        assertThat(german.locator(section + " h2 .muted")).containsText("2 Gruppen · 2 Ereignisse");
        Locator germanTypes = german.locator(section + " table.types tbody tr");
        assertThat(germanTypes).hasCount(1);
        assertThat(germanTypes.first()).containsText("message");
        german.navigate("/group.xhtml?project=" + project.id() + "&id=" + x);
        assertThat(german.locator("#group\\:count")).hasText("1");
        assertThat(german.locator(".environment-card .label")).hasText("Ereignisse in " + beta);
        chooseEnvironment(german, "Alle Umgebungen");
        german.context().close();
    }
}
