package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.lookout.it.LookoutClient.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The access pages in Chromium: a user's API tokens (create, copy once, revoke) on a phone, the
 * login page's answer to a locked user name, the admin's unlock on the users page and the audit
 * log page.
 */
class AccessBrowserIT extends BrowserIT {

    @Test
    void aMemberCreatesCopiesAndRevokesATokenOnAPhone() {
        String member = LookoutClient.newMemberOfProject1();
        Page page = browser.newPage("en-US", 375, 812);
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        Browser.login(page, member, MEMBER_PASSWORD);
        page.click("#session a[id$='nav-tokens']");
        page.waitForURL(url -> url.contains("/tokens.xhtml"));
        assertThat(page.locator("h1")).hasText("API tokens");
        assertThat(page.locator(".no-tokens")).isVisible();
        Browser.fitsWindow(page, "the empty tokens page at 375");

        page.fill("#newToken\\:name", "deploy script");
        page.click("#newToken\\:create");
        Browser.awaitAjax(page);
        Locator secret = page.locator("#new-token");
        assertThat(secret).isVisible();
        String token = secret.textContent().strip();
        assertTrue(token.matches("lkt_[A-Za-z0-9_-]{43}"), token);
        Browser.fitsWindow(page, "a new token at 375");
        Browser.screenshot(page, "tokens-created-375");
        page.click("button.copy-token");
        assertThat(page.locator(".token-created .copy-feedback")).hasText("Copied");
        assertEquals(token, page.evaluate("navigator.clipboard.readText()"));

        // the token reads as the member
        assertEquals(
                200, TokensIT.withToken(token, "GET", "/api/1/groups", null).status());

        // once: after Done, and on the next visit, the token is nowhere on the page
        page.click("#tokens\\:dismiss");
        Browser.awaitAjax(page);
        assertThat(page.locator("#new-token")).hasCount(0);
        page.reload();
        Browser.awaitAjax(page);
        assertTrue(!page.content().contains(token), "the token shown again");
        Locator row = page.locator("table.tokens-table tr[data-token]");
        assertThat(row).hasCount(1);
        assertThat(row.locator("td.name")).hasText("deploy script");
        assertThat(row.locator("td.last-used")).not().hasText("never");
        Browser.fitsWindow(page, "the tokens list at 375");

        page.onDialog(dialog -> dialog.accept());
        row.locator("button.revoke-token").click();
        Browser.awaitAjax(page);
        assertThat(page.locator("table.tokens-table tr[data-token]")).hasCount(0);
        assertThat(page.locator("#tokens\\:feedback")).containsText("The token is revoked.");
        assertEquals(
                401, TokensIT.withToken(token, "GET", "/api/1/groups", null).status());
        page.context().close();
    }

    @Test
    void aLockedUserNameIsToldToWaitAndTheAdminUnlocksIt() {
        // the browser signs in from 127.0.0.1 like the tests' admin: an admin token (never
        // throttled) clears that address before and after
        String admin = TokensIT.createToken(
                        "admin", ADMIN_PASSWORD, "{\"name\": \"browser test\", \"scopes\": [\"admin\"]}")
                .getString("token");
        String user = LookoutClient.newMemberOfProject1();
        Page page = browser.newPage("en-US", 375, 812);
        try {
            clearAddress(admin);
            page.navigate("/login.xhtml");
            for (int i = 0; i < 5; i++) {
                page.fill("#login\\:username", user);
                page.fill("#login\\:password", "wrong-password-" + i);
                page.click("#login\\:submit");
                page.waitForLoadState();
                assertTrue(page.content().contains("Wrong user name or password."), "attempt " + (i + 1));
            }
            page.fill("#login\\:username", user);
            page.fill("#login\\:password", MEMBER_PASSWORD);
            page.click("#login\\:submit");
            page.waitForLoadState();
            assertTrue(page.url().contains("/login.xhtml"), page.url());
            assertTrue(
                    page.content().contains("Too many failed sign-ins; try again in 1 minute."),
                    page.locator("#messages").textContent());
            Browser.fitsWindow(page, "the login page with the lock at 375");
            Browser.screenshot(page, "login-locked-375");
            // an unknown name locked the same way reads the same
            clearAddress(admin);
            String ghost = "ghost-" + LookoutClient.uniqueWord();
            for (int i = 0; i < 6; i++) {
                page.fill("#login\\:username", ghost);
                page.fill("#login\\:password", "wrong-password-" + i);
                page.click("#login\\:submit");
                page.waitForLoadState();
            }
            assertTrue(page.content().contains("Too many failed sign-ins; try again in 1 minute."));
        } finally {
            clearAddress(admin);
            page.context().close();
        }

        // the admin sees the lock on the users page and unlocks
        Page adminPage = browser.newPage("en-US", 1400, 1000);
        Browser.login(adminPage, "admin", ADMIN_PASSWORD);
        adminPage.navigate("/admin/users.xhtml");
        Locator row = adminPage.locator("tr[data-user='" + user + "']");
        assertThat(row.locator(".locked-badge")).isVisible();
        row.locator("button.unlock-user").click();
        Browser.awaitAjax(adminPage);
        assertThat(adminPage.locator("#users\\:feedback")).containsText("unlocked");
        assertThat(adminPage.locator("tr[data-user='" + user + "'] .locked-badge"))
                .hasCount(0);

        // the audit log page shows the lock, filtered, on a phone too
        Page audit = browser.newPage("en-US", 375, 812);
        Browser.login(audit, "admin", ADMIN_PASSWORD);
        audit.navigate("/admin/audit.xhtml");
        audit.fill("#audit\\:action", "login.locked");
        audit.click("#audit\\:filter");
        Browser.awaitAjax(audit);
        assertThat(audit.locator("tr[data-action='login.locked']").first()).isVisible();
        assertTrue(audit.locator("table.audit-table tr[data-entry]").allTextContents().stream()
                .allMatch(text -> text.contains("login.locked")));
        assertTrue(
                audit.locator("td.target").allTextContents().stream().anyMatch(text -> text.contains("user " + user)));
        Browser.fitsWindow(audit, "the audit log at 375");
        Browser.screenshot(audit, "audit-375");
        audit.context().close();
        adminPage.context().close();

        // and the user signs in again
        Page again = browser.newPage("en-US");
        Browser.login(again, user, MEMBER_PASSWORD);
        assertThat(again.locator("h1")).hasText("Dashboard");
        again.context().close();
    }

    private static void clearAddress(String adminToken) {
        Reply cleared = TokensIT.withToken(adminToken, "DELETE", "/api/admin/lockouts/addresses/127.0.0.1", null);
        assertEquals(204, cleared.status(), cleared.body());
    }
}
