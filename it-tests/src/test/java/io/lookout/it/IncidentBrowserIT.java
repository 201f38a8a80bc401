package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.sentry.Breadcrumb;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.protocol.SentryId;
import io.sentry.protocol.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's "done when", as a new member tries it after an incident: a shop's Java application reports
 * through the official Sentry SDK; release {@code shop@2.3.0} brought a new failure, hit by three users in
 * production and one in staging. The member, who has never used Lookout, finds it from the project's
 * releases page with production chosen in the top bar, sees how many users it hit and the breadcrumbs
 * before it, takes it, comments, resolves it in the next release, and sees it stay resolved for an event
 * of an older release and reopen, as a regression, for one of a newer release.
 */
class IncidentBrowserIT extends BrowserIT {

    /** The shop's code: release 2.3.0 reserves stock before paying, and the reservation fails. */
    static class Checkout {
        void reserve(String sku) {
            throw new IllegalStateException("stock reservation failed for " + sku);
        }
    }

    /** Another failure, there since 2.2.0: not the one the incident is about. */
    static class Search {
        void query(String text) {
            throw new IllegalArgumentException("query too long: " + text);
        }
    }

    /**
     * Sends the failure through the SDK as the application would, after a breadcrumb, for a user, of a
     * release in an environment; waits until stored and answers its group.
     */
    private static long report(
            QuotaIT.Project project, Runnable failing, String release, String environment, String user, String crumb) {
        Sentry.configureScope(scope -> {
            scope.clearBreadcrumbs();
            User who = new User();
            who.setId(user);
            scope.setUser(who);
        });
        Breadcrumb breadcrumb = new Breadcrumb();
        breadcrumb.setCategory("cart");
        breadcrumb.setMessage(crumb);
        breadcrumb.setLevel(SentryLevel.INFO);
        Sentry.addBreadcrumb(breadcrumb);
        SentryEvent event;
        try {
            failing.run();
            throw new AssertionError("unreachable");
        } catch (RuntimeException e) {
            event = new SentryEvent(e);
        }
        event.setRelease(release);
        event.setEnvironment(environment);
        SentryId id = Sentry.captureEvent(event);
        Sentry.flush(10_000);
        return LookoutClient.awaitEvent(project.id(), id.toString())
                .getJsonNumber("groupId")
                .longValue();
    }

    @Test
    void aNewMemberFindsTheFailureOfARelease_seesUsersAndBreadcrumbs_takesCommentsResolvesInTheNextRelease() {
        String word = uniqueWord();
        QuotaIT.Project project = QuotaIT.newProject("Shop");
        String member = LookoutClient.newMemberOf(project.id());
        Sentry.init(options -> {
            options.setDsn("http://" + project.key() + "@127.0.0.1:" + (8080 + LookoutClient.PORT_OFFSET) + "/"
                    + project.id());
            options.addInAppInclude("io.lookout.it");
            options.setEnableUncaughtExceptionHandler(false);
        });
        Page page;
        long failure;
        try {
            String sku = "sku-" + word;
            Runnable reservation = () -> new Checkout().reserve(sku);
            long older = report(project, () -> new Search().query(word), "shop@2.2.0", "production", "u-1", "search");
            failure = report(project, reservation, "shop@2.3.0", "production", "u-1", "reserving " + sku);
            assertNotEquals(older, failure);
            assertEquals(failure, report(project, reservation, "shop@2.3.0", "production", "u-2", "reserving " + sku));
            assertEquals(failure, report(project, reservation, "shop@2.3.0", "staging", "u-9", "reserving " + sku));
            assertEquals(failure, report(project, reservation, "shop@2.3.0", "production", "u-3", "reserving " + sku));

            // a new member: the project's releases, production chosen in the top bar
            page = browser.newPage("en-US");
            page.onDialog(dialog -> dialog.accept());
            Browser.login(page, member, MEMBER_PASSWORD);
            page.navigate("/releases.xhtml?project=" + project.id());
            Locator release = page.locator("tr.release-row[data-version='shop@2.3.0']");
            assertThat(release.locator(".release-new-groups")).hasText("1");
            assertThat(page.locator("tr.release-row[data-version='shop@2.2.0'] .release-new-groups"))
                    .hasText("1");
            release.locator(".release-version a").click();
            page.waitForURL(url -> url.contains("groups.xhtml"));
            ReleasesBrowserIT.chooseEnvironment(page, "production");
            assertThat(page.locator("#filter\\:q")).hasValue("release:\"shop@2.3.0\"");
            Locator rows = page.locator("tr.group-row");
            assertThat(rows).hasCount(1);
            assertThat(rows.first().locator(".group-link")).containsText("stock reservation failed for " + sku);
            assertThat(rows.first().locator(".users")).hasText("4");
            assertThat(rows.first().locator(".release")).hasText("shop@2.3.0");

            // the group: started with 2.3.0, three events in production, four users in all
            rows.first().locator(".group-link").click();
            page.waitForURL(url -> url.contains("group.xhtml"));
            assertThat(page.locator("#group\\:firstRelease")).hasText("shop@2.3.0");
            assertThat(page.locator("#group\\:count")).hasText("3");
            assertThat(page.locator("#group\\:allCount")).hasText("4 in all environments");
            assertThat(page.locator("#group\\:users")).hasText("4");

            // its latest event in production: the breadcrumb before it
            page.locator(".latest-events a.event-link").first().click();
            page.waitForURL(url -> url.contains("event.xhtml"));
            assertThat(page.locator("ol.breadcrumbs li").last()).containsText("reserving " + sku);
            assertThat(page.locator("tr.release td")).hasText("shop@2.3.0");
            assertThat(page.locator("tr.environment td")).hasText("production");
            assertThat(page.locator(".event-user")).containsText("u-3");
            page.navigate("/group.xhtml?project=" + project.id() + "&id=" + failure);

            // take it, comment, resolve in the next release
            page.click("#group\\:take");
            Browser.awaitAjax(page);
            assertThat(page.locator("#group\\:assignee")).hasText("Assigned to " + member);
            page.fill("#comments\\:comment", "Reservation times out since **2.3.0**; fix in 2.3.1");
            page.click("#comments\\:addComment");
            Browser.awaitAjax(page);
            assertThat(page.locator("#history tr.history-comment .comment-body strong")
                            .first())
                    .hasText("2.3.0");
            page.click("#group\\:resolveNext");
            Browser.awaitAjax(page);
            assertThat(page.locator("#group\\:status")).hasAttribute("data-status", "resolved");
            assertThat(page.locator("#group\\:resolvedIn")).containsText("newer than shop@2.3.0");

            // an older release still running somewhere: counted, stays resolved
            report(project, reservation, "shop@2.2.0", "production", "u-4", "reserving " + sku);
            page.navigate("/group.xhtml?project=" + project.id() + "&id=" + failure);
            assertThat(page.locator("#group\\:status")).hasAttribute("data-status", "resolved");
            assertThat(page.locator("#group\\:count")).hasText("4");

            // the next release fails the same way: a regression
            report(project, reservation, "shop@2.4.0", "production", "u-5", "reserving " + sku);
            page.navigate("/group.xhtml?project=" + project.id() + "&id=" + failure);
            assertThat(page.locator("#group\\:status")).hasAttribute("data-status", "unresolved");
            assertThat(page.locator("#group\\:lastRelease")).hasText("shop@2.4.0");
            assertThat(page.locator("#group\\:users")).hasText("6");
            Locator history = page.locator("#history tr.history-entry .history-text");
            assertThat(history.first())
                    .hasText("An event of release shop@2.4.0 reopened the resolved group (regression).");
            assertThat(history)
                    .containsText(List.of(
                                    "Status changed from unresolved to resolved in the next release.",
                                    "Assigned to " + member + ".")
                            .toArray(String[]::new));
            assertThat(page.locator("#group\\:assignee")).hasText("Assigned to " + member);
            Browser.fitsWindow(page, "the group page after the incident");
            Browser.screenshot(page, "incident-group");
        } finally {
            Sentry.close();
        }
        ReleasesBrowserIT.chooseEnvironment(page, "All environments");
        page.context().close();
    }
}
