package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on through a real OpenID Connect provider: mock-oauth2-server in this JVM on
 * {@code lookout.it.oidc-port} (discovery, an interactive login form, the authorization code flow,
 * RS256-signed tokens, JWKS), which arquillian.xml names as the test server's
 * {@code lookout.oidc.issuer} (client {@code lookout-it}, admin groups {@code lookout-admins} and
 * {@code ops-leads}). The person types a user name and the claims the provider is to vouch for
 * (their {@code preferred_username}, {@code email} and {@code groups}) on the provider's page.
 */
class SsoBrowserIT extends BrowserIT {

    static final int OIDC_PORT = Integer.getInteger("lookout.it.oidc-port", 4480);
    static final String ISSUER = "http://127.0.0.1:" + OIDC_PORT + "/lookout-it";

    private static MockOAuth2Server provider;

    @BeforeAll
    static void startProvider() throws Exception {
        provider = new MockOAuth2Server(new OAuth2Config(true));
        provider.start(InetAddress.getByName("127.0.0.1"), OIDC_PORT);
        // the provider names itself by the address it is asked at: the test server asks at ISSUER
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.shutdown();
            provider = null;
        }
    }

    /** From Lookout's login page through the provider's login form, as a person does it. */
    private static void signInAtProvider(Page page, String subject, JsonObject claims) {
        page.navigate("/");
        page.waitForURL(url -> url.contains("/login.xhtml"));
        assertThat(page.locator("#login\\:sso")).hasText("Sign in with IT-Provider");
        page.click("#login\\:sso");
        page.waitForURL(url -> url.startsWith(ISSUER + "/authorize"));
        page.fill("input[name=username]", subject);
        page.fill("textarea[name=claims]", claims.toString());
        page.click("input[type=submit]");
        page.waitForURL(url -> url.startsWith(LookoutClient.BASE) && !url.contains("/sso/"));
        Browser.awaitAjax(page);
    }

    private static JsonObject claims(String username, String email, List<String> groups) {
        var builder = Json.createObjectBuilder().add("groups", Json.createArrayBuilder(groups));
        if (username != null) {
            builder.add("preferred_username", username);
        }
        if (email != null) {
            builder.add("email", email);
        }
        return builder.build();
    }

    private static List<String> roles(String username) {
        LookoutClient.Reply user = LookoutClient.call("GET", "/api/admin/users/" + username, null);
        assertEquals(200, user.status(), user.response().body());
        return user.json().getJsonArray("roles").getValuesAs(JsonString::getString);
    }

    /** The newest audit entry of this action by this actor. */
    private static Optional<JsonObject> audited(String actor, String action) {
        LookoutClient.Reply entries = LookoutClient.call(
                "GET",
                "/api/admin/audit?action=" + action + "&actor=" + LookoutClient.encode(actor) + "&limit=5",
                null);
        assertEquals(200, entries.status(), entries.response().body());
        return entries.json().getJsonArray("entries").getValuesAs(JsonObject.class).stream()
                .filter(entry -> entry.getString("action").equals(action))
                .findFirst();
    }

    @Test
    void aNewPersonSignsInThroughTheProviderAndBecomesAMember() {
        String name = "sso-" + LookoutClient.uniqueWord();
        Page page = browser.newPage("en-US");
        signInAtProvider(page, "subject-" + name, claims(name, name + "@example.com", List.of("staff")));

        assertTrue(page.url().endsWith("/index.xhtml") || page.url().equals(LookoutClient.BASE + "/"), page.url());
        assertThat(page.locator("#session .user")).hasText(name);
        Browser.screenshot(page, "sso-member-signed-in");

        // a member: the administration is closed to them
        page.navigate("/admin/users.xhtml");
        assertThat(page.locator("h1")).not().hasText("Users");
        assertEquals(List.of("member"), roles(name));
        LookoutClient.Reply user = LookoutClient.call("GET", "/api/admin/users/" + name, null);
        assertEquals(name + "@example.com", user.json().getString("email"));

        // no password of their own: neither the login page nor HTTP Basic let them in by one
        assertEquals(
                401,
                LookoutClient.callAs(name, name, "GET", "/api/admin/users/" + name, null)
                        .status());

        JsonObject entry = audited(name, "login.sso").orElseThrow();
        assertEquals("127.0.0.1", entry.getString("address"));
        assertTrue(entry.getString("details").contains("issuer " + ISSUER), entry.toString());
        assertTrue(entry.getString("details").contains("groups [staff]"), entry.toString());
        assertTrue(entry.getString("details").contains("created with roles [member]"), entry.toString());

        // signing out and in again finds the same user
        page.click("#session\\:logout");
        page.waitForURL(url -> url.contains("/login.xhtml"));
        signInAtProvider(page, "subject-" + name, claims(name, null, List.of("staff")));
        assertThat(page.locator("#session .user")).hasText(name);
        assertEquals(List.of("member"), roles(name));
        page.context().close();
    }

    @Test
    void anAdminGroupMakesAnAdminUntilTheProviderDropsIt() {
        String name = "sso-lead-" + LookoutClient.uniqueWord();
        Page page = browser.newPage("en-US");
        signInAtProvider(page, name, claims(name, null, List.of("staff", "ops-leads")));
        assertThat(page.locator("#session .user")).hasText(name);
        page.navigate("/admin/users.xhtml");
        assertThat(page.locator("h1")).hasText("Users");
        assertThat(page.locator("tr[data-user='" + name + "']")).hasCount(1);
        assertEquals(List.of("admin"), roles(name));
        assertTrue(audited(name, "login.sso").orElseThrow().getString("details").contains("groups [ops-leads, staff]"));
        page.context().close();

        // the provider no longer lists the group: the next sign-in makes a member again
        Page later = browser.newPage("en-US");
        signInAtProvider(later, name, claims(name, null, List.of("staff")));
        assertEquals(List.of("member"), roles(name));
        assertTrue(audited(name, "login.sso").orElseThrow().getString("details").contains("roles [admin] → [member]"));
        later.navigate("/admin/users.xhtml");
        assertThat(later.locator("h1")).not().hasText("Users");
        later.context().close();
    }

    @Test
    void aLocalUserIsNeverTakenOverAndAMissingNameIsRefused() {
        Page page = browser.newPage("en-US");
        signInAtProvider(page, "impostor", claims("admin", null, List.of("lookout-admins")));
        assertTrue(page.url().contains("/login.xhtml"), page.url());
        assertThat(page.locator("#messages"))
                .containsText("a Lookout user of that name already exists and signs in with a password");
        assertThat(page.locator("#session .user")).hasCount(0);
        assertTrue(audited("admin", "login.sso-refused")
                .orElseThrow()
                .getString("details")
                .contains("a local user"));

        // a name Lookout cannot take (a space) is refused with its own message
        signInAtProvider(page, "spacey", claims("two words", null, List.of()));
        assertTrue(page.url().contains("/login.xhtml"), page.url());
        assertThat(page.locator("#messages")).containsText("the provider gave no usable user name");
        page.context().close();
    }

    @Test
    void passwordsAndTheApiWorkAsBeforeBesideSingleSignOn() throws Exception {
        String member = LookoutClient.newMemberOfProject1();
        Page page = browser.newPage("de-DE", 375, 812);
        page.navigate("/login.xhtml");
        assertThat(page.locator("#login\\:sso")).hasText("Anmelden mit IT-Provider");
        Browser.fitsWindow(page, "the login page with single sign-on at 375");
        Browser.screenshot(page, "login-sso-de-375");
        Browser.login(page, member, MEMBER_PASSWORD);
        assertThat(page.locator("#session .user")).hasText(member);
        page.context().close();

        // the API: Basic and anonymous answers are unchanged, and it never redirects to the provider
        assertEquals(
                200,
                LookoutClient.callAs(member, MEMBER_PASSWORD, "GET", "/api/1/groups", null)
                        .status());
        LookoutClient.Reply anonymous = LookoutClient.callAs(null, null, "GET", "/api/admin/users", null);
        assertEquals(401, anonymous.status());
        assertTrue(anonymous
                .response()
                .headers()
                .firstValue("WWW-Authenticate")
                .orElse("")
                .startsWith("Basic"));

        // the callback without a sign-in this session started goes to the login page; so does one
        // with a state the provider never got (the platform's state check), and it signs nobody in
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        for (String path : List.of("/sso/callback", "/sso/callback?code=forged&state=forged")) {
            HttpResponse<String> reply = http.send(
                    HttpRequest.newBuilder(URI.create(LookoutClient.BASE + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, reply.statusCode(), path + ": " + reply.body());
            assertTrue(reply.headers().firstValue("Location").orElse("").endsWith("/login.xhtml"), path);
        }
        HttpClient session = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new java.net.CookieManager())
                .build();
        // the login path sends to the provider with this client and the callback
        HttpResponse<String> toProvider = session.send(
                HttpRequest.newBuilder(URI.create(LookoutClient.BASE + "/sso/login"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, toProvider.statusCode(), toProvider.body());
        String location = toProvider.headers().firstValue("Location").orElse("");
        assertTrue(location.startsWith(ISSUER + "/authorize?"), location);
        HttpResponse<String> forged = session.send(
                HttpRequest.newBuilder(URI.create(LookoutClient.BASE + "/sso/callback?code=forged&state=forged"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, forged.statusCode(), forged.body());
        assertTrue(forged.headers().firstValue("Location").orElse("").endsWith("/login.xhtml"));
        HttpResponse<String> after = session.send(
                HttpRequest.newBuilder(URI.create(LookoutClient.BASE + "/index.xhtml"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, after.statusCode(), "signed in by a forged answer");
        assertTrue(after.headers().firstValue("Location").orElse("").endsWith("/login.xhtml"));
        java.util.Map<String, String> query = new java.util.HashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(
                    parts[0],
                    java.net.URLDecoder.decode(
                            parts.length > 1 ? parts[1] : "", java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals("lookout-it", query.get("client_id"), location);
        assertEquals(LookoutClient.BASE + "/sso/callback", query.get("redirect_uri"), location);
        assertEquals("code", query.get("response_type"), location);
        assertTrue(query.get("scope").contains("openid"), location);
    }
}
