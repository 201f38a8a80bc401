package io.lookout.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lookout.it.Browser.text;
import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Alerts page in a real browser: an admin creates a webhook rule (its secret shown once),
 * previews its scope, tests it and sees the sent test notification, while a listener of the test
 * gets the signed request; members read the rules but change nothing; German labels; a phone-sized
 * screen; muting a group; a user's e-mail address and language in the user administration.
 */
class AlertsBrowserIT extends BrowserIT {

    private static final String MEMBER_PASSWORD = "Alerts-member-pw-1";

    private static HttpServer listener;
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();

    /** A request the webhook listener got. */
    record Received(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    @BeforeAll
    static void startListener() throws IOException {
        listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listener.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            RECEIVED.add(
                    new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        listener.start();
    }

    @AfterAll
    static void stopListener() {
        if (listener != null) {
            listener.stop(0);
        }
    }

    private static String hook(String path) {
        return "http://127.0.0.1:" + listener.getAddress().getPort() + path;
    }

    private long sendException(String word) {
        String id = LookoutClient.newId();
        Reply reply = LookoutClient.send("""
                {"id": "%s", "type": "exception", "tags": {"url": "/alerts", "server": "web-1"},
                 "data": {"type": "java.lang.IllegalStateException", "value": "alerting %s",
                   "frames": [{"module": "com.acme.Alerts", "function": "run", "filename": "Alerts.java", "lineno": 7, "inApp": true}]}}
                """.formatted(id, word));
        assertEquals(202, reply.status(), reply.body());
        Server.awaitQueueDrained(management);
        LookoutClient.awaitEvent(id);
        return LookoutClient.get("/api/1/groups?query=" + LookoutClient.encode(word))
                .json()
                .getJsonArray("groups")
                .getJsonObject(0)
                .getJsonNumber("id")
                .longValue();
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void anAdminCreatesAWebhookRuleSeesItsSecretOnceTestsItAndSeesItSent() throws Exception {
        String word = uniqueWord();
        sendException(word);
        String name = "Checkout hook " + word;
        String path = "/hook/" + word;

        Page page = browser.newPage("en-US");
        page.onDialog(dialog -> dialog.accept());
        Browser.login(page, "admin", ADMIN_PASSWORD);
        // from the project's group list to its alerts
        page.navigate("/groups.xhtml?project=1");
        page.click("#alerts-link");
        page.waitForURL(url -> url.contains("/alerts.xhtml"));
        assertThat(page.locator("h1")).containsText("Alerts");

        page.click("#rules\\:new");
        Browser.awaitAjax(page);
        page.locator("#editor\\:name").waitFor();
        page.fill("#editor\\:name", name);

        // the scope preview: the fresh group matches its word, nothing matches a word never sent
        page.fill("#editor\\:query", word);
        page.click("#editor\\:refreshPreview");
        Browser.awaitAjax(page);
        assertThat(page.locator("#editor\\:preview tr.preview-row")).hasCount(1);
        assertThat(page.locator("#editor\\:preview")).containsText("alerting " + word);
        page.fill("#editor\\:query", word + "x");
        page.click("#editor\\:refreshPreview");
        Browser.awaitAjax(page);
        assertThat(page.locator("#editor\\:preview .preview-none")).hasText("No group matches yet.");
        page.fill("#editor\\:query", word);

        // a frequency trigger asks for a threshold; back to "new group"
        Browser.choose(page, "editor:trigger", "Frequency of a group");
        assertThat(page.locator("#editor\\:thresholdEvents_input")).isVisible();
        // "quota reached": no threshold, a hint that it is for the whole project
        Browser.choose(page, "editor:trigger", "Quota reached");
        assertThat(page.locator("#editor\\:thresholdEvents_input")).hasCount(0);
        assertThat(page.locator("#editor\\:threshold")).containsText("once per limit and window");
        Browser.choose(page, "editor:trigger", "New group");
        assertThat(page.locator("#editor\\:thresholdEvents_input")).hasCount(0);

        // a bad URL: the service's reason next to the field, no stack trace
        page.fill("#editor\\:webhookUrl", "ftp://127.0.0.1/hook");
        page.click("#editor\\:save");
        Browser.awaitAjax(page);
        assertThat(page.locator("#editor .ui-message-error"))
                .containsText("The webhook URL must be an http or https URL.");
        assertFalse(page.content().contains("at io.lookout."), "no stack trace");
        Browser.screenshot(page, "alerts-form-error");

        page.fill("#editor\\:webhookUrl", hook(path));
        page.click("#editor\\:save");
        Browser.awaitAjax(page);

        // the secret, once
        assertThat(page.locator("#secret\\:secretDialog")).isVisible();
        assertThat(page.locator("#secret\\:secretDialog")).containsText("it will not be shown again");
        String secret = page.locator("#webhook-secret").textContent().strip();
        assertTrue(secret.matches("[0-9a-f]{64}"), secret);
        page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        page.click("#secret\\:secretDialog button.copy-secret");
        assertThat(page.locator("#secret\\:secretDialog .copy-feedback")).hasText("Copied");
        assertEquals(secret, page.evaluate("navigator.clipboard.readText()"));
        Browser.screenshot(page, "alerts-secret");
        page.click("#secret\\:close");
        assertThat(page.locator("#secret\\:secretDialog")).isHidden();
        Browser.awaitAjax(page);
        page.reload();
        assertFalse(page.content().contains(secret), "the secret is not shown again");

        // the rule in the list; test it
        var row = page.locator("tr.rule", text(name));
        assertThat(row).hasCount(1);
        assertThat(row.locator(".trigger")).containsText("New group");
        assertThat(row.locator(".webhook")).containsText(hook(path));
        row.locator(".test-rule").click();
        Browser.awaitAjax(page);
        assertThat(page.locator("#messages")).containsText("was sent");
        var sent = page.locator("#history tr.notification[data-trigger='test'][data-state='sent']");
        assertThat(sent).hasCount(1);
        assertThat(sent.locator(".channel-webhook")).containsText("sent");
        assertThat(page.locator("tr.rule", text(name)).locator(".state-sent")).isVisible();
        Browser.screenshot(page, "alerts");

        // the listener got the test, signed with the secret
        Received request = LookoutClient.await(
                () -> RECEIVED.stream().filter(r -> r.path().equals(path)).findFirst(),
                "the webhook request",
                Duration.ofSeconds(20));
        assertEquals("test", request.header("X-Lookout-Trigger"));
        assertEquals("sha256=" + hmac(secret, request.body()), request.header("X-Lookout-Signature"));

        // switch it off and on again
        page.locator("tr.rule", text(name)).locator(".toggle-rule").click();
        Browser.awaitAjax(page);
        assertThat(page.locator("tr.rule", text(name)).locator(".enabled-state"))
                .hasText("off");
        page.locator("tr.rule", text(name)).locator(".toggle-rule").click();
        Browser.awaitAjax(page);
        assertThat(page.locator("tr.rule", text(name)).locator(".enabled-state"))
                .hasText("on");

        // edit: a name change keeps the webhook and shows no new secret
        page.locator("tr.rule", text(name)).locator(".edit-rule").click();
        Browser.awaitAjax(page);
        assertEquals(hook(path), page.inputValue("#editor\\:webhookUrl"));
        page.fill("#editor\\:name", name + " (edited)");
        page.click("#editor\\:save");
        Browser.awaitAjax(page);
        assertThat(page.locator("tr.rule", text(name + " (edited)"))).hasCount(1);
        assertThat(page.locator("#secret\\:secretDialog")).isHidden();
        page.context().close();
    }

    @Test
    void aFailedDeliveryStandsOutAndARuleIsDeleted() {
        String word = uniqueWord();
        // nobody listens on port 9 of the loopback: connection refused, retried, shown as retrying
        JsonObject rule = call("POST", "/api/1/alerts", """
                {"name": "Broken %s", "trigger": "regression", "webhook": {"url": "http://127.0.0.1:9/nothing"}}""".formatted(word)).json();
        long id = rule.getJsonNumber("id").longValue();
        Page page = browser.newPage("en-US");
        page.onDialog(dialog -> dialog.accept());
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/alerts.xhtml?project=1&rule=" + id);
        page.locator("tr.rule[data-rule='" + id + "'] .test-rule").click();
        Browser.awaitAjax(page);
        var entry =
                page.locator("#history tr.notification[data-trigger='test']").first();
        String state = entry.getAttribute("data-state");
        assertTrue(List.of("retrying", "failed").contains(state), state);
        assertThat(entry.locator(".channel-error")).not().isEmpty();
        Browser.screenshot(page, "alerts-failed");

        page.locator("tr.rule[data-rule='" + id + "'] .delete-rule").click();
        Browser.awaitAjax(page);
        assertThat(page.locator("tr.rule[data-rule='" + id + "']")).hasCount(0);
        assertEquals(404, LookoutClient.get("/api/1/alerts/" + id).status());
        page.context().close();
    }

    @Test
    void aMemberSeesTheRulesButNoButtonsToChangeThem() {
        String member = "alerts-" + uniqueWord();
        assertEquals(
                201,
                call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": ["member"]}""".formatted(member, MEMBER_PASSWORD))
                        .status());
        assertEquals(
                201,
                call("PUT", "/api/admin/projects/1/members/" + member, null).status());
        String name = "Members read " + uniqueWord();
        assertEquals(201, call("POST", "/api/1/alerts", """
                {"name": "%s", "trigger": "frequency", "threshold": {"events": 50, "minutes": 10},
                 "email": ["ops@example.com"], "language": "de"}""".formatted(name)).status());

        Page page = browser.newPage("en-US");
        Browser.login(page, member, MEMBER_PASSWORD);
        page.navigate("/alerts.xhtml?project=1");
        var row = page.locator("tr.rule", text(name));
        assertThat(row).hasCount(1);
        assertThat(row.locator(".trigger")).containsText("at least 50 events in 10 min");
        assertThat(row.locator(".channels")).containsText("ops@example.com");
        assertThat(page.locator(".read-only")).isVisible();
        assertEquals(0, page.locator("#rules\\:new").count());
        assertEquals(
                0,
                page.locator(".edit-rule, .test-rule, .delete-rule, .toggle-rule")
                        .count());
        // the history is theirs to read
        row.locator(".show-history").click();
        Browser.awaitAjax(page);
        assertThat(page.locator("#history h2")).containsText(name);
        Browser.screenshot(page, "alerts-member");
        page.context().close();
    }

    @Test
    void germanLabelsAndAPhoneSizedScreen() {
        String name = "Telefon " + uniqueWord();
        assertEquals(
                201,
                call("POST", "/api/1/alerts", """
                {"name": "%s", "trigger": "view-frequency", "query": "level:error", "threshold": {"events": 5, "minutes": 5},
                 "webhook": {"url": "%s", "format": "slack"}, "quietMinutes": 15}""".formatted(name, hook("/phone")))
                        .status());
        Page page = browser.newPage("de-DE", 390, 844);
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/alerts.xhtml?project=1");
        assertThat(page.locator("h1")).containsText("Alarme");
        assertThat(page.locator("#rules\\:new")).containsText("Neue Regel");
        var row = page.locator("tr.rule", text(name));
        assertThat(row.locator(".trigger")).containsText("Häufigkeit im Bereich");
        assertThat(row.locator(".test-rule")).containsText("Testen");
        // stacked: the row is no wider than the screen
        double width = ((Number) page.evaluate("document.documentElement.scrollWidth")).doubleValue();
        assertTrue(width <= 400, "page width " + width);
        Browser.screenshot(page, "alerts-phone-de");
        page.click("#rules\\:new");
        Browser.awaitAjax(page);
        assertThat(page.locator("#editor label[for='editor:query']")).containsText("Abfrage");
        assertThat(page.locator("#editor\\:preview")).containsText("Gruppen, auf die der Bereich jetzt passt");
        Browser.choose(page, "editor:trigger", "Kontingent erreicht");
        assertThat(page.locator("#editor\\:threshold")).containsText("einmal pro Grenze und Zeitfenster");
        Browser.screenshot(page, "alerts-form-phone-de");
        page.context().close();
    }

    @Test
    void aGroupIsMutedAndUnmuted() {
        String word = uniqueWord();
        long groupId = sendException(word);
        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/group.xhtml?project=1&id=" + groupId);
        page.click("#group\\:mute_button");
        page.locator(".ui-menuitem-link", text("for 1 day")).click();
        Browser.awaitAjax(page);
        assertThat(page.locator(".muted-until")).containsText("Alerts muted until");
        Optional<String> until =
                Optional.ofNullable(LookoutClient.group(groupId).getString("mutedUntil", null));
        assertTrue(until.isPresent(), "muted in the API too");
        Browser.screenshot(page, "alerts-group-muted");
        page.click("#group\\:unmute");
        Browser.awaitAjax(page);
        assertThat(page.locator(".muted-until")).hasCount(0);
        assertTrue(LookoutClient.group(groupId).isNull("mutedUntil"));
        page.context().close();
    }

    @Test
    void anAdminGivesAUserAnEmailAddressAndALanguage() {
        String user = "mail-" + uniqueWord();
        Page page = browser.newPage("en-US");
        Browser.login(page, "admin", ADMIN_PASSWORD);
        page.navigate("/admin/users.xhtml");
        page.fill("#newUser\\:username", user);
        page.fill("#newUser\\:password", "Mail-user-pw-1");
        page.fill("#newUser\\:email", user + "@example.com");
        Browser.choose(page, "newUser:language", "German");
        page.click("#newUser\\:create");
        Browser.awaitAjax(page);
        var row = page.locator("tr[data-user='" + user + "']");
        assertThat(row.locator(".email")).hasText(user + "@example.com");
        assertThat(row.locator(".language")).hasText("German");
        JsonObject json = LookoutClient.get("/api/admin/users/" + user).json();
        assertEquals(user + "@example.com", json.getString("email"));
        assertEquals("de", json.getString("language"));

        // change it: another address, back to English
        row.locator(".edit-user").click();
        Browser.awaitAjax(page);
        assertEquals(user + "@example.com", page.inputValue("#users\\:editEmail"));
        page.fill("#users\\:editEmail", "ops-" + user + "@example.com");
        Browser.choose(page, "users:editLanguage", "English");
        page.click("#users\\:save");
        Browser.awaitAjax(page);
        assertThat(row.locator(".email")).hasText("ops-" + user + "@example.com");
        Browser.screenshot(page, "alerts-admin-users");
        json = LookoutClient.get("/api/admin/users/" + user).json();
        assertEquals("ops-" + user + "@example.com", json.getString("email"));
        assertEquals("en", json.getString("language"));
        assertNotNull(json);
        page.context().close();
    }
}
