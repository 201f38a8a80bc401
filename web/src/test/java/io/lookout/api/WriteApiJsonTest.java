package io.lookout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lookout.alerts.AlertHistory;
import io.lookout.alerts.AlertRule;
import io.lookout.alerts.RuleInfo;
import io.lookout.alerts.Trigger;
import io.lookout.consume.DeadLetters;
import io.lookout.project.AdminProject;
import io.lookout.project.Settings;
import io.lookout.retention.CleanupReport;
import io.lookout.retention.CleanupResult;
import io.lookout.security.UserInfo;
import io.lookout.system.SystemDescription;
import io.lookout.views.ViewInfo;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The records the settings, views, users, projects, alerts and operations endpoints answer, as
 * JSON-B writes them (RESTEasy's JSON-B provider in WildFly: Yasson), against the JSON those
 * endpoints wrote with JSON-P before the records (docs/api.md): the same names, order, nulls, number
 * and time formats.
 */
class WriteApiJsonTest {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private static final OffsetDateTime CREATED = OffsetDateTime.parse("2026-12-05T04:56:02.580022Z");
    private static final OffsetDateTime UPDATED = OffsetDateTime.parse("2026-12-05T05:08:46.348502Z");

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    @Test
    void projectSettingsWithTheirScrubbing() {
        Settings settings = new Settings(
                1,
                "default",
                "Default",
                90,
                List.of("tenant", "orderId"),
                new Settings.ScrubbingSettings(
                        true, List.of("ssn"), List.of(), false, List.of("password", "secret"), 3));
        assertEquals(
                "{\"id\":1,\"slug\":\"default\",\"name\":\"Default\",\"retentionDays\":90,"
                        + "\"filterableDataKeys\":[\"tenant\",\"orderId\"],\"scrubbing\":{\"enabled\":true,"
                        + "\"sensitiveKeys\":[\"ssn\"],\"safeKeys\":[],\"keepIpAddresses\":false,"
                        + "\"defaultSensitiveKeys\":[\"password\",\"secret\"],\"scrubbedValues\":3}}",
                JSONB.toJson(settings));
    }

    @Test
    void aProjectForAdminsWithItsKeyDsnAndMembers() {
        AdminProject project = new AdminProject(
                2,
                "shop",
                "Shop",
                "0123456789abcdef0123456789abcdef",
                "http://0123456789abcdef0123456789abcdef@localhost:8080/2",
                30,
                CREATED.toString(),
                new AdminProject.ScrubbingSummary(true, 0),
                List.of("anna", "bob"));
        String json =
                "{\"id\":2,\"slug\":\"shop\",\"name\":\"Shop\",\"publicKey\":\"0123456789abcdef0123456789abcdef\","
                        + "\"dsn\":\"http://0123456789abcdef0123456789abcdef@localhost:8080/2\",\"retentionDays\":30,"
                        + "\"createdAt\":\"2026-12-05T04:56:02.580022Z\",\"scrubbing\":{\"enabled\":true,\"scrubbedValues\":0},"
                        + "\"members\":[\"anna\",\"bob\"]}";
        assertEquals(json, JSONB.toJson(project));
        assertEquals(
                "{\"projects\":[" + json + "]}", JSONB.toJson(new AdminProject.AdminProjectList(List.of(project))));
        assertEquals("{\"members\":[]}", JSONB.toJson(new AdminProject.MemberList(List.of())));
        assertEquals("{\"projectId\":2,\"username\":\"bob\"}", JSONB.toJson(new AdminProject.Membership(2, "bob")));
    }

    @Test
    void aViewOfAllTypesWritesTypesAsNull() {
        ViewInfo all = new ViewInfo(
                "All by env",
                "all-by-env",
                null,
                List.of("env", "url"),
                CREATED.toInstant(),
                new ViewInfo.BackfillProgress("running", 500, 1200));
        ViewInfo exceptions = new ViewInfo(
                "Ex",
                "ex",
                List.of("exception"),
                List.of("url"),
                UPDATED.toInstant(),
                new ViewInfo.BackfillProgress("done", 0, 0));
        assertEquals(
                "{\"views\":[{\"name\":\"All by env\",\"slug\":\"all-by-env\",\"types\":null,\"keys\":[\"env\",\"url\"],"
                        + "\"createdAt\":\"2026-12-05T04:56:02.580022Z\",\"backfill\":{\"state\":\"running\",\"done\":500,"
                        + "\"total\":1200}},{\"name\":\"Ex\",\"slug\":\"ex\",\"types\":[\"exception\"],\"keys\":[\"url\"],"
                        + "\"createdAt\":\"2026-12-05T05:08:46.348502Z\",\"backfill\":{\"state\":\"done\",\"done\":0,"
                        + "\"total\":0}}]}",
                JSONB.toJson(new ViewInfo.ViewList(List.of(all, exceptions))));
    }

    @Test
    void aUserWithoutAnAddressWritesEmailAsNull() {
        UserInfo bob = new UserInfo("bob", List.of("member"), List.of(1L, 3L), null, "de", CREATED.toString());
        UserInfo anna = new UserInfo(
                "anna", List.of("admin", "member"), List.of(), "anna@example.org", "en", UPDATED.toString());
        assertEquals(
                "{\"users\":[{\"username\":\"bob\",\"roles\":[\"member\"],\"projects\":[1,3],\"email\":null,"
                        + "\"language\":\"de\",\"createdAt\":\"2026-12-05T04:56:02.580022Z\"},{\"username\":\"anna\","
                        + "\"roles\":[\"admin\",\"member\"],\"projects\":[],\"email\":\"anna@example.org\",\"language\":\"en\","
                        + "\"createdAt\":\"2026-12-05T05:08:46.348502Z\"}]}",
                JSONB.toJson(new UserInfo.UserList(List.of(bob, anna))));
    }

    private static AlertRule rule(Trigger trigger, String view, String webhookUrl) {
        return new AlertRule(
                7,
                1,
                "Checkout",
                trigger,
                view,
                trigger.counts() ? null : "url:/checkout",
                trigger.counts() ? 100 : 0,
                trigger.counts() ? 5 : 0,
                List.of("ops@example.com"),
                false,
                "en",
                webhookUrl,
                webhookUrl == null ? null : "slack",
                30,
                true,
                CREATED,
                UPDATED);
    }

    @Test
    void aRuleWritesWhatItLacksAsNull() {
        assertEquals(
                "{\"rules\":[{\"id\":7,\"name\":\"Checkout\",\"trigger\":\"new-group\",\"view\":null,\"query\":\"url:/checkout\","
                        + "\"threshold\":null,\"email\":[\"ops@example.com\"],\"emailMembers\":false,\"language\":\"en\","
                        + "\"webhook\":null,\"quietMinutes\":30,\"enabled\":true,\"createdAt\":\"2026-12-05T04:56:02.580022Z\","
                        + "\"updatedAt\":\"2026-12-05T05:08:46.348502Z\"}]}",
                JSONB.toJson(new RuleInfo.RuleList(List.of(RuleInfo.of(rule(Trigger.NEW_GROUP, null, null), null)))));
    }

    @Test
    void aRuleShowsItsWebhookSecretOnlyWhenGiven() {
        AlertRule rule = rule(Trigger.VIEW_FREQUENCY, "checkout", "https://hooks.example.com/x");
        String head =
                "{\"id\":7,\"name\":\"Checkout\",\"trigger\":\"view-frequency\",\"view\":\"checkout\",\"query\":null,"
                        + "\"threshold\":{\"events\":100,\"minutes\":5},\"email\":[\"ops@example.com\"],\"emailMembers\":false,"
                        + "\"language\":\"en\",\"webhook\":{\"url\":\"https://hooks.example.com/x\",\"format\":\"slack\"";
        String tail = "},\"quietMinutes\":30,\"enabled\":true,\"createdAt\":\"2026-12-05T04:56:02.580022Z\","
                + "\"updatedAt\":\"2026-12-05T05:08:46.348502Z\"}";
        assertEquals(head + tail, JSONB.toJson(RuleInfo.of(rule, null)));
        assertEquals(head + ",\"secret\":\"s3cr3t\"" + tail, JSONB.toJson(RuleInfo.of(rule, "s3cr3t")));
    }

    @Test
    void aNotificationWritesWhatItLacksAsNullAndTheNextAttemptOnlyWhileRetrying() {
        AlertHistory.Entry suppressed = new AlertHistory.Entry(
                12, "frequency", "suppressed", "quiet period", CREATED, null, null, null, 100L, null, null, null, null);
        AlertHistory.Entry retrying = new AlertHistory.Entry(
                11,
                "new-group",
                "retrying",
                null,
                CREATED,
                4L,
                "Boom",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01",
                null,
                5L,
                "single",
                new AlertHistory.Channel("sent", 1, null, UPDATED, null),
                new AlertHistory.Channel("retrying", 2, "HTTP 500", null, UPDATED));
        AlertHistory.Entry failed = new AlertHistory.Entry(
                10,
                "regression",
                "failed",
                null,
                CREATED,
                4L,
                null,
                null,
                null,
                6L,
                "digest",
                null,
                new AlertHistory.Channel("failed", 5, "refused", null, UPDATED));
        assertEquals(
                "{\"notifications\":[{\"id\":12,\"trigger\":\"frequency\",\"state\":\"suppressed\",\"reason\":\"quiet period\","
                        + "\"createdAt\":\"2026-12-05T04:56:02.580022Z\",\"group\":null,\"eventId\":null,\"events\":100,"
                        + "\"dispatch\":null},{\"id\":11,\"trigger\":\"new-group\",\"state\":\"retrying\",\"reason\":null,"
                        + "\"createdAt\":\"2026-12-05T04:56:02.580022Z\",\"group\":{\"id\":4,\"message\":\"Boom\"},"
                        + "\"eventId\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01\",\"events\":null,\"dispatch\":{\"id\":5,\"kind\":\"single\","
                        + "\"email\":{\"state\":\"sent\",\"attempts\":1,\"error\":null,\"sentAt\":\"2026-12-05T05:08:46.348502Z\","
                        + "\"nextAttemptAt\":null},\"webhook\":{\"state\":\"retrying\",\"attempts\":2,\"error\":\"HTTP 500\","
                        + "\"sentAt\":null,\"nextAttemptAt\":\"2026-12-05T05:08:46.348502Z\"}}},{\"id\":10,\"trigger\":\"regression\","
                        + "\"state\":\"failed\",\"reason\":null,\"createdAt\":\"2026-12-05T04:56:02.580022Z\","
                        + "\"group\":{\"id\":4,\"message\":null},\"eventId\":null,\"events\":null,\"dispatch\":{\"id\":6,"
                        + "\"kind\":\"digest\",\"email\":null,\"webhook\":{\"state\":\"failed\",\"attempts\":5,\"error\":\"refused\","
                        + "\"sentAt\":null,\"nextAttemptAt\":null}}}]}",
                JSONB.toJson(AlertHistory.describe(List.of(suppressed, retrying, failed))));
    }

    @Test
    void theSystemListsItsProcessorsByType() {
        TreeMap<String, String> processors = new TreeMap<>();
        processors.put("message", "io.lookout.processors.message.MessageProcessor");
        processors.put("exception", "io.lookout.processors.exception.ExceptionProcessor");
        assertEquals(
                "{\"version\":\"null\",\"jpaProvider\":\"org.eclipse.persistence.internal.jpa.EntityManagerImpl\","
                        + "\"jpaProviderVersion\":\"4.0.9.v202510221045\",\"database\":\"h2\",\"schemaVersion\":\"15\","
                        + "\"processors\":{\"exception\":\"io.lookout.processors.exception.ExceptionProcessor\","
                        + "\"message\":\"io.lookout.processors.message.MessageProcessor\"}}",
                JSONB.toJson(new SystemDescription(
                        "null",
                        "org.eclipse.persistence.internal.jpa.EntityManagerImpl",
                        "4.0.9.v202510221045",
                        "h2",
                        "15",
                        processors)));
    }

    @Test
    void aCleanupRunSaysWhatItDeletedOrWhoHoldsTheLease() {
        assertEquals(
                "{\"skipped\":false,\"node\":\"retention-bench/a123cc4e#1\",\"deletedEvents\":37500,\"deletedGroups\":65,"
                        + "\"deletedViewGroups\":7442,\"deletedTagValues\":988,\"batches\":75,\"millis\":60173,"
                        + "\"eventsPerSecond\":623,\"complete\":false}",
                JSONB.toJson(CleanupResult.of(new CleanupReport(
                        37500, 65, 7442, 988, 75, 60173, false, "retention-bench/a123cc4e#1", null, null))));
        assertEquals(
                "{\"skipped\":true,\"reason\":\"another cleanup holds the lease\",\"leaseHolder\":\"node-a/1f2e3d4c#7\","
                        + "\"leaseValidUntil\":\"2026-12-05T05:00:00.5Z\",\"node\":\"node-b/9a8b7c6d#2\",\"deletedEvents\":0,"
                        + "\"deletedGroups\":0,\"deletedViewGroups\":0,\"deletedTagValues\":0,\"batches\":0,\"millis\":3,"
                        + "\"eventsPerSecond\":0,\"complete\":false}",
                JSONB.toJson(CleanupResult.of(new CleanupReport(
                        0,
                        0,
                        0,
                        0,
                        0,
                        3,
                        false,
                        "node-b/9a8b7c6d#2",
                        "node-a/1f2e3d4c#7",
                        OffsetDateTime.parse("2026-12-05T06:00:00.5+01:00")))));
        // a skipped run whose holder's lease time was not read says so without a time
        assertEquals(
                "{\"skipped\":true,\"reason\":\"another cleanup holds the lease\",\"leaseHolder\":\"unknown\","
                        + "\"deletedEvents\":0,\"deletedGroups\":0,\"deletedViewGroups\":0,\"deletedTagValues\":0,"
                        + "\"batches\":0,\"millis\":0,\"eventsPerSecond\":0,\"complete\":false}",
                JSONB.toJson(CleanupResult.of(new CleanupReport(0, 0, 0, 0, 0, 0, false, null, "unknown", null))));
    }

    @Test
    void aDeadLetterWritesMissingTimesAndProjectAsNull() {
        DeadLetters.DeadLetter letter = new DeadLetters.DeadLetter(
                "ID:7f3a", "unknown project 99", null, Instant.parse("2026-12-05T04:00:00Z"), null, "{\"a\":1}", false);
        assertEquals(
                "{\"messages\":[{\"messageId\":\"ID:7f3a\",\"error\":\"unknown project 99\",\"project\":null,"
                        + "\"receivedAt\":\"2026-12-05T04:00:00Z\",\"deadLetteredAt\":null,\"body\":\"{\\\"a\\\":1}\","
                        + "\"bodyTruncated\":false}]}",
                JSONB.toJson(new DeadLetters.DeadLetterList(List.of(letter))));
    }
}
