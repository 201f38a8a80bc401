package io.lookout.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** What a "quota reached" notification says: mail (en, de), webhook JSON and Slack, and what the row keeps. */
class QuotaAlertContentTest {

    static final Instant START = Instant.parse("2026-05-04T10:31:00Z");
    static final QuotaRefusal REFUSAL =
            new QuotaRefusal(7, "eventsPerMinute", 100, "minute", START, START.plusSeconds(60), 42);

    static Digest digest() {
        Digest.Quota quota = Dispatches.quota(
                AlertTriggers.quotaJson(REFUSAL),
                420L,
                TestDigests.PUBLIC_URL,
                TestDigests.project().id());
        Digest.Item item = new Digest.Item(
                1001, "quota-reached", null, null, null, START.plusSeconds(20).atOffset(ZoneOffset.UTC), quota);
        return new Digest(
                560,
                Digest.Kind.NOTIFICATIONS,
                new Digest.Rule(4, "Quota <watch>", "quota-reached"),
                TestDigests.project(),
                List.of(item),
                0,
                TestDigests.PUBLIC_URL);
    }

    @Test
    void theRowKeepsTheLimitAndWindow() {
        Digest.Quota quota = digest().items().get(0).quota();
        assertEquals("eventsPerMinute", quota.limit());
        assertEquals(100, quota.allowed());
        assertEquals("minute", quota.window());
        assertEquals(OffsetDateTime.parse("2026-05-04T10:31:00Z"), quota.windowStart());
        assertEquals(OffsetDateTime.parse("2026-05-04T10:32:00Z"), quota.windowEnd());
        assertEquals(420, quota.refused(), "the count of the row, not of the first flush");
        assertEquals("http://lookout.test:8080/admin/project.xhtml?project=7", quota.url());
    }

    @Test
    void oneKeyPerRuleLimitAndWindow() {
        assertEquals(REFUSAL.key(4), REFUSAL.withRefused(1).key(4), "the count is not part of the key");
        assertNotEquals(REFUSAL.key(4), REFUSAL.key(5));
        QuotaRefusal day = new QuotaRefusal(7, "eventsPerDay", 1000, "day", START, START.plusSeconds(86_400), 1);
        assertNotEquals(REFUSAL.key(4), day.key(4));
        QuotaRefusal nextMinute =
                new QuotaRefusal(7, "eventsPerMinute", 100, "minute", START.plusSeconds(60), START.plusSeconds(120), 1);
        assertNotEquals(REFUSAL.key(4), nextMinute.key(4));
        assertTrue(REFUSAL.key(4).length() <= 200, "fits idempotency_key");
    }

    @Test
    void webhookJsonHasTheQuotaAndNoGroupOrEvent() throws Exception {
        JsonObject json = WebhookChannel.json(digest());
        assertEquals("quota-reached", json.getString("trigger"));
        assertEquals("quota-reached", WebhookChannel.trigger(digest()));
        assertEquals(JsonValue.NULL, json.get("group"));
        assertEquals(JsonValue.NULL, json.get("event"));
        assertFalse(json.containsKey("threshold"));
        JsonObject quota = json.getJsonObject("quota");
        assertEquals("eventsPerMinute", quota.getString("limit"));
        assertEquals(100, quota.getInt("allowed"));
        assertEquals("minute", quota.getString("window"));
        assertEquals("2026-05-04T10:31:00Z", quota.getString("windowStart"));
        assertEquals("2026-05-04T10:32:00Z", quota.getString("windowEnd"));
        assertEquals(40, quota.getInt("retryAfter"), "from the notification's time to the window's end");
        assertEquals(420, quota.getInt("refused"));
        assertEquals("http://lookout.test:8080/admin/project.xhtml?project=7", quota.getString("url"));
        JsonObject notification = json.getJsonArray("notifications").getJsonObject(0);
        assertEquals(quota, notification.getJsonObject("quota"));
        assertEquals(JsonValue.NULL, notification.get("group"));
        // the body the webhook POSTs parses back to the same
        assertTrue(WebhookChannel.body(digest(), "json").contains("\"quota\":{\"limit\":\"eventsPerMinute\""));
    }

    @Test
    void slackSaysWhichLimitAndLinksTheQuotas() {
        String text = WebhookChannel.slack(digest());
        assertTrue(text.startsWith("*[shop] Quota reached: eventsPerMinute (100 events a minute)*: "), text);
        assertTrue(
                text.contains("<http://lookout.test:8080/admin/project.xhtml?project=7|420 events refused so far"
                        + " in the minute from 2026-05-04T10:31:00Z>"),
                text);
        assertTrue(text.contains("Quota &lt;watch&gt;"), "the rule's name is escaped: " + text);
        assertFalse(text.contains("null"), text);
    }

    @Test
    void mailInEnglish() {
        MailContent mail = new MailContent(digest(), Locale.ENGLISH);
        assertEquals("[Lookout] shop · Quota reached: 100 events a minute", mail.subject);
        assertTrue(mail.text.contains("== Quota reached: 100 events a minute =="), mail.text);
        assertTrue(mail.text.contains("Limit: eventsPerMinute = 100"), mail.text);
        assertTrue(mail.text.contains("Window: 2026-05-04T10:31:00Z – 2026-05-04T10:32:00Z"), mail.text);
        assertTrue(mail.text.contains("Refused so far: 420"), mail.text);
        assertTrue(
                mail.text.contains("Quotas of the project: http://lookout.test:8080/admin/project.xhtml?project=7"),
                mail.text);
        assertFalse(mail.text.contains("null"), mail.text);
        assertTrue(mail.html.contains("Quota &lt;watch&gt;"), "the rule's name is escaped");
        assertTrue(mail.html.contains("href=\"http://lookout.test:8080/admin/project.xhtml?project=7\""), mail.html);
    }

    @Test
    void mailInGerman() {
        MailContent mail = new MailContent(digest(), Locale.GERMAN);
        assertEquals("[Lookout] shop · Kontingent erreicht: 100 Ereignisse pro Minute", mail.subject);
        assertTrue(mail.text.contains("Bisher abgewiesen: 420"), mail.text);
        assertTrue(mail.text.contains("Kontingente des Projekts: "), mail.text);
        assertTrue(mail.text.contains("Das Projekt shop hat ein Kontingent erreicht"), mail.text);
    }

    @Test
    void spikeAndDayLimitsInWords() {
        for (String[] limit : new String[][] {
            {"spike", "100 events a minute (spike rule)", "100 Ereignisse pro Minute (Spitzenregel)"},
            {"eventsPerDay", "100 events a day (UTC)", "100 Ereignisse pro Tag (UTC)"}
        }) {
            Digest.Quota quota = new Digest.Quota(
                    limit[0],
                    100,
                    "minute",
                    START.atOffset(ZoneOffset.UTC),
                    START.plusSeconds(60).atOffset(ZoneOffset.UTC),
                    1,
                    "u");
            Digest.Item item = new Digest.Item(1, "quota-reached", null, null, null, null, quota);
            Digest d = new Digest(
                    1,
                    Digest.Kind.NOTIFICATIONS,
                    TestDigests.rule(),
                    TestDigests.project(),
                    List.of(item),
                    0,
                    TestDigests.PUBLIC_URL);
            assertTrue(new MailContent(d, Locale.ENGLISH).subject.endsWith(limit[1]), limit[0]);
            assertTrue(new MailContent(d, Locale.GERMAN).subject.endsWith(limit[2]), limit[0]);
        }
    }
}
