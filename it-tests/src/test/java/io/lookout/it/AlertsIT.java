package io.lookout.it;

import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.callAs;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.lookout.it.LookoutClient.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alerts end to end (API.md "Alerts", issue 17): rules through the REST API, events through the
 * Sentry and the native endpoints and the event queue, mails received by an SMTP server in this JVM
 * (GreenMail on {@code lookout.it.smtp-port}, where arquillian.xml points the test server) and
 * webhooks by an HTTP server in this JVM that checks each signature with its own HMAC. The test
 * server runs with short windows (arquillian.xml): gather 2 s, digest 4 s, retries after 2 and 4 s,
 * at most 5 notifications per project and 30-second cap window. Each test has a project of its own,
 * so the cap and the digests of one never touch another's.
 */
class AlertsIT extends LookoutIT {

    static final int SMTP_PORT = Integer.getInteger("lookout.it.smtp-port", 3025);
    /**
     * QuotaAlertIT's wait for a notification that should not come: gather, digest, a retry and slack
     * (its refusals are counted in memory until a flush, which {@link #awaitSettled} cannot see).
     */
    static final Duration SETTLE = Duration.ofSeconds(10);

    /** How long {@link #awaitSettled} must find nothing under way before it believes it. */
    static final Duration QUIET = Duration.ofSeconds(1);

    /** At most this long for what is under way to finish: a 30-second cap window's summary and slack. */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);

    private static GreenMail mail;
    private static Hooks hooks;

    @Deployment(name = "probe", order = 2, testable = false)
    static WebArchive probe() {
        return Server.queueProbe();
    }

    @BeforeAll
    static void startListeners() throws IOException {
        mail = startMail();
        hooks = new Hooks();
    }

    @AfterAll
    static void stopListeners() {
        if (mail != null) {
            mail.stop();
        }
        if (hooks != null) {
            hooks.server.stop(0);
        }
    }

    static GreenMail startMail() {
        GreenMail greenMail = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return greenMail;
    }

    // --- 1. new group, through the Sentry endpoint, scoped to a view and a query ---------------

    @Test
    void aNewCheckoutExceptionSendsOneMailAndOneSignedWebhookWithinTenSeconds() throws Exception {
        Project p = Project.create();
        assertEquals(201, call("POST", "/api/" + p.id + "/views", """
                {"name": "Exceptions by URL", "slug": "exceptions-by-url", "types": ["exception"], "keys": ["url"]}""").status());
        String address = "ops-" + p.word + "@example.com";
        JsonObject mailRule = p.rule("""
                {"name": "New checkout errors", "trigger": "new-group", "view": "exceptions-by-url",
                 "query": "type:exception url:/checkout", "email": ["%s"]}""".formatted(address));
        String hook = "/new-group/" + p.word;
        JsonObject hookRule = p.rule("""
                {"name": "New checkout errors (hook)", "trigger": "new-group", "view": "exceptions-by-url",
                 "query": "type:exception url:/checkout", "webhook": {"url": "%s", "format": "json"}}""".formatted(hooks.url(hook)));
        String secret = hookRule.getJsonObject("webhook").getString("secret");
        assertTrue(secret.length() >= 32, hookRule.toString());
        assertFalse(
                call("GET", "/api/" + p.id + "/alerts/" + ruleId(hookRule), null)
                        .body()
                        .contains(secret),
                "the secret is shown once");

        // outside the scope: another URL, a message instead of an exception
        assertEquals(
                200, p.sentry(newId(), "Cart" + p.word, "declined", "/cart").status());
        assertEquals(
                202,
                p.send("{\"type\": \"message\", \"message\": \"checkout " + p.word
                                + "\", \"tags\": {\"url\": \"/checkout\"}}")
                        .status());

        String eventId = newId();
        long sentAt = System.nanoTime();
        assertEquals(
                200,
                p.sentry(eventId, "Checkout" + p.word, "card declined", "/checkout")
                        .status());
        MimeMessage message = await(() -> one(mailsTo(address)), "the mail", Duration.ofSeconds(10));
        Hooks.Request request = await(() -> one(hooks.at(hook)), "the webhook", Duration.ofSeconds(10));
        assertTrue(System.nanoTime() - sentAt < Duration.ofSeconds(10).toNanos(), "within 10 seconds");

        // the webhook: signed with the rule's secret, the contract's fields
        assertEquals("sha256=" + hmac(secret, request.body()), request.header("X-Lookout-Signature"));
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals("new-group", request.header("X-Lookout-Trigger"));
        assertNotNull(request.header("X-Lookout-Dispatch"));
        JsonObject body = request.json();
        assertEquals(
                ruleId(hookRule), body.getJsonObject("rule").getJsonNumber("id").longValue());
        assertEquals("New checkout errors (hook)", body.getJsonObject("rule").getString("name"));
        assertEquals("new-group", body.getString("trigger"));
        assertEquals(p.id, body.getJsonObject("project").getJsonNumber("id").longValue());
        assertEquals(p.slug, body.getJsonObject("project").getString("slug"));
        JsonObject group = body.getJsonObject("group");
        long groupId = p.groupOf(eventId);
        assertEquals(groupId, group.getJsonNumber("id").longValue());
        assertEquals("exception", group.getString("type"));
        assertTrue(group.getString("message").contains("Checkout" + p.word), group.toString());
        assertEquals(1, group.getInt("count"));
        assertNotNull(group.getString("firstSeen"));
        assertNotNull(group.getString("lastSeen"));
        String groupUrl = "http://lookout.it.test/group.xhtml?project=" + p.id + "&id=" + groupId;
        assertEquals(groupUrl, group.getString("url"));
        assertEquals(eventId, body.getJsonObject("event").getString("id"));
        assertEquals(
                "/checkout", body.getJsonObject("event").getJsonObject("tags").getString("url"));
        assertEquals(1, body.getJsonArray("notifications").size());

        // the mail: plain text and HTML, with the group's link
        assertTrue(
                message.getContentType().toLowerCase().startsWith("multipart/alternative"), message.getContentType());
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertEquals(2, parts.getCount());
        assertTrue(String.valueOf(parts.getBodyPart(0).getContent()).contains(groupUrl), "text part has the link");
        assertTrue(
                String.valueOf(parts.getBodyPart(1).getContent()).contains(groupUrl.replace("&", "&amp;")),
                "HTML part has the link");
        assertTrue(message.getSubject().contains("Checkout" + p.word), message.getSubject());
        assertNotNull(message.getHeader("X-Lookout-Dispatch"));

        // the same event again, and another event of the group at the same URL: nothing more
        assertEquals(
                200,
                p.sentry(eventId, "Checkout" + p.word, "card declined", "/checkout")
                        .status());
        String second = newId();
        assertEquals(
                200,
                p.sentry(second, "Checkout" + p.word, "card declined", "/checkout")
                        .status());
        assertEquals(groupId, p.groupOf(second));
        awaitSettled(p);
        assertEquals(1, mailsTo(address).size());
        assertEquals(1, hooks.at(hook).size());
        assertEquals(List.of("new-group sent"), p.historyLines(mailRule));
        assertEquals(List.of("new-group sent"), p.historyLines(hookRule));
    }

    // --- 2. regression ----------------------------------------------------------------------------

    @Test
    void resolvingAndSeeingTheGroupAgainSendsOneRegressionPerResolution() {
        Project p = Project.create();
        String address = "regress-" + p.word + "@example.com";
        JsonObject rule = p.rule("""
                {"name": "Regressions", "trigger": "regression", "email": ["%s"], "quietMinutes": 0}""".formatted(address));
        String message = "Stock sync failed " + p.word;
        String first = newId();
        p.sendOk(first, message);
        long group = p.groupOf(first);

        p.resolve(group);
        p.sendOk(newId(), message);
        await(() -> one(mailsTo(address)), "the regression mail");
        p.resolve(group);
        p.sendOk(newId(), message);
        await(() -> mailsTo(address).size() == 2 ? Optional.of(true) : Optional.empty(), "the second regression mail");
        awaitSettled(p);
        assertEquals(2, mailsTo(address).size());
        assertEquals(List.of("regression sent", "regression sent"), p.historyLines(rule));
        assertEquals("unresolved", p.group(group).getString("status"));
    }

    // --- 3. frequency and view frequency ---------------------------------------------------------

    @Test
    void frequencyAndViewFrequencyNotifyOnceWhenTheThresholdIsCrossed() {
        Project p = Project.create();
        String groupAddress = "freq-" + p.word + "@example.com";
        String scopeAddress = "scope-" + p.word + "@example.com";
        JsonObject groupRule = p.rule("""
                {"name": "Busy group", "trigger": "frequency", "query": "url:/f", "threshold": {"events": 5, "minutes": 10},
                 "email": ["%s"]}""".formatted(groupAddress));
        JsonObject scopeRule = p.rule("""
                {"name": "Busy checkout", "trigger": "view-frequency", "query": "url:/v", "threshold": {"events": 4, "minutes": 10},
                 "email": ["%s"]}""".formatted(scopeAddress));
        String busy = "Payment timeout " + p.word;
        for (int i = 0; i < 4; i++) {
            p.sendOk(newId(), busy, "/f");
        }
        // view frequency: four groups together, three of them now
        for (int i = 0; i < 3; i++) {
            p.sendOk(newId(), "Scoped " + uniqueWord(), "/v");
        }
        awaitSettled(p);
        assertEquals(0, mailsTo(groupAddress).size(), "below the group's threshold");
        assertEquals(0, mailsTo(scopeAddress).size(), "below the scope's threshold");

        p.sendOk(newId(), busy, "/f");
        p.sendOk(newId(), "Scoped " + uniqueWord(), "/v");
        MimeMessage groupMail = await(() -> one(mailsTo(groupAddress)), "the frequency mail");
        MimeMessage scopeMail = await(() -> one(mailsTo(scopeAddress)), "the view-frequency mail");
        assertTrue(text(groupMail).contains("5 events in 10 minutes"), text(groupMail));
        assertTrue(text(scopeMail).contains("4 events in 10 minutes"), text(scopeMail));

        // still above the thresholds: nothing more
        for (int i = 0; i < 5; i++) {
            p.sendOk(newId(), busy, "/f");
            p.sendOk(newId(), "Scoped " + uniqueWord(), "/v");
        }
        awaitSettled(p);
        assertEquals(1, mailsTo(groupAddress).size());
        assertEquals(1, mailsTo(scopeAddress).size());
        assertEquals(List.of("frequency sent"), p.historyLines(groupRule));
        assertEquals(List.of("view-frequency sent"), p.historyLines(scopeRule));
    }

    @Test
    void onlyTheGroupsEventsInTheScopeCountTowardsItsThreshold() {
        Project p = Project.create();
        String address = "scoped-freq-" + p.word + "@example.com";
        JsonObject rule = p.rule("""
                {"name": "Busy on /f", "trigger": "frequency", "query": "url:/f", "threshold": {"events": 5, "minutes": 10},
                 "email": ["%s"]}""".formatted(address));
        String busy = "Lock wait " + p.word;
        // one group, five events: three in the scope, two outside it
        for (int i = 0; i < 3; i++) {
            p.sendOk(newId(), busy, "/f");
        }
        for (int i = 0; i < 2; i++) {
            p.sendOk(newId(), busy, "/other");
        }
        awaitSettled(p);
        assertEquals(0, mailsTo(address).size(), "five events in the group, three of them in the scope");

        p.sendOk(newId(), busy, "/other");
        p.sendOk(newId(), busy, "/f");
        awaitSettled(p);
        assertEquals(0, mailsTo(address).size(), "four in the scope");

        p.sendOk(newId(), busy, "/f");
        MimeMessage mail = await(() -> one(mailsTo(address)), "the frequency mail");
        assertTrue(text(mail).contains("5 events in 10 minutes"), text(mail));
        // the mail arrives before the delivery is recorded as sent
        await(
                () -> p.historyLines(rule).stream().noneMatch(line -> line.endsWith(" sending"))
                        ? Optional.of(true)
                        : Optional.empty(),
                "the delivery to be recorded");
        assertEquals(List.of("frequency sent"), p.historyLines(rule));
    }

    // --- 4. the same message delivered twice -----------------------------------------------------

    @Test
    void theSameQueueMessageTwiceNotifiesOnce() {
        Project p = Project.create();
        String address = "jms-" + p.word + "@example.com";
        JsonObject rule =
                p.rule("{\"name\": \"New\", \"trigger\": \"new-group\", \"email\": [\"%s\"]}".formatted(address));
        String id = newId();
        String body = "{\"id\": \"%s\", \"type\": \"message\", \"message\": \"Queue twice %s\"}".formatted(id, p.word);
        p.enqueue(body);
        p.enqueue(body);
        await(() -> one(mailsTo(address)), "the mail");
        awaitSettled(p);
        assertEquals(1, mailsTo(address).size());
        assertEquals(1, p.group(p.groupOf(id)).getInt("count"));
        assertEquals(List.of("new-group sent"), p.historyLines(rule));
    }

    // --- 5. the SMTP server down, then up again --------------------------------------------------

    @Test
    void aMailRetriedWhileTheSmtpServerIsDownArrivesOnceWhenItIsBack() throws Exception {
        Project p = Project.create();
        String address = "down-" + p.word + "@example.com";
        JsonObject rule =
                p.rule("{\"name\": \"New\", \"trigger\": \"new-group\", \"email\": [\"%s\"]}".formatted(address));
        mail.stop();
        try {
            p.sendOk(newId(), "While SMTP is down " + p.word);
            JsonObject retrying = await(
                    () -> p.history(rule).stream()
                            .filter(n -> "retrying".equals(n.getString("state")))
                            .findFirst(),
                    "the notification to be retrying");
            String error =
                    retrying.getJsonObject("dispatch").getJsonObject("email").getString("error");
            // WildFly's mail session names 127.0.0.1 by its host name
            assertTrue(error.matches(".*(127\\.0\\.0\\.1|localhost):" + SMTP_PORT + "\\b.*"), error);
            // another failed attempt (the retry comes 2 s after the first)
            await(
                    () -> p.history(rule)
                                            .get(0)
                                            .getJsonObject("dispatch")
                                            .getJsonObject("email")
                                            .getInt("attempts")
                                    >= 2
                            ? Optional.of(true)
                            : Optional.empty(),
                    "a second failed attempt");
        } finally {
            mail = startMail();
        }
        await(() -> one(mailsTo(address)), "the mail once the SMTP server is back");
        await(
                () -> p.historyLines(rule).equals(List.of("new-group sent")) ? Optional.of(true) : Optional.empty(),
                "the history to say sent");
        awaitSettled(p);
        assertEquals(1, mailsTo(address).size());
    }

    // --- 6. digest --------------------------------------------------------------------------------

    @Test
    void groupsFiringTogetherGoOutAsOneDigest() {
        Project p = Project.create();
        String address = "digest-" + p.word + "@example.com";
        String hook = "/digest/" + p.word;
        JsonObject rule = p.rule("""
                {"name": "New", "trigger": "new-group", "email": ["%s"], "webhook": {"url": "%s"}}""".formatted(address, hooks.url(hook)));
        List<String> messages = List.of("Alpha failed " + p.word, "Beta failed " + p.word, "Gamma failed " + p.word);
        assertEquals(
                202,
                p.send(messages.stream()
                                .map(m -> "{\"type\": \"message\", \"message\": \"" + m + "\"}")
                                .collect(Collectors.joining(", ", "[", "]")))
                        .status());
        // and one more a moment later, within the window
        p.sendOk(newId(), "Delta failed " + p.word);
        MimeMessage digest = await(() -> one(mailsTo(address)), "the digest mail");
        Hooks.Request request = await(() -> one(hooks.at(hook)), "the digest webhook");
        awaitSettled(p);
        List<MimeMessage> all = mailsTo(address);
        List<Hooks.Request> webhooks = hooks.at(hook);
        // the fourth may have missed the first digest: then it is the second, never one per group
        String text = all.stream().map(AlertsIT::text).collect(Collectors.joining("\n"));
        for (String m : messages) {
            assertTrue(text(digest).contains(m), m + " in " + text(digest));
        }
        assertTrue(text.contains("Delta failed " + p.word), text);
        assertTrue(
                all.size() <= 2 && webhooks.size() == all.size(),
                all.size() + " mails, " + webhooks.size() + " webhooks");
        assertTrue(subject(digest).contains("new alerts"), subject(digest));
        int notifications = webhooks.stream()
                .mapToInt(r -> r.json().getJsonArray("notifications").size())
                .sum();
        assertEquals(4, notifications);
        assertTrue(
                request.json().getJsonArray("notifications").size() >= 3,
                request.json().toString());
        assertEquals(
                4,
                p.historyLines(rule).stream().filter("new-group sent"::equals).count());
    }

    // --- 7. hourly cap ----------------------------------------------------------------------------

    @Test
    void theCapHoldsBackTheRestAndSaysHowManyOnce() {
        Project p = Project.create();
        String address = "cap-" + p.word + "@example.com";
        JsonObject rule =
                p.rule("{\"name\": \"New\", \"trigger\": \"new-group\", \"email\": [\"%s\"]}".formatted(address));
        awaitEarlyInCapWindow();
        assertEquals(202, p.send(newGroups(8, "Capped")).status());
        MimeMessage digest = await(() -> mailsTo(address).stream().findFirst(), "the digest mail");
        assertTrue(subject(digest).contains("5 new alerts"), subject(digest));
        MimeMessage summary = summaryMail(address);
        assertTrue(subject(summary).contains("3 more notifications suppressed"), subject(summary));
        awaitSettled(p);
        assertEquals(2, mailsTo(address).size());
        List<JsonObject> history = p.history(rule);
        assertEquals(
                5,
                history.stream()
                        .filter(n -> "new-group".equals(n.getString("trigger")) && "sent".equals(n.getString("state")))
                        .count(),
                history.toString());
        assertEquals(
                3,
                history.stream()
                        .filter(n -> "suppressed".equals(n.getString("state"))
                                && n.getString("reason").startsWith("cap"))
                        .count(),
                history.toString());
    }

    /**
     * A storm of new groups after the cap is reached: the batches count their notifications in a
     * row per rule instead of writing one each, and the "N more suppressed" message counts them all.
     */
    @Test
    void aStormPastTheCapIsCountedNotStoredOneByOne() {
        Project p = Project.create();
        String address = "storm-" + p.word + "@example.com";
        JsonObject rule =
                p.rule("{\"name\": \"New\", \"trigger\": \"new-group\", \"email\": [\"%s\"]}".formatted(address));
        awaitEarlyInCapWindow();
        assertEquals(202, p.send(newGroups(8, "Storm start")).status());
        MimeMessage digest = await(() -> mailsTo(address).stream().findFirst(), "the digest mail");
        assertTrue(subject(digest).contains("5 new alerts"), subject(digest));
        for (int i = 0; i < 3; i++) {
            assertEquals(202, p.send(newGroups(10, "Storm " + i)).status());
        }
        MimeMessage summary = summaryMail(address);
        assertTrue(subject(summary).contains("33 more notifications suppressed"), subject(summary));
        awaitSettled(p);
        assertEquals(2, mailsTo(address).size());
        List<JsonObject> history = p.history(rule);
        assertEquals(
                8,
                history.stream()
                        .filter(n -> "new-group".equals(n.getString("trigger")))
                        .count(),
                "only the first batch's notifications are rows of their own: " + history);
        List<JsonObject> counted = history.stream()
                .filter(n -> "overflow".equals(n.getString("trigger")))
                .toList();
        assertTrue(!counted.isEmpty() && counted.size() <= 3, history.toString());
        assertEquals(
                30,
                counted.stream()
                        .mapToLong(n -> n.getJsonNumber("events").longValue())
                        .sum());
        assertTrue(
                counted.stream()
                        .allMatch(n -> "suppressed".equals(n.getString("state"))
                                && "cap (counted)".equals(n.getString("reason"))
                                && n.isNull("group")),
                counted.toString());
    }

    /** The second mail to the address: the "N more suppressed" message after a digest. */
    private static MimeMessage summaryMail(String address) {
        return await(
                () -> mailsTo(address).size() >= 2
                        ? Optional.of(mailsTo(address).get(1))
                        : Optional.empty(),
                "the suppressed message",
                Duration.ofSeconds(60));
    }

    private static String newGroups(int count, String prefix) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            batch.append(i == 0 ? "" : ", ")
                    .append("{\"type\": \"message\", \"message\": \"" + prefix + " " + uniqueWord() + "\"}");
        }
        return batch.append("]").toString();
    }

    /** Two rules fire for the same batch and form their digests at the same moment: the cap is still the project's. */
    @Test
    void theCapIsTheProjectsAcrossItsRules() {
        Project p = Project.create();
        String address = "cap2-" + p.word + "@example.com";
        String hook = "/cap2/" + p.word;
        JsonObject mailRule =
                p.rule("{\"name\": \"Mail\", \"trigger\": \"new-group\", \"email\": [\"%s\"]}".formatted(address));
        JsonObject hookRule = p.rule("{\"name\": \"Hook\", \"trigger\": \"new-group\", \"webhook\": {\"url\": \"%s\"}}"
                .formatted(hooks.url(hook)));
        awaitEarlyInCapWindow();
        assertEquals(202, p.send(newGroups(8, "Capped twice")).status());
        Supplier<List<JsonObject>> notifications = () -> {
            List<JsonObject> all = new ArrayList<>(p.history(mailRule));
            all.addAll(p.history(hookRule));
            return all.stream()
                    .filter(n -> "new-group".equals(n.getString("trigger")))
                    .toList();
        };
        await(
                () -> notifications.get().size() == 16
                                && notifications.get().stream()
                                        .noneMatch(n ->
                                                List.of("pending", "sending").contains(n.getString("state")))
                        ? Optional.of(true)
                        : Optional.empty(),
                "both rules' digests to be formed");
        List<JsonObject> all = notifications.get();
        long sent =
                all.stream().filter(n -> "sent".equals(n.getString("state"))).count();
        long capped = all.stream()
                .filter(n -> "suppressed".equals(n.getString("state"))
                        && n.getString("reason").startsWith("cap"))
                .count();
        assertEquals(5, sent, "the project's cap of 5: " + all);
        assertEquals(11, capped, all.toString());
    }

    // --- 8. mute ----------------------------------------------------------------------------------

    @Test
    void aMutedGroupsNotificationsAreSuppressedUntilUnmuted() {
        Project p = Project.create();
        String address = "mute-" + p.word + "@example.com";
        JsonObject rule = p.rule("""
                {"name": "Regressions", "trigger": "regression", "email": ["%s"], "quietMinutes": 0}""".formatted(address));
        String message = "Noisy " + p.word;
        String first = newId();
        p.sendOk(first, message);
        long group = p.groupOf(first);
        Reply muted = call("PATCH", "/api/" + p.id + "/groups/" + group, "{\"muteMinutes\": 60}");
        assertEquals(200, muted.status(), muted.body());

        p.resolve(group);
        p.sendOk(newId(), message);
        JsonObject suppressed = await(
                () -> p.history(rule).stream()
                        .filter(n -> "suppressed".equals(n.getString("state")))
                        .findFirst(),
                "the suppressed notification");
        assertEquals("group muted", suppressed.getString("reason"));

        assertEquals(
                200,
                call("PATCH", "/api/" + p.id + "/groups/" + group, "{\"muteMinutes\": 0}")
                        .status());
        p.resolve(group);
        p.sendOk(newId(), message);
        await(() -> one(mailsTo(address)), "the mail once unmuted");
        awaitSettled(p);
        assertEquals(1, mailsTo(address).size());
        assertEquals(List.of("regression sent", "regression suppressed"), p.historyLines(rule));
    }

    // --- 9. access and bad input ------------------------------------------------------------------

    @Test
    void membersReadRulesAdminsWriteThemAndBadInputNamesItsField() {
        Project p = Project.create();
        assertEquals(201, call("POST", "/api/" + p.id + "/views", """
                {"name": "By URL", "slug": "by-url", "keys": ["url"]}""").status());
        JsonObject rule = p.rule("""
                {"name": "New", "trigger": "new-group", "view": "by-url", "email": ["a@example.com"]}""");
        String rules = "/api/" + p.id + "/alerts";
        String one = rules + "/" + ruleId(rule);
        String member = "alerts-m-" + p.word;
        String password = "Member-password-1";
        assertEquals(
                201,
                call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": ["member"]}""".formatted(member, password))
                        .status());
        assertEquals(
                201,
                call("PUT", "/api/admin/projects/" + p.id + "/members/" + member, null)
                        .status());
        Project other = Project.create();
        String outsider = "alerts-o-" + p.word;
        assertEquals(
                201,
                call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": ["member"]}""".formatted(outsider, password))
                        .status());
        assertEquals(
                201,
                call("PUT", "/api/admin/projects/" + other.id + "/members/" + outsider, null)
                        .status());

        assertEquals(200, callAs(member, password, "GET", rules, null).status());
        Reply read = callAs(member, password, "GET", one, null);
        assertEquals(200, read.status());
        assertEquals("New", read.json().getString("name"));
        assertEquals(
                200,
                callAs(member, password, "GET", one + "/notifications", null).status());
        String body = "{\"name\": \"Mine\", \"trigger\": \"new-group\", \"email\": [\"b@example.com\"]}";
        assertEquals(403, callAs(member, password, "POST", rules, body).status());
        assertEquals(403, callAs(member, password, "PUT", one, body).status());
        assertEquals(403, callAs(member, password, "DELETE", one, null).status());
        assertEquals(403, callAs(member, password, "POST", one + "/test", null).status());
        assertEquals(1, call("GET", rules, null).json().getJsonArray("rules").size(), "the member created nothing");

        assertEquals(404, callAs(outsider, password, "GET", rules, null).status());
        assertEquals(404, callAs(outsider, password, "GET", one, null).status());
        assertEquals(
                404,
                callAs(outsider, password, "GET", one + "/notifications", null).status());
        assertEquals(
                404,
                call("GET", "/api/" + other.id + "/alerts/" + ruleId(rule), null)
                        .status(),
                "a rule of another project");

        assertInvalid(
                "colour",
                rules,
                "{\"name\": \"x\", \"trigger\": \"new-group\", \"email\": [\"a@example.com\"], \"colour\": 1}");
        assertInvalid(
                "trigger", rules, "{\"name\": \"x\", \"trigger\": \"sometimes\", \"email\": [\"a@example.com\"]}");
        assertInvalid(
                "threshold", rules, "{\"name\": \"x\", \"trigger\": \"frequency\", \"email\": [\"a@example.com\"]}");
        assertInvalid(
                "email[0]", rules, "{\"name\": \"x\", \"trigger\": \"new-group\", \"email\": [\"not-an-address\"]}");
        assertInvalid(
                "webhook.url",
                rules,
                "{\"name\": \"x\", \"trigger\": \"new-group\", \"webhook\": {\"url\": \"ftp://example.com/x\"}}");
        assertInvalid(
                "view",
                rules,
                "{\"name\": \"x\", \"trigger\": \"new-group\", \"view\": \"nope\", \"email\": [\"a@example.com\"]}");
        assertInvalid("email", rules, "{\"name\": \"x\", \"trigger\": \"new-group\"}");
        assertInvalid("name", one, "{\"trigger\": \"new-group\", \"email\": [\"a@example.com\"]}");

        Reply inUse = call("DELETE", "/api/" + p.id + "/views/by-url", null);
        assertEquals(409, inUse.status(), inUse.body());
        assertTrue(inUse.body().contains("New"), inUse.body());
        assertEquals(204, call("DELETE", one, null).status());
        assertEquals(404, call("GET", one, null).status());
        assertEquals(204, call("DELETE", "/api/" + p.id + "/views/by-url", null).status());
    }

    private static void assertInvalid(String field, String path, String body) {
        Reply reply = call(path.matches(".*/alerts$") ? "POST" : "PUT", path, body);
        assertEquals(400, reply.status(), reply.body());
        assertEquals(field, reply.json().getString("field"), reply.body());
    }

    // --- 10. the test button ----------------------------------------------------------------------

    @Test
    void theTestButtonSendsAndRecordsTheOutcome() {
        Project p = Project.create();
        String address = "test-" + p.word + "@example.com";
        String hook = "/test/" + p.word;
        JsonObject rule = p.rule("""
                {"name": "Checkout", "trigger": "new-group", "email": ["%s"], "webhook": {"url": "%s", "format": "json"}}""".formatted(address, hooks.url(hook)));
        String secret = rule.getJsonObject("webhook").getString("secret");
        String test = "/api/" + p.id + "/alerts/" + ruleId(rule) + "/test";

        Reply sent = call("POST", test, null);
        assertEquals(200, sent.status(), sent.body());
        assertEquals("sent", sent.json().getString("state"), sent.body());
        assertEquals("test", sent.json().getString("trigger"));
        MimeMessage message = await(() -> one(mailsTo(address)), "the test mail");
        assertTrue(subject(message).contains("Test notification"), subject(message));
        Hooks.Request request = await(() -> one(hooks.at(hook)), "the test webhook");
        assertEquals("test", request.header("X-Lookout-Trigger"));
        assertEquals("test", request.json().getString("kind"));
        assertEquals("sha256=" + hmac(secret, request.body()), request.header("X-Lookout-Signature"));

        hooks.status.put(hook, 500);
        Reply retrying = call("POST", test, null);
        assertEquals(200, retrying.status(), retrying.body());
        assertEquals("retrying", retrying.json().getString("state"), retrying.body());
        JsonObject webhook = retrying.json().getJsonObject("dispatch").getJsonObject("webhook");
        assertTrue(webhook.getString("error").contains("500"), webhook.toString());
        assertEquals(
                "sent",
                retrying.json().getJsonObject("dispatch").getJsonObject("email").getString("state"));
        long retried = retrying.json().getJsonNumber("id").longValue();
        hooks.status.put(hook, 200);
        await(
                () -> p.history(rule).stream()
                        .filter(n ->
                                n.getJsonNumber("id").longValue() == retried && "sent".equals(n.getString("state")))
                        .findFirst(),
                "the retried webhook to be sent");
        List<Hooks.Request> calls = hooks.at(hook);
        String dispatch = String.valueOf(
                retrying.json().getJsonObject("dispatch").getJsonNumber("id").longValue());
        assertTrue(
                calls.stream()
                                .filter(r -> dispatch.equals(r.header("X-Lookout-Dispatch")))
                                .count()
                        >= 2,
                "the retry carries the same dispatch id");

        hooks.status.put(hook, 404);
        Reply failed = call("POST", test, null);
        assertEquals("failed", failed.json().getString("state"), failed.body());
        assertTrue(
                failed.json()
                        .getJsonObject("dispatch")
                        .getJsonObject("webhook")
                        .getString("error")
                        .contains("404"),
                failed.body());
        assertEquals(3, mailsTo(address).size());
    }

    /** emailMembers: every member with an address, one mail per language, the others' not at all. */
    @Test
    void aRuleMailsTheProjectsMembersInTheirLanguage() {
        Project p = Project.create();
        String english = "en-" + p.word + "@example.com";
        String german = "de-" + p.word + "@example.com";
        String outsider = "out-" + p.word + "@example.com";
        String[][] users = {
            {"en-" + p.word, english, "en"}, {"de-" + p.word, german, "de"}, {"out-" + p.word, outsider, "en"}
        };
        for (String[] user : users) {
            Reply created = call("POST", "/api/admin/users", """
                    {"username": "%s", "password": "Member-password-1", "roles": ["member"], "email": "%s", "language": "%s"}""".formatted(user[0], user[1], user[2]));
            assertEquals(201, created.status(), created.body());
        }
        assertEquals(
                201,
                call("PUT", "/api/admin/projects/" + p.id + "/members/" + users[0][0], null)
                        .status());
        assertEquals(
                201,
                call("PUT", "/api/admin/projects/" + p.id + "/members/" + users[1][0], null)
                        .status());
        JsonObject rule = p.rule("{\"name\": \"Team\", \"trigger\": \"new-group\", \"emailMembers\": true}");

        Reply sent = call("POST", "/api/" + p.id + "/alerts/" + ruleId(rule) + "/test", null);
        assertEquals("sent", sent.json().getString("state"), sent.body());
        MimeMessage toEnglish = await(() -> one(mailsTo(english)), "the English mail");
        MimeMessage toGerman = await(() -> one(mailsTo(german)), "the German mail");
        assertTrue(subject(toEnglish).contains("Test notification of \"Team\""), subject(toEnglish));
        assertTrue(subject(toGerman).contains("Testbenachrichtigung"), subject(toGerman));
        assertEquals(0, mailsTo(outsider).size(), "not a member of the project");
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** A project of the test's own, with its key. */
    record Project(long id, String key, String slug, String word) {

        static Project create() {
            String word = uniqueWord();
            Reply created = call("POST", "/api/admin/projects", "{\"name\": \"Alerts " + word + "\"}");
            assertEquals(201, created.status(), created.body());
            JsonObject json = created.json();
            return new Project(
                    json.getJsonNumber("id").longValue(), json.getString("publicKey"), json.getString("slug"), word);
        }

        JsonObject rule(String json) {
            Reply created = call("POST", "/api/" + id + "/alerts", json);
            assertEquals(201, created.status(), created.body());
            return created.json();
        }

        Reply send(String body) {
            return LookoutClient.send(String.valueOf(id), key, body);
        }

        void sendOk(String eventId, String message) {
            Reply reply =
                    send("{\"id\": \"%s\", \"type\": \"message\", \"message\": \"%s\"}".formatted(eventId, message));
            assertEquals(202, reply.status(), reply.body());
        }

        void sendOk(String eventId, String message, String url) {
            Reply reply =
                    send("{\"id\": \"%s\", \"type\": \"message\", \"message\": \"%s\", \"tags\": {\"url\": \"%s\"}}"
                            .formatted(eventId, message, url));
            assertEquals(202, reply.status(), reply.body());
        }

        /** An exception event through the Sentry envelope endpoint, as an SDK sends it. */
        Reply sentry(String eventId, String type, String value, String url) {
            String event = """
                    {"event_id":"%s","platform":"java","level":"error","tags":{"url":"%s"},
                     "exception":{"values":[{"type":"%s","value":"%s","stacktrace":{"frames":[
                       {"module":"shop.Checkout","function":"pay","filename":"Checkout.java","lineno":42,"in_app":true}]}}]}}""".formatted(eventId, url, type, value).replace("\n", "");
            String envelope = "{\"event_id\":\"" + eventId + "\"}\n{\"type\":\"event\"}\n" + event + "\n";
            return LookoutClient.execute(HttpRequest.newBuilder(
                            URI.create(LookoutClient.BASE + "/api/" + id + "/envelope/"))
                    .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_client=lookout-it/1.0, sentry_key=" + key)
                    .header("Content-Type", "application/x-sentry-envelope")
                    .POST(HttpRequest.BodyPublishers.ofString(envelope)));
        }

        void enqueue(String body) {
            Reply reply = LookoutClient.execute(HttpRequest.newBuilder(URI.create(LookoutClient.BASE
                            + "/queue-probe/send?kind=text&project=" + id + "&key=" + key + "&testCase=" + newId()))
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertEquals(200, reply.status(), reply.body());
        }

        long groupOf(String eventId) {
            return await(
                    () -> {
                        Reply reply = LookoutClient.get("/api/" + id + "/events/" + eventId);
                        return reply.status() == 200
                                ? Optional.of(
                                        reply.json().getJsonNumber("groupId").longValue())
                                : Optional.empty();
                    },
                    "event " + eventId);
        }

        JsonObject group(long group) {
            Reply reply = LookoutClient.get("/api/" + id + "/groups/" + group);
            assertEquals(200, reply.status(), reply.body());
            return reply.json();
        }

        void resolve(long group) {
            Reply reply = call("PATCH", "/api/" + id + "/groups/" + group, "{\"status\": \"resolved\"}");
            assertEquals(200, reply.status(), reply.body());
        }

        List<JsonObject> history(JsonObject rule) {
            Reply reply = LookoutClient.get("/api/" + id + "/alerts/" + ruleId(rule) + "/notifications");
            assertEquals(200, reply.status(), reply.body());
            return reply.json().getJsonArray("notifications").getValuesAs(JsonObject.class);
        }

        /** "trigger state" per notification, newest first. */
        List<String> historyLines(JsonObject rule) {
            return history(rule).stream()
                    .map(n -> n.getString("trigger") + " " + n.getString("state"))
                    .toList();
        }
    }

    static long ruleId(JsonObject rule) {
        return rule.getJsonNumber("id").longValue();
    }

    static List<MimeMessage> mailsTo(String address) {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            try {
                Address[] to = message.getAllRecipients();
                if (to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
                    found.add(message);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    /** The only element, once there is one; fails when there are more. */
    static <T> Optional<T> one(List<T> list) {
        assertTrue(list.size() <= 1, "more than one: " + list.size());
        return list.stream().findFirst();
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain-text part. */
    static String text(MimeMessage message) {
        try {
            return String.valueOf(
                    ((MimeMultipart) message.getContent()).getBodyPart(0).getContent());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until at least 20 s of the current 30-second cap window (arquillian.xml) are left, so
     * that a test's batch and the digests it forms fall into one window.
     */
    static void awaitEarlyInCapWindow() {
        long intoWindow = System.currentTimeMillis() % 30_000;
        if (intoWindow > 10_000) {
            try {
                Thread.sleep(30_000 - intoWindow + 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Waits until everything the test set off has run its course, so that its "nothing more came"
     * assertions are final: no message on the event queue (each is acknowledged only after the
     * transaction that stored its events and raised their notifications committed) and no
     * notification of the project's rules pending (a gather or a rule's digest window included),
     * sending or retrying, both for {@link #QUIET} in a row. After that nothing of the project's can
     * mail or call a webhook: a notification is raised only with its events and delivered only
     * while it is pending, sending or retrying. The notification queue is not asked: it holds the
     * delayed retries of every project's failing webhooks (another test's among them), so it may
     * never be empty while this project is long settled. A cap window's "N more suppressed" summary
     * is the one delivery without a notification of its own: the tests that expect it wait for it
     * first. Replaces a fixed wait of {@link #SETTLE} after each such step.
     */
    void awaitSettled(Project p) {
        long[] quietSince = {0};
        await(
                () -> {
                    if (!quiet(p)) {
                        quietSince[0] = 0;
                        return Optional.empty();
                    }
                    long now = System.nanoTime();
                    if (quietSince[0] == 0) {
                        quietSince[0] = now;
                    }
                    return now - quietSince[0] >= QUIET.toNanos() ? Optional.of(true) : Optional.empty();
                },
                "the alerts of project " + p.slug + " to settle",
                SETTLE_TIMEOUT);
    }

    private boolean quiet(Project p) {
        if (Server.eventQueueDepth(management) > 0) {
            return false;
        }
        Reply rules = LookoutClient.get("/api/" + p.id + "/alerts");
        assertEquals(200, rules.status(), rules.body());
        for (JsonObject rule : rules.json().getJsonArray("rules").getValuesAs(JsonObject.class)) {
            Reply history = LookoutClient.get("/api/" + p.id + "/alerts/" + ruleId(rule) + "/notifications?limit=500");
            assertEquals(200, history.status(), history.body());
            if (history.json().getJsonArray("notifications").getValuesAs(JsonObject.class).stream()
                    .anyMatch(n -> List.of("pending", "sending", "retrying").contains(n.getString("state")))) {
                return false;
            }
        }
        return true;
    }

    /** QuotaAlertIT's fixed wait ({@link #SETTLE}). */
    static void settle() {
        try {
            Thread.sleep(SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** HMAC-SHA256 computed here, independently of the server's code. */
    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A webhook receiver: records every request, answers each path with its configured status (200). */
    static final class Hooks {

        record Request(String path, Map<String, List<String>> headers, byte[] body) {
            String header(String name) {
                return headers.entrySet().stream()
                        .filter(h -> h.getKey().equalsIgnoreCase(name))
                        .findFirst()
                        .map(h -> h.getValue().get(0))
                        .orElse(null);
            }

            JsonObject json() {
                return Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))
                        .readObject();
            }
        }

        final HttpServer server;
        final List<Request> received = new CopyOnWriteArrayList<>();
        final Map<String, Integer> status = new ConcurrentHashMap<>();

        Hooks() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    String path = exchange.getRequestURI().getPath();
                    if (!"POST".equals(exchange.getRequestMethod())) {
                        exchange.sendResponseHeaders(405, -1);
                        return;
                    }
                    received.add(new Request(path, Map.copyOf(exchange.getRequestHeaders()), body));
                    int answer = status.getOrDefault(path, 200);
                    byte[] reply = ("answer " + answer).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(answer, reply.length);
                    exchange.getResponseBody().write(reply);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        /** The requests to {@code path} that were answered 2xx, plus the failed ones: all of them. */
        List<Request> at(String path) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }
    }
}
