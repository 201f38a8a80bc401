package io.lookout.processors.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.RawEvent;
import io.lookout.processors.spi.testing.RawEventBuilder;
import jakarta.json.Json;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryProcessorTest {

    private final QueryProcessor processor = new QueryProcessor();

    private static RawEvent event(String dataJson) {
        return RawEventBuilder.event("query").data(dataJson).timeSpent(1250.5).build();
    }

    private static RawEvent query(String sql, String engine) {
        var data = Json.createObjectBuilder().add("query", sql);
        if (engine != null) {
            data.add("engine", engine);
        }
        return RawEventBuilder.event("query")
                .data(data.build())
                .timeSpent(1250.5)
                .build();
    }

    private ProcessedEvent process(RawEvent event) throws InvalidEventException {
        processor.validate(event);
        return processor.process(event);
    }

    private String invalidField(String dataJson) {
        return assertThrows(InvalidEventException.class, () -> processor.validate(event(dataJson)))
                .field();
    }

    @Test
    void handlesTheQueryType() {
        assertEquals(Set.of("query"), processor.types());
    }

    @Test
    void theFingerprintIsTheGroupAndTheMessage() throws Exception {
        ProcessedEvent result =
                process(query("SELECT * FROM users WHERE id = 42 AND role IN ('a', 'b')", "postgresql"));

        assertEquals(java.util.List.of("select * from users where id = ? and role in (?+)"), result.checksumParts());
        assertEquals("select * from users where id = ? and role in (?+)", result.message());
        assertEquals("select users", result.culprit());
        assertEquals(Map.of("statement", "select", "engine", "postgresql"), result.tags());
    }

    @Test
    void statementsThatDifferOnlyInValuesShareAGroup() throws Exception {
        ProcessedEvent first =
                process(query("UPDATE accounts SET balance = balance - 10.5 WHERE id = 7 -- pay", "mysql"));
        ProcessedEvent second = process(RawEventBuilder.event("query")
                .data(Json.createObjectBuilder()
                        .add("query", "update ACCOUNTS set balance=balance - 99 where id=8")
                        .add("engine", "mysql")
                        .build())
                .timeSpent(3)
                .build());

        assertEquals(first.checksumParts(), second.checksumParts());
        assertEquals("update accounts", first.culprit());
        assertEquals("update", first.tags().get("statement"));
    }

    @Test
    void differentStatementsAreDifferentGroups() throws Exception {
        assertNotEquals(
                process(query("SELECT * FROM users WHERE id = 1", null)).checksumParts(),
                process(query("SELECT * FROM orders WHERE id = 1", null)).checksumParts());
        assertNotEquals(
                process(query("SELECT a FROM t WHERE x = 1", null)).checksumParts(),
                process(query("SELECT a FROM t WHERE x > 1", null)).checksumParts());
    }

    @Test
    void theEngineIsATagButNotPartOfTheGroup() throws Exception {
        String sql = "SELECT id FROM users WHERE email = 'a@b.c' LIMIT 1";
        ProcessedEvent postgres = process(query(sql, "postgresql"));
        ProcessedEvent mysql = process(query(sql, "mysql"));
        ProcessedEvent unknown = process(query(sql, null));

        assertEquals(postgres.checksumParts(), mysql.checksumParts());
        assertEquals(postgres.checksumParts(), unknown.checksumParts());
        assertEquals("mysql", mysql.tags().get("engine"));
        assertFalse(unknown.tags().containsKey("engine"));
        assertEquals("select", unknown.tags().get("statement"));
    }

    @Test
    void theEngineSelectsTheDialect() throws Exception {
        String sql = "SELECT * FROM t WHERE name = \"bob\"";
        assertEquals(
                "select * from t where name = ?", process(query(sql, "mysql")).message());
        assertEquals(
                "select * from t where name = bob",
                process(query(sql, "postgresql")).message());
    }

    @Test
    void statementKinds() throws Exception {
        assertEquals(
                "insert",
                process(query("INSERT INTO t (a) VALUES (1), (2)", null)).tags().get("statement"));
        assertEquals(
                "insert",
                process(query("REPLACE INTO t (a) VALUES (1)", "mysql")).tags().get("statement"));
        assertEquals(
                "delete",
                process(query("DELETE FROM t WHERE a = 1", null)).tags().get("statement"));
        assertEquals(
                "select",
                process(query("WITH x AS (SELECT 1) SELECT * FROM x", null))
                        .tags()
                        .get("statement"));
        assertEquals(
                "other",
                process(query("SET statement_timeout = 5000", "postgresql"))
                        .tags()
                        .get("statement"));
        assertEquals(
                "set",
                process(query("SET statement_timeout = 5000", "postgresql")).culprit());
    }

    @Test
    void theStoredDataKeepsTheQueryAndAddsTheFingerprint() throws Exception {
        ProcessedEvent result = process(
                event(
                        "{\"query\": \"SELECT 1 -- ping\", \"engine\": \"mysql\", \"database\": \"shop\", \"normalized\": \"forged\"}"));

        assertEquals("SELECT 1 -- ping", result.data().getString("query"));
        assertEquals("mysql", result.data().getString("engine"));
        assertEquals("shop", result.data().getString("database"));
        assertEquals("select ?", result.data().getString("normalized"));
    }

    @Test
    void aQueryOfOnlyCommentsIsTheEmptyStatementGroup() throws Exception {
        ProcessedEvent result = process(query("/* health check */ ;", null));

        assertEquals(QueryProcessor.EMPTY_STATEMENT, result.message());
        assertEquals(java.util.List.of(QueryProcessor.EMPTY_STATEMENT), result.checksumParts());
        assertEquals("", result.data().getString("normalized"));
        assertEquals("other", result.tags().get("statement"));
    }

    @Test
    void theQueryIsRequiredAndMustBeANonBlankString() {
        assertEquals("data.query", invalidField("{}"));
        assertEquals("data.query", invalidField("{\"query\": null}"));
        assertEquals("data.query", invalidField("{\"query\": 42}"));
        assertEquals("data.query", invalidField("{\"query\": [\"SELECT 1\"]}"));
        assertEquals("data.query", invalidField("{\"query\": \" \\n\\t \"}"));
        InvalidEventException missing =
                assertThrows(InvalidEventException.class, () -> processor.validate(event("{}")));
        assertEquals("is required", missing.reason());
    }

    @Test
    void theQueryHasALengthLimit() throws Exception {
        String longest = "SELECT '" + "x".repeat(QueryProcessor.MAX_QUERY_LENGTH - 9) + "'";
        assertEquals("select ?", process(query(longest, null)).message());
        InvalidEventException tooLong =
                assertThrows(InvalidEventException.class, () -> processor.validate(query(longest + " ", null)));
        assertEquals("data.query", tooLong.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"oracle\"", "\"PostgreSQL\"", "\"\"", "1", "true", "{}"})
    void anUnknownEngineIsRejected(String engine) {
        assertEquals("data.engine", invalidField("{\"query\": \"SELECT 1\", \"engine\": " + engine + "}"));
    }

    @Test
    void aNullEngineIsNoEngine() throws Exception {
        ProcessedEvent result = process(event("{\"query\": \"SELECT 1\", \"engine\": null}"));
        assertFalse(result.tags().containsKey("engine"));
    }
}
