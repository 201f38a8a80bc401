package io.lookout.it;

import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.lookout.it.AlertsIT.Hooks;
import io.lookout.it.AlertsIT.Project;
import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code quota-reached} alert trigger end to end (docs/alerts.md): a project with a quota of 5
 * events a minute, a rule with a webhook and a mail, and a storm of events that the quota refuses.
 * The notification is raised by the quota flush (every second), once per rule, limit and window,
 * however many events are refused, and delivered like the other triggers' (the test server's short
 * windows: arquillian.xml).
 */
class QuotaAlertIT extends LookoutIT {

    private static GreenMail mail;
    private static Hooks hooks;

    @BeforeAll
    static void startListeners() throws IOException {
        mail = AlertsIT.startMail();
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

    @Test
    void aStormOverTheMinuteQuotaSendsOneWebhookAndOneMailForTheLimitAndWindow() throws Exception {
        Project p = Project.create();
        Reply quota = call("PUT", "/api/admin/projects/" + p.id() + "/quota", "{\"eventsPerMinute\": 5}");
        assertEquals(200, quota.status(), quota.body());
        String address = "quota-" + p.word() + "@example.com";
        String hook = "/quota/" + p.word();
        // no quiet period: only the idempotency key keeps the storm to one notification
        JsonObject rule = p.rule("""
                {"name": "Quota", "trigger": "quota-reached", "email": ["%s"], "language": "de",
                 "webhook": {"url": "%s", "format": "json"}, "quietMinutes": 0}""".formatted(address, hooks.url(hook)));
        String secret = rule.getJsonObject("webhook").getString("secret");

        awaitEarlyInMinute();
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        int refused = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 25; i++) {
            Reply reply = p.send(
                    "{\"id\": \"%s\", \"type\": \"message\", \"message\": \"storm %s\"}".formatted(newId(), p.word()));
            if (reply.status() == 429) {
                refused++;
            } else {
                assertEquals(202, reply.status(), reply.body());
            }
        }
        // the bucket's 5 at once, and a token every 12 s while the requests last (one at most on a fast machine)
        long tokens = (System.nanoTime() - start) / 12_000_000_000L;
        assertTrue(
                refused >= 20 - tokens && refused <= 20, "5 of 25 taken, and " + tokens + " tokens back: " + refused);

        Hooks.Request request = await(() -> AlertsIT.one(hooks.at(hook)), "the quota webhook", Duration.ofSeconds(15));
        assertEquals("quota-reached", request.header("X-Lookout-Trigger"));
        assertEquals("sha256=" + AlertsIT.hmac(secret, request.body()), request.header("X-Lookout-Signature"));
        JsonObject body = request.json();
        assertEquals("quota-reached", body.getString("trigger"), body.toString());
        assertEquals(p.id(), body.getJsonObject("project").getJsonNumber("id").longValue());
        assertEquals(JsonValue.NULL, body.get("group"), body.toString());
        assertEquals(JsonValue.NULL, body.get("event"), body.toString());
        JsonObject q = body.getJsonObject("quota");
        assertEquals("eventsPerMinute", q.getString("limit"), q.toString());
        assertEquals(5, q.getJsonNumber("allowed").longValue(), q.toString());
        assertEquals("minute", q.getString("window"), q.toString());
        assertEquals(minute.toString(), q.getString("windowStart"), q.toString());
        assertEquals(minute.plusSeconds(60).toString(), q.getString("windowEnd"), q.toString());
        long retryAfter = q.getJsonNumber("retryAfter").longValue();
        assertTrue(retryAfter >= 0 && retryAfter <= 60, q.toString());
        long counted = q.getJsonNumber("refused").longValue();
        assertTrue(counted >= 1 && counted <= 20, "refused so far: " + q);
        assertTrue(q.getString("url").endsWith("/admin/project.xhtml?project=" + p.id()), q.toString());
        assertEquals(1, body.getJsonArray("notifications").size(), body.toString());

        // more refusals in the same window raise nothing new, on the webhook nor by mail
        // (a token is back every 12 s, at most 3 in the minute's remaining 40 s: one of 4 quick sends is refused)
        if (Instant.now().truncatedTo(ChronoUnit.MINUTES).equals(minute)) {
            int late = 0;
            for (int i = 0; i < 4; i++) {
                late += p.send("{\"type\": \"message\", \"message\": \"late\"}").status() == 429 ? 1 : 0;
            }
            assertTrue(late >= 1, "a late refusal");
        }
        MimeMessage message = await(() -> AlertsIT.one(mailsTo(address)), "the quota mail", Duration.ofSeconds(15));
        AlertsIT.settle();
        assertEquals(1, hooks.at(hook).size(), "one webhook for the limit and window");
        assertEquals(1, mailsTo(address).size(), "one mail for the limit and window");
        String subject = AlertsIT.subject(message);
        assertTrue(subject.contains("Kontingent erreicht") && subject.contains("5 Ereignisse pro Minute"), subject);
        String text = AlertsIT.text(message);
        assertTrue(text.contains("eventsPerMinute = 5"), text);
        assertTrue(text.contains("/admin/project.xhtml?project=" + p.id()), text);

        // the history: one notification, without a group, counting the refused events
        List<JsonObject> history = p.history(rule);
        assertEquals(1, history.size(), history.toString());
        JsonObject n = history.get(0);
        assertEquals("quota-reached", n.getString("trigger"));
        assertEquals(JsonValue.NULL, n.get("group"), n.toString());
        assertTrue(n.getJsonNumber("events").longValue() >= counted, n.toString());
    }

    @Test
    void aQuotaRuleWatchesTheWholeProject() {
        Project p = Project.create();
        for (String field : List.of("query", "view", "threshold")) {
            String value = switch (field) {
                case "query" -> "\"level:error\"";
                case "view" -> "\"errors\"";
                default -> "{\"events\": 10, \"minutes\": 5}";
            };
            Reply reply = call(
                    "POST",
                    "/api/" + p.id() + "/alerts",
                    "{\"name\": \"Q\", \"trigger\": \"quota-reached\", \"email\": [\"a@example.com\"], \"%s\": %s}"
                            .formatted(field, value));
            assertEquals(400, reply.status(), reply.body());
            assertEquals(field, reply.json().getString("field"), reply.body());
        }
        Reply list = get("/api/" + p.id() + "/alerts");
        assertEquals(200, list.status(), list.body());
        assertTrue(list.json().getJsonArray("rules").isEmpty(), list.body());
    }

    /** Waits until at most 20 s of the current minute are gone, so that the storm stays in one window. */
    private static void awaitEarlyInMinute() {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 20_000) {
            try {
                Thread.sleep(60_000 - intoMinute + 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static List<MimeMessage> mailsTo(String address) {
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
}
