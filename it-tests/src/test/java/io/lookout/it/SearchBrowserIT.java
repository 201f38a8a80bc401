package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.lookout.it.LookoutClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * Search as a member uses it, in English and German: a word of an exception type typed in the box
 * finds its group; the syntax help opens from the box and its examples are searches; saving a search
 * puts it in the top bar, and clicking it there runs it; renaming and deleting it on its page.
 */
class SearchBrowserIT extends BrowserIT {

    private static long exceptionGroup(String type, String value) {
        String id = LookoutClient.newId();
        Reply reply = send("""
                {"id": "%s", "type": "exception", "data": {"type": "com.acme.%s", "value": "%s",
                 "frames": [{"module": "com.acme.Cart", "function": "checkout", "inApp": true}]}}""".formatted(id, type, value));
        assertEquals(202, reply.status(), reply.body());
        return LookoutClient.awaitEvent(id).getJsonNumber("groupId").longValue();
    }

    private static String capital(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private void searchSaveAndRun(String language, String helpSummary, String saveLabel, String savedMenu) {
        String type = capital(uniqueWord()) + "Exception";
        String other = capital(uniqueWord()) + "Exception";
        long group = exceptionGroup(type, "cart is empty");
        exceptionGroup(other, "cart is full");
        String member = LookoutClient.newMemberOfProject1();

        Page page = browser.newPage(language);
        Browser.login(page, member, MEMBER_PASSWORD);
        page.navigate("/groups.xhtml?project=1");

        // full-text from the box: the simple name of the exception type
        page.fill("#filter\\:q", type);
        page.click("#filter\\:search");
        page.waitForURL(url -> url.contains("q="));
        assertThat(page.locator("#list\\:groups tbody tr.group-row")).hasCount(1);
        assertThat(page.locator("#list\\:groups a.group-link"))
                .hasAttribute("href", java.util.regex.Pattern.compile(".*id=" + group + "(&.*)?$"));

        // the help is one click away, and an example is a search of this list
        assertThat(page.locator("#query-help .query-help-terms")).not().isVisible();
        page.click("#query-help summary");
        assertThat(page.locator("#query-help summary")).hasText(helpSummary);
        assertThat(page.locator("#query-help .query-help-terms")).isVisible();
        assertThat(page.locator("#query-help .query-help-terms")).containsText("lastSeen:-24h");
        assertThat(page.locator("#query-help a.query-example", new Page.LocatorOptions().setHasText("url:/checkout/*")))
                .hasAttribute("href", java.util.regex.Pattern.compile(".*q=url%3A%2Fcheckout%2F\\*.*"));
        Browser.fitsWindow(page, "the group list with the syntax help open (" + language + ")");
        Browser.screenshot(page, "search-help-" + language);

        // save the search: it is in the top bar
        String name = "Search " + uniqueWord();
        assertThat(page.locator("label[for='filter:save-name']")).hasText(saveLabel);
        page.fill("#filter\\:save-name", name);
        page.click("#filter\\:save-search");
        page.waitForLoadState();
        assertThat(page.locator("#nav-searches summary")).hasText(savedMenu);
        page.click("#nav-searches summary");
        assertThat(page.locator("#nav-searches a.saved-search")).hasText(name);

        // from another page, the saved search runs it
        page.navigate("/groups.xhtml?project=1");
        assertTrue(page.locator("#list\\:groups tbody tr.group-row").count() >= 2, "the whole list first");
        page.click("#nav-searches summary");
        page.click("#nav-searches a.saved-search");
        page.waitForURL(url -> url.contains("q="));
        assertThat(page.locator("#filter\\:q")).hasValue(type);
        assertThat(page.locator("#list\\:groups tbody tr.group-row")).hasCount(1);

        // rename and delete it on its page
        page.click("#nav-searches summary");
        page.click("#nav-searches-manage");
        page.waitForURL(url -> url.contains("/searches.xhtml"));
        assertThat(page.locator(".saved-searches-table .saved-search-query")).hasText(type);
        page.fill(".saved-searches-table input.search-name", name + " 2");
        page.click(".saved-searches-table .rename-search");
        page.waitForLoadState();
        assertThat(page.locator(".saved-searches-table input.search-name")).hasValue(name + " 2");
        page.onDialog(dialog -> dialog.accept());
        page.click(".saved-searches-table .delete-search");
        page.waitForLoadState();
        assertThat(page.locator(".no-saved-searches").first()).isVisible();
        Browser.fitsWindow(page, "the saved searches page (" + language + ")");
    }

    @Test
    void fullTextHelpAndASavedSearchInEnglish() {
        searchSaveAndRun("en-US", "Search syntax", "Save this search as", "Saved searches");
    }

    @Test
    void fullTextHelpAndASavedSearchInGerman() {
        searchSaveAndRun("de-DE", "Suchsyntax", "Diese Suche speichern als", "Gespeicherte Suchen");
    }
}
