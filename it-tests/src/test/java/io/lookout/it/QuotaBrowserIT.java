package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import jakarta.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The quota on the admin project page: the drops of the hour are in its table, and the form sets the
 * project's limits (a blank field: the server's default), in English and German.
 */
class QuotaBrowserIT extends BrowserIT {

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
