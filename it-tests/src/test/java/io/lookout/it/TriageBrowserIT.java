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
 * The group page's triage as a member uses it: assign to me (then find it under "Assigned to me"),
 * a comment whose Markdown is rendered and whose HTML stays text, a star (then find it under "My
 * bookmarks"); and the same page in German.
 */
class TriageBrowserIT extends BrowserIT {

    private static long group(String message) {
        String id = LookoutClient.newId();
        Reply reply = send("""
                {"id": "%s", "type": "message", "data": {"message": "%s"}}""".formatted(id, message));
        assertEquals(202, reply.status(), reply.body());
        return LookoutClient.awaitEvent(id).getJsonNumber("groupId").longValue();
    }

    @Test
    void aMemberTakesAGroupCommentsInMarkdownAndStarsIt() {
        String word = uniqueWord();
        String member = LookoutClient.newMemberOfProject1();
        long group = group("Checkout of " + word + " timed out");

        Page page = browser.newPage("en-US");
        page.onDialog(dialog -> dialog.accept());
        Browser.login(page, member, MEMBER_PASSWORD);
        page.navigate("/group.xhtml?project=1&id=" + group);
        assertThat(page.locator("#group\\:unassignedBadge")).hasText("Unassigned");

        // assign to me
        page.click("#group\\:take");
        Browser.awaitAjax(page);
        assertThat(page.locator("#group\\:assignee")).hasText("Assigned to " + member);
        assertThat(page.locator("#group\\:take")).hasCount(0);
        Locator entries = page.locator("#history tr.history-entry");
        assertThat(entries.first().locator(".history-text")).hasText("Assigned to " + member + ".");
        assertThat(entries.first().locator(".history-actor")).hasText(member);

        // a comment: Markdown rendered, a script tag shown as text and never run
        page.fill(
                "#comments\\:comment",
                "Cache is **stale**, see [runbook](https://wiki.example/run) <script>window.pwned=1</script>");
        page.click("#comments\\:addComment");
        Browser.awaitAjax(page);
        Locator comment = page.locator("#history tr.history-comment").first();
        assertThat(comment.locator(".comment-body strong")).hasText("stale");
        assertThat(comment.locator(".comment-body a[href='https://wiki.example/run']"))
                .hasText("runbook");
        assertThat(comment.locator(".comment-body")).containsText("<script>window.pwned=1</script>");
        assertThat(comment.locator("script")).hasCount(0);
        assertEquals(Boolean.FALSE, page.evaluate("() => window.pwned === 1"));
        assertThat(page.locator("#comments\\:comment")).hasValue("");

        // an empty comment is refused beside the box
        page.click("#comments\\:addComment");
        Browser.awaitAjax(page);
        assertThat(page.locator("#comments")).containsText("The comment is empty");

        // resolving shows in the history, by whom
        page.click("#group\\:resolve");
        Browser.awaitAjax(page);
        assertThat(entries.first().locator(".history-text")).hasText("Status changed from unresolved to resolved.");

        // star it
        page.click("#group\\:star");
        Browser.awaitAjax(page);
        assertThat(page.locator("#group\\:star")).hasAttribute("data-bookmarked", "true");
        Browser.fitsWindow(page, "the group page with assignee, comment and star");
        Browser.screenshot(page, "group-triage");

        // the lists: Assigned to me and My bookmarks (resolved groups are listed: the search names no status)
        page.navigate("/groups.xhtml?project=1");
        page.click("#filter\\:assigned-to-me");
        page.waitForURL(url -> url.contains("assigned"));
        assertThat(page.locator("#filter\\:q")).hasValue("assigned:me");
        page.fill("#filter\\:q", "assigned:me is:resolved " + word);
        page.click("#filter\\:search");
        Locator rows = page.locator("tr.group-row");
        assertThat(rows).hasCount(1);
        assertThat(rows.first().locator(".assignee")).hasText(member);
        page.click("#filter\\:my-bookmarks");
        page.waitForURL(url -> url.contains("bookmarked"));
        assertThat(page.locator("#filter\\:q")).hasValue("is:bookmarked");
        page.fill("#filter\\:q", "is:bookmarked is:resolved " + word);
        page.click("#filter\\:search");
        assertThat(rows).hasCount(1);
        assertThat(rows.first().locator(".group-link")).containsText(word);

        // unstar: no longer among the bookmarks
        page.navigate("/group.xhtml?project=1&id=" + group);
        page.click("#group\\:star");
        Browser.awaitAjax(page);
        assertThat(page.locator("#group\\:star")).hasAttribute("data-bookmarked", "false");
        page.navigate("/groups.xhtml?project=1&q=" + LookoutClient.encode("is:bookmarked is:resolved " + word));
        assertThat(page.locator("#list\\:groups")).containsText("No groups match.");

        // the same page in German
        Page german = browser.newPage("de-DE");
        Browser.login(german, member, MEMBER_PASSWORD);
        german.navigate("/group.xhtml?project=1&id=" + group);
        assertThat(german.locator("#group\\:assignee")).hasText("Zugewiesen an " + member);
        assertThat(german.locator("#history tr.history-entry").first().locator(".history-text"))
                .hasText("Status von offen auf erledigt geändert.");
        assertThat(german.locator("#comments\\:addComment")).hasText("Kommentieren");
        assertThat(german.locator("#group\\:star")).hasText("Merken");
        german.context().close();

        // the selector: back to nobody
        page.navigate("/group.xhtml?project=1&id=" + group);
        Browser.choose(page, "group:assigneeMenu", "(nobody)");
        page.click("#group\\:assign");
        Browser.awaitAjax(page);
        assertThat(page.locator("#group\\:unassignedBadge")).hasText("Unassigned");
        assertThat(page.locator("#history tr.history-entry").first().locator(".history-text"))
                .hasText("Unassigned.");
        assertThat(page.locator("#group\\:take")).hasCount(1);
        page.context().close();
    }
}
