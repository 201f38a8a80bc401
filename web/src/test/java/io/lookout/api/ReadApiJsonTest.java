package io.lookout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lookout.grouping.GroupStatus;
import io.lookout.query.Correlation;
import io.lookout.query.DashboardBreakdown;
import io.lookout.query.EventDetail;
import io.lookout.query.EventList;
import io.lookout.query.GroupDetail;
import io.lookout.query.GroupList;
import io.lookout.query.GroupSummary;
import io.lookout.query.HourlyCount;
import io.lookout.query.ProjectSummary;
import io.lookout.query.ResolvedIn;
import io.lookout.query.TagKeys;
import io.lookout.query.TagValues;
import io.lookout.query.TimeSpent;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The read API's records as JSON-B writes them with its defaults (RESTEasy's JSON-B provider in
 * WildFly: Yasson), against the JSON the API wrote before the records (docs/api.md): the same
 * names, order, null handling, number and time formats.
 */
class ReadApiJsonTest {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private static final Instant FIRST = Instant.parse("2026-12-05T04:56:02.580022Z");
    private static final Instant LAST = Instant.parse("2026-12-05T05:08:46.348502Z");

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    @Test
    void aGroupLeavesOutWhatItLacksAndWritesDoublesAsBefore() {
        GroupSummary group = new GroupSummary(
                9,
                1,
                "message",
                "02c43662752488bc830f4ced2acfa484",
                "many 13",
                null,
                "info",
                GroupStatus.UNRESOLVED,
                13,
                4,
                FIRST,
                LAST,
                1796448865.3181164,
                null,
                LAST,
                new TimeSpent(0.0, 0, null, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertEquals(
                "{\"id\":9,\"projectId\":1,\"type\":\"message\",\"checksum\":\"02c43662752488bc830f4ced2acfa484\","
                        + "\"message\":\"many 13\",\"level\":\"info\",\"status\":\"unresolved\",\"count\":13,\"users\":4,"
                        + "\"firstSeen\":\"2026-12-05T04:56:02.580022Z\",\"lastSeen\":\"2026-12-05T05:08:46.348502Z\","
                        + "\"score\":1796448865.3181164,\"regressedAt\":\"2026-12-05T05:08:46.348502Z\","
                        + "\"timeSpent\":{\"total\":0.0,\"count\":0},\"assignee\":null}",
                JSONB.toJson(group));
    }

    @Test
    void aRoundDoubleIsWrittenAsJsonPWroteIt() {
        // JSON-P wrote BigDecimal.valueOf(d): 1.76E+9, not JSON-B's 1.76E9; 12.5 and 300.0 stay as they were
        assertEquals(
                "{\"total\":1.76E+9,\"count\":3,\"average\":12.5,\"max\":300.0}",
                JSONB.toJson(new TimeSpent(1.76e9, 3, 12.5, 300.0)));
    }

    @Test
    void aViewGroupHasItsGroupItsKeyWithNullsAndItsHours() {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("env", "prod");
        key.put("url", null);
        GroupSummary viewGroup = new GroupSummary(
                4,
                1,
                "exception",
                "c",
                "Boom",
                "com.acme.pay",
                "error",
                GroupStatus.RESOLVED,
                2,
                1,
                FIRST,
                LAST,
                1.5,
                LAST,
                null,
                new TimeSpent(12.5, 1, 12.5, 12.5),
                "ann",
                "1.0.0",
                "1.2.0",
                new ResolvedIn("1.2.0", true),
                7L,
                key,
                List.of(new HourlyCount(Instant.parse("2026-12-05T04:00:00Z"), 2)));
        assertEquals(
                "{\"id\":4,\"projectId\":1,\"type\":\"exception\",\"checksum\":\"c\",\"message\":\"Boom\","
                        + "\"culprit\":\"com.acme.pay\",\"level\":\"error\",\"status\":\"resolved\",\"count\":2,\"users\":1,"
                        + "\"firstSeen\":\"2026-12-05T04:56:02.580022Z\",\"lastSeen\":\"2026-12-05T05:08:46.348502Z\",\"score\":1.5,"
                        + "\"resolvedAt\":\"2026-12-05T05:08:46.348502Z\","
                        + "\"timeSpent\":{\"total\":12.5,\"count\":1,\"average\":12.5,\"max\":12.5},\"assignee\":\"ann\","
                        + "\"firstRelease\":\"1.0.0\",\"lastRelease\":\"1.2.0\","
                        + "\"resolvedIn\":{\"release\":\"1.2.0\",\"next\":true},\"groupId\":7,"
                        + "\"key\":{\"env\":\"prod\",\"url\":null},\"hourly\":[{\"hour\":\"2026-12-05T04:00:00Z\",\"count\":2}]}",
                JSONB.toJson(viewGroup));
    }

    @Test
    void theLastPageOfAListWritesItsCursorAsNull() {
        assertEquals("{\"groups\":[],\"nextCursor\":null}", JSONB.toJson(new GroupList(List.of(), null)));
        assertEquals("{\"events\":[],\"nextCursor\":\"abc\"}", JSONB.toJson(new EventList(List.of(), "abc")));
    }

    @Test
    void aGroupInFullWritesMutedUntilAsNullAndLeavesOutTheValuesOfAHighCardinalityKey() {
        Map<String, GroupDetail.TagDistribution> tags = new LinkedHashMap<>();
        tags.put(
                "level",
                new GroupDetail.TagDistribution(13, 0, 1, false, List.of(new GroupDetail.TagValueCount("info", 13))));
        tags.put("url", new GroupDetail.TagDistribution(13, 0, 3, true, null));
        GroupDetail group = new GroupDetail(
                9,
                1,
                "message",
                "c",
                "many 13",
                null,
                "info",
                GroupStatus.IGNORED,
                13,
                5,
                FIRST,
                LAST,
                2.0,
                null,
                null,
                new TimeSpent(0.0, 0, null, null),
                null,
                null,
                null,
                null,
                true,
                tags,
                List.of(new HourlyCount(Instant.parse("2026-12-05T05:00:00Z"), 9)),
                null,
                List.of(new GroupDetail.LatestEvent("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa13", LAST, "many 13")),
                List.of());
        assertEquals(
                "{\"id\":9,\"projectId\":1,\"type\":\"message\",\"checksum\":\"c\",\"message\":\"many 13\",\"level\":\"info\","
                        + "\"status\":\"ignored\",\"count\":13,\"users\":5,\"firstSeen\":\"2026-12-05T04:56:02.580022Z\","
                        + "\"lastSeen\":\"2026-12-05T05:08:46.348502Z\",\"score\":2.0,\"timeSpent\":{\"total\":0.0,\"count\":0},"
                        + "\"assignee\":null,\"bookmarked\":true,"
                        + "\"tags\":{\"level\":{\"count\":13,\"nullCount\":0,\"distinctValues\":1,\"highCardinality\":false,"
                        + "\"values\":[{\"value\":\"info\",\"count\":13}]},"
                        + "\"url\":{\"count\":13,\"nullCount\":0,\"distinctValues\":3,\"highCardinality\":true}},"
                        + "\"hourly\":[{\"hour\":\"2026-12-05T05:00:00Z\",\"count\":9}],\"mutedUntil\":null,"
                        + "\"latestEvents\":[{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa13\",\"timestamp\":\"2026-12-05T05:08:46.348502Z\","
                        + "\"message\":\"many 13\"}],\"mergedFrom\":[]}",
                JSONB.toJson(group));
    }

    @Test
    void anEventKeepsItsNullTagsAndItsDataAsSent() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("release", null);
        tags.put("project", "default");
        EventDetail event = new EventDetail(
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa05",
                1,
                3,
                "query",
                "q",
                FIRST,
                LAST,
                "SELECT * FROM t WHERE id = ?",
                null,
                "info",
                12.5,
                "corr-1",
                tags,
                Json.createObjectBuilder()
                        .add("query", "SELECT 1")
                        .add("n", JsonValue.NULL)
                        .add("x", 1.50)
                        .build(),
                null);
        String json = "{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa05\",\"projectId\":1,\"groupId\":3,\"type\":\"query\","
                + "\"checksum\":\"q\",\"timestamp\":\"2026-12-05T04:56:02.580022Z\",\"receivedAt\":\"2026-12-05T05:08:46.348502Z\","
                + "\"message\":\"SELECT * FROM t WHERE id = ?\",\"level\":\"info\",\"timeSpent\":12.5,\"correlationId\":\"corr-1\","
                + "\"tags\":{\"release\":null,\"project\":\"default\"},\"data\":{\"query\":\"SELECT 1\",\"n\":null,\"x\":1.5}}";
        assertEquals(json, JSONB.toJson(event));
        assertEquals(
                "{\"correlationId\":\"corr-1\",\"events\":[" + json + "]}",
                JSONB.toJson(new Correlation("corr-1", List.of(event))));
    }

    @Test
    void anEventReadByItsIdSaysWhyItWasGroupedAReasonOnlyForAPartLeftOut() {
        EventDetail event = new EventDetail(
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa06",
                1,
                3,
                "request",
                "r",
                FIRST,
                LAST,
                "GET /items/{id}",
                null,
                null,
                null,
                null,
                Map.of(),
                JsonValue.EMPTY_JSON_OBJECT,
                List.of(
                        new EventDetail.Part("route", "/items/{id}", true, null),
                        new EventDetail.Part("status", "503", false, "a tag, not part of the group")));
        assertEquals(
                "{\"id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa06\",\"projectId\":1,\"groupId\":3,\"type\":\"request\","
                        + "\"checksum\":\"r\",\"timestamp\":\"2026-12-05T04:56:02.580022Z\",\"receivedAt\":\"2026-12-05T05:08:46.348502Z\","
                        + "\"message\":\"GET /items/{id}\",\"tags\":{},\"data\":{},\"grouping\":["
                        + "{\"part\":\"route\",\"value\":\"/items/{id}\",\"used\":true},"
                        + "{\"part\":\"status\",\"value\":\"503\",\"used\":false,\"why\":\"a tag, not part of the group\"}]}",
                JSONB.toJson(event));
    }

    @Test
    void theDashboardWritesBothKindsOfNodeInTheirOwnOrderAndNullValues() {
        DashboardBreakdown.BreakdownNode top = new DashboardBreakdown.TopGroups(null, List.of());
        DashboardBreakdown.BreakdownNode byValue = new DashboardBreakdown.ByValue(
                "env",
                List.of(
                        new DashboardBreakdown.BreakdownValue(
                                "prod", 2, 5, new DashboardBreakdown.TopGroups("url", List.of())),
                        new DashboardBreakdown.BreakdownValue(null, 1, 1, null)));
        DashboardBreakdown dashboard = new DashboardBreakdown(
                new ProjectSummary(1, "default", "Default"),
                20,
                List.of(new DashboardBreakdown.TypeCount("message", 3, 7)),
                List.of(
                        new DashboardBreakdown.ViewBreakdown(
                                "All",
                                "all",
                                null,
                                List.of("env"),
                                Instant.parse("2026-12-05T05:08:03.204414Z"),
                                new DashboardBreakdown.Backfill("done", 23, 23),
                                byValue),
                        new DashboardBreakdown.ViewBreakdown(
                                "Ex",
                                "ex",
                                Arrays.asList("exception"),
                                List.of("url"),
                                Instant.parse("2026-12-05T05:08:03.076128Z"),
                                new DashboardBreakdown.Backfill("pending", 0, 2),
                                top)));
        assertEquals(
                "{\"project\":{\"id\":1,\"slug\":\"default\",\"name\":\"Default\"},\"threshold\":20,"
                        + "\"types\":[{\"type\":\"message\",\"groups\":3,\"events\":7}],\"views\":["
                        + "{\"name\":\"All\",\"slug\":\"all\",\"types\":null,\"keys\":[\"env\"],\"createdAt\":\"2026-12-05T05:08:03.204414Z\","
                        + "\"backfill\":{\"state\":\"done\",\"done\":23,\"total\":23},\"breakdown\":{\"key\":\"env\",\"mode\":\"values\","
                        + "\"values\":[{\"value\":\"prod\",\"groups\":2,\"events\":5,\"breakdown\":{\"mode\":\"groups\",\"key\":\"url\","
                        + "\"groups\":[]}},{\"value\":null,\"groups\":1,\"events\":1}]}},"
                        + "{\"name\":\"Ex\",\"slug\":\"ex\",\"types\":[\"exception\"],\"keys\":[\"url\"],"
                        + "\"createdAt\":\"2026-12-05T05:08:03.076128Z\",\"backfill\":{\"state\":\"pending\",\"done\":0,\"total\":2},"
                        + "\"breakdown\":{\"mode\":\"groups\",\"groups\":[]}}]}",
                JSONB.toJson(dashboard));
    }

    @Test
    void tagKeysAndValuesKeepTheirNamesAndOrder() {
        assertEquals(
                "{\"keys\":[{\"key\":\"env\",\"distinctValues\":2,\"count\":9,\"firstSeen\":\"2026-12-05T04:56:02.580022Z\","
                        + "\"lastSeen\":\"2026-12-05T05:08:46.348502Z\",\"highCardinality\":false}]}",
                JSONB.toJson(new TagKeys(List.of(new TagKeys.TagKey("env", 2, 9, FIRST, LAST, false)))));
        assertEquals(
                "{\"key\":\"env\",\"values\":[{\"value\":\"prod\",\"count\":7,\"firstSeen\":\"2026-12-05T04:56:02.580022Z\","
                        + "\"lastSeen\":\"2026-12-05T05:08:46.348502Z\"}]}",
                JSONB.toJson(new TagValues("env", List.of(new TagValues.TagValue("prod", 7, FIRST, LAST)))));
    }

    @Test
    void aStatusIsWrittenByItsWireName() {
        for (GroupStatus status : GroupStatus.values()) {
            assertEquals("\"" + status.wireName() + "\"", JSONB.toJson(status));
        }
        assertEquals(List.of("unresolved", "resolved", "ignored"), GroupStatus.wireNames());
    }
}
