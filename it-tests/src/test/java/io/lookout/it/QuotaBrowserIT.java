package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The quota on the pages: after a storm of 20 times a project's quota, a member's dashboard shows the
 * project's drops per hour (and nothing for a quiet project beside it, whose events are all
 * stored); on the admin project page the drops of the hour are in its table, and the form sets the
 * project's limits (a blank field: the server's default), in English and German.
 */
class QuotaBrowserIT extends BrowserIT {

    @Test
    void aStormsDropsAppearOnTheDashboardOfAMemberOfTheProject() throws Exception {
        QuotaIT.Project loud = QuotaIT.newProject("Storm page");
        QuotaIT.Project quiet = QuotaIT.newProject("Calm page");
        assertEquals(
                200,
                QuotaIT.setQuota(loud.id(), "{\"eventsPerDay\": 10, \"spikeFactor\": 0}")
                        .status());
        String loudWord = uniqueWord();
        String quietWord = uniqueWord();
        int storm = 200; // 20 × the quota
        int quietEvents = 20;
        List<Future<Integer>> loudReplies = new ArrayList<>();
        List<Future<Integer>> quietReplies = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < storm; i++) {
                loudReplies.add(senders.submit(
                        () -> QuotaIT.event(loud, "storm " + loudWord).status()));
                if (i % (storm / quietEvents) == 0) {
                    quietReplies.add(senders.submit(
                            () -> QuotaIT.event(quiet, "calm " + quietWord).status()));
                }
            }
            int accepted = 0;
            for (Future<Integer> reply : loudReplies) {
                int status = reply.get();
                if (status == 202) {
                    accepted++;
                } else {
                    assertEquals(429, status);
                }
            }
            assertEquals(10, accepted, "the day's quota is accepted, the rest refused");
            for (Future<Integer> reply : quietReplies) {
                assertEquals(202, reply.get(), "the quiet project is not limited");
            }
        } finally {
            senders.shutdownNow();
        }
        await(
                () -> QuotaIT.count(quiet.id(), quietWord) == quietEvents ? Optional.of(true) : Optional.empty(),
                "the quiet project's " + quietEvents + " events stored");
        await(
                () -> QuotaIT.count(loud.id(), loudWord) == 10 ? Optional.of(true) : Optional.empty(),
                "the loud group counting the 10 events it was sent and accepted");
        await(
                () -> {
                    JsonObject q = QuotaIT.quota(loud.id());
                    return !q.getJsonArray("hours").isEmpty()
                                    && q.getJsonArray("hours").getJsonObject(0).getInt("dropped") == storm - 10
                            ? Optional.of(true)
                            : Optional.empty();
                },
                "the storm's drops written");

        String member = "member-" + uniqueWord();
        assertEquals(
                201,
                call("POST", "/api/admin/users", """
                                {"username": "%s", "password": "%s", "roles": ["member"]}""".formatted(member, MEMBER_PASSWORD))
                        .status());
        for (QuotaIT.Project project : List.of(loud, quiet)) {
            assertEquals(
                    201,
                    call("PUT", "/api/admin/projects/" + project.id() + "/members/" + member, null)
                            .status());
        }

        Page page = browser.newPage("en-US");
        Browser.login(page, member, MEMBER_PASSWORD);
        page.navigate("/index.xhtml");
        String loudSection = "section.project[data-project='" + loud.id() + "']";
        String quietSection = "section.project[data-project='" + quiet.id() + "']";
        assertThat(page.locator(loudSection + " .quota-section h3")).containsText("Over the quota");
        assertThat(page.locator(loudSection + " table.quota-drops tr[data-hour] td.dropped"))
                .hasText(String.valueOf(storm - 10));
        assertThat(page.locator(loudSection + " table.quota-drops tr[data-hour] td.counted-only"))
                .hasText("0");
        assertThat(page.locator(loudSection + " .quota-summary")).containsText("dropped 190 events");
        assertThat(page.locator(quietSection + " h2")).isVisible();
        assertThat(page.locator(quietSection + " .quota-section")).hasCount(0);
        Browser.fitsWindow(page, "the dashboard with a quota's drops");

        Page german = browser.newPage("de-DE");
        Browser.login(german, member, MEMBER_PASSWORD);
        german.navigate("/index.xhtml");
        assertThat(german.locator(loudSection + " .quota-section h3")).containsText("Über dem Kontingent");
        assertThat(german.locator(loudSection + " .quota-summary")).containsText("190 Ereignisse verworfen");
        assertThat(german.locator(loudSection + " table.quota-drops td.dropped"))
                .hasText("190");
    }

    @Test
    void theProjectPageShowsTheHoursDropsAndSetsTheQuota() {
        QuotaIT.Project project = QuotaIT.newProject("Quota page");
        assertEquals(
                200, QuotaIT.setQuota(project.id(), "{\"eventsPerDay\": 2}").status());
        String word = uniqueWord();
        int refused = 0;
        for (int i = 0; i < 5; i++) {
            refused += QuotaIT.event(project, word).status() == 429 ? 1 : 0;
        }
        assertEquals(3, refused);
        await(
                () -> {
                    JsonObject q = QuotaIT.quota(project.id());
                    return !q.getJsonArray("hours").isEmpty()
                                    && q.getJsonArray("hours").getJsonObject(0).getInt("dropped") == 3
                            ? Optional.of(true)
                            : Optional.empty();
                },
                "3 dropped events written");

        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/admin/project.xhtml?project=" + project.id());
        assertThat(page.locator("table.quota-drops tr[data-hour] td.dropped")).hasText("3");
        assertThat(page.locator("#quota\\:perDay")).hasValue("2");
        assertThat(page.locator("#quota\\:usage")).containsText("2");

        page.fill("#quota\\:perMinute", "120");
        page.fill("#quota\\:perDay", "");
        page.click("#quota\\:save");
        Browser.awaitAjax(page);
        assertThat(page.locator("#quota\\:perMinute")).hasValue("120");
        JsonObject saved = QuotaIT.quota(project.id());
        assertEquals(120, saved.getInt("eventsPerMinute"));
        assertEquals(true, saved.isNull("eventsPerDay"));

        page.fill("#quota\\:spikeFactor", "lots");
        page.click("#quota\\:save");
        Browser.awaitAjax(page);
        assertThat(page.locator("#quota .feedback")).containsText("The spike factor must be between 0 and 1,000");
        Browser.fitsWindow(page, "the project page with its quota");

        Page german = browser.newPage("de-DE");
        Browser.login(german, "admin", ADMIN_PASSWORD);
        german.navigate("/admin/project.xhtml?project=" + project.id());
        assertThat(german.locator("#quota h3")).containsText("verworfen");
        assertThat(german.locator("table.quota-drops td.dropped")).hasText("3");
    }
}
