package io.lookout.processors.request;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.RawEvent;
import io.lookout.processors.spi.testing.RawEventBuilder;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestProcessorTest {

    private final RequestProcessor processor = new RequestProcessor();

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static JsonObject request(String method, String url, Integer status) {
        var data = Json.createObjectBuilder().add("method", method).add("url", url);
        if (status != null) {
            data.add("status", status);
        }
        return data.build();
    }

    private static RawEvent event(JsonObject data) {
        return RawEventBuilder.event("request").data(data).timeSpent(12.5).build();
    }

    private ProcessedEvent process(JsonObject data) throws InvalidEventException {
        return process(event(data));
    }

    private ProcessedEvent process(RawEvent event) throws InvalidEventException {
        processor.validate(event);
        return processor.process(event);
    }

    private List<String> parts(String method, String url) throws InvalidEventException {
        return process(request(method, url, null)).checksumParts();
    }

    private InvalidEventException rejected(JsonObject data) {
        return assertThrows(InvalidEventException.class, () -> processor.validate(event(data)));
    }

    /** An access log of a shop: every line {@code METHOD URL STATUS TEMPLATE}. */
    private static List<String[]> accessLog() {
        try (InputStream in = RequestProcessorTest.class.getResourceAsStream("/request/access-log.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.trim().split("\\s+"))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAccessLogGroupsByMethodAndTemplate() throws Exception {
        List<String[]> lines = accessLog();
        assertFalse(lines.isEmpty());
        for (String[] line : lines) {
            ProcessedEvent result = process(request(line[0], line[1], Integer.valueOf(line[2])));
            String expected = line[0].toUpperCase() + " " + line[3];
            assertEquals(List.of(line[0].toUpperCase(), line[3]), result.checksumParts(), () -> String.join(" ", line));
            assertEquals(expected, result.message());
            assertEquals(line[3], result.culprit());
            assertEquals(line[3], result.tags().get("url"));
            assertEquals(line[2], result.tags().get("status"));
        }
    }

    @Test
    void idsInThePathAreTemplated() throws Exception {
        assertEquals(List.of("GET", "/items/{id}"), parts("GET", "https://shop.example.com/items/123?x=1"));
        assertEquals(parts("GET", "/items/123"), parts("GET", "/items/98765"));
        assertEquals(
                List.of("GET", "/users/{id}/orders"),
                parts("GET", "/users/9ec79c33-ec99-42ab-8353-589fcb2e04dc/orders"));
        assertEquals(List.of("GET", "/files/{id}"), parts("GET", "/files/3f2a9b7c4d5e"));
    }

    @Test
    void queryFragmentAndHostAreIgnored() throws Exception {
        List<String> plain = parts("GET", "/search");
        assertEquals(plain, parts("GET", "/search?q=shoes&page=2"));
        assertEquals(plain, parts("GET", "/search#results"));
        assertEquals(plain, parts("GET", "https://shop.example.com/search?q=boots"));
        assertEquals(plain, parts("GET", "http://web-2.internal:8081/search"));
        assertEquals(plain, parts("GET", "/search/"));
    }

    @Test
    void methodsAndPathsDistinguishGroups() throws Exception {
        assertNotEquals(parts("GET", "/items/1"), parts("DELETE", "/items/1"));
        assertNotEquals(parts("GET", "/items/1"), parts("GET", "/items/1/reviews"));
        assertNotEquals(parts("GET", "/items"), parts("GET", "/Items"));
        assertEquals(parts("POST", "/cart"), parts("post", "/cart"), "methods are upper-cased");
    }

    @Test
    void theStatusIsATagNotPartOfTheGroup() throws Exception {
        ProcessedEvent ok = process(request("GET", "/items/1", 200));
        ProcessedEvent failed = process(request("GET", "/items/2", 503));
        assertEquals(ok.checksumParts(), failed.checksumParts());
        assertEquals("200", ok.tags().get("status"));
        assertEquals("503", failed.tags().get("status"));
        assertFalse(process(request("GET", "/items/1", null)).tags().containsKey("status"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "     | info",
                "200  | info",
                "302  | info",
                "400  | warning",
                "404  | warning",
                "499  | warning",
                "500  | error",
                "503  | error",
                "599  | error",
            })
    void theLevelFollowsTheStatus(Integer status, String level) throws Exception {
        assertEquals(level, process(request("GET", "/items/1", status)).tags().get("level"));
    }

    @Test
    void theEventsLevelAndMessageWin() throws Exception {
        RawEvent event = RawEventBuilder.event("request")
                .message("Slow checkout")
                .level("warning")
                .data(request("POST", "/checkout", 500))
                .timeSpent(4200)
                .build();
        ProcessedEvent result = process(event);
        assertEquals("warning", result.tags().get("level"));
        assertEquals("Slow checkout", result.message());
        assertEquals("/checkout", result.culprit());
    }

    @Test
    void tagsAndStoredData() throws Exception {
        ProcessedEvent result = process(request("get", "https://Shop.Example.com:8443/items/123?x=1", 500));
        assertEquals(
                Map.of(
                        "url",
                        "/items/{id}",
                        "method",
                        "GET",
                        "status",
                        "500",
                        "host",
                        "shop.example.com",
                        "level",
                        "error"),
                result.tags());
        assertEquals("GET /items/{id}", result.message());
        JsonObject stored = result.data();
        assertEquals("GET", stored.getString("method"));
        assertEquals("/items/{id}", stored.getString("template"));
        assertEquals("https://Shop.Example.com:8443/items/123?x=1", stored.getString("url"));
        assertEquals(500, stored.getInt("status"));
        assertFalse(process(request("GET", "/items/1", null)).tags().containsKey("host"), "a bare path has no host");
    }

    @Test
    void credentialsInTheUrlAreNotStored() throws Exception {
        ProcessedEvent result = process(request("GET", "https://ann:s3cret@shop.example.com/items/1?next=/a@b", null));
        assertEquals("https://shop.example.com/items/1?next=/a@b", result.data().getString("url"));
        assertEquals("shop.example.com", result.tags().get("host"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://shop.example.com/items/123?x=1      | /items/{id}  | shop.example.com",
                "https://shop.example.com                    | /            | shop.example.com",
                "http://localhost:8081/                      | /            | localhost",
                "/items                                      | /items       |",
                "/                                           | /            |",
                "//items//1                                  | /items/{id}  |",
                "http://[::1]:8443/health                    | /health      | [::1]",
                "https://user:pw@host/x                      | /x           | host",
                "capacitor://localhost/cart                  | /cart        | localhost",
                "https://shop.example.com/search?q=two words | /search      | shop.example.com",
                "/a%20b/c                                    | /a%20b/c     |",
                "HTTPS://SHOP.EXAMPLE.COM/ITEMS              | /ITEMS       | shop.example.com",
            })
    void goodUrlsAreAcceptedWithTheirTemplateAndHost(String url, String template, String host) throws Exception {
        ProcessedEvent result = process(request("GET", url, 200));
        assertEquals(List.of("GET", template), result.checksumParts());
        assertEquals(template, result.tags().get("url"));
        assertEquals(host, result.tags().get("host"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not a url                      | must be an absolute URL (https://host/path) or a path starting with /",
                "items/123                      | must be an absolute URL (https://host/path) or a path starting with /",
                "javascript:alert(1)            | must be an absolute URL (https://host/path) or a path starting with /",
                "mailto:ann@example.com         | must be an absolute URL (https://host/path) or a path starting with /",
                "://shop/items                  | must be an absolute URL (https://host/path) or a path starting with /",
                "http:/items                    | must be an absolute URL (https://host/path) or a path starting with /",
                "?x=1                           | must be an absolute URL (https://host/path) or a path starting with /",
                "http://                        | has no host",
                "https:///items                 | has no host",
                "https://shop.example.com:99999/| has an invalid port",
                "https://shop.example.com:80a/  | has an invalid port",
                "https://shop<script>/          | has an invalid host",
                "https://[::1/items             | has an unterminated IPv6 address",
                "https://[zz::1]/items          | has an invalid IPv6 address",
                "/items/12 3                    | must not contain whitespace or control characters",
                "https://exa mple.com/          | must not contain whitespace or control characters",
            })
    void badUrlsAreRejectedWithAReason(String url, String reason) {
        InvalidEventException error = rejected(request("GET", url, null));
        assertEquals("data.url", error.field());
        assertEquals(reason, error.reason());
    }

    @Test
    void blankMissingAndOverlongUrlsAreRejected() {
        assertEquals("is required", rejected(json("{\"method\": \"GET\"}")).reason());
        assertEquals(
                "is required",
                rejected(json("{\"method\": \"GET\", \"url\": null}")).reason());
        assertEquals(
                "must be a string",
                rejected(json("{\"method\": \"GET\", \"url\": 42}")).reason());
        assertEquals("must not be blank", rejected(request("GET", "  ", null)).reason());
        assertEquals(
                "must not contain whitespace or control characters",
                rejected(request("GET", "/items/\u0000", null)).reason());
        assertEquals(
                "is longer than 8192 characters",
                rejected(request("GET", "/" + "a".repeat(8192), null)).reason());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"url\": \"/x\"}                                     | data.method | is required",
                "{\"method\": 1, \"url\": \"/x\"}                      | data.method | must be a string",
                "{\"method\": \"\", \"url\": \"/x\"}                   | data.method | must not be blank",
                "{\"method\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\", \"url\": \"/x\"} | data.method | is longer than 32 characters",
                "{\"method\": \"GET\", \"url\": \"/x\", \"status\": \"500\"} | data.status | must be an integer",
                "{\"method\": \"GET\", \"url\": \"/x\", \"status\": 500.5}   | data.status | must be an integer",
                "{\"method\": \"GET\", \"url\": \"/x\", \"status\": 99}      | data.status | must be between 100 and 599",
                "{\"method\": \"GET\", \"url\": \"/x\", \"status\": 600}     | data.status | must be between 100 and 599",
                "{\"method\": \"GET\", \"url\": \"/x\", \"status\": 100000000000000000000} | data.status | must be between 100 and 599",
            })
    void badMethodsAndStatusesAreRejectedWithTheField(String data, String field, String reason) {
        InvalidEventException error = rejected(json(data));
        assertEquals(field, error.field());
        assertEquals(reason, error.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GE T", "GET/1.1", "GET\n", "(GET)", "GÉT"})
    void methodsMustBeHttpTokens(String method) {
        InvalidEventException error = rejected(request(method, "/x", null));
        assertEquals("data.method", error.field());
        assertEquals("must be an HTTP method such as GET (letters, digits, !#$%&'*+-.^_`|~)", error.reason());
    }

    @Test
    void aNullStatusAndCustomMethodsAreAccepted() throws Exception {
        ProcessedEvent result = process(json("{\"method\": \"propfind\", \"url\": \"/dav/\", \"status\": null}"));
        assertEquals(List.of("PROPFIND", "/dav"), result.checksumParts());
        assertFalse(result.tags().containsKey("status"));
        assertEquals("info", result.tags().get("level"));
    }

    @Test
    void hostileUrlsAreHandledInBoundedTime() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals(
                    List.of("GET", "/{id}".repeat(4000)),
                    process(request("GET", "/" + "1/".repeat(4000), null)).checksumParts());
            ProcessedEvent longHost = process(request("GET", "https://" + "a".repeat(8000) + "/x", null));
            assertEquals(List.of("GET", "/x"), longHost.checksumParts());
            String host = longHost.tags().get("host");
            assertTrue(
                    host.startsWith("aaaa") && host.length() <= 200,
                    () -> "a host tag of " + host.length() + " characters");
            assertEquals(
                    List.of("GET", "/{id}"),
                    process(request("GET", "https://shop/" + "a1".repeat(4000), null))
                            .checksumParts());
            assertEquals(
                    "has an unterminated IPv6 address",
                    rejected(request("GET", "https://" + "[".repeat(8000), null))
                            .reason());
            assertEquals(
                    "must be an absolute URL (https://host/path) or a path starting with /",
                    rejected(request("GET", "a".repeat(8000) + ":", null)).reason());
        });
    }

    @Test
    void theProcessorHandlesTheRequestType() {
        assertEquals(Set.of("request"), processor.types());
        assertEquals(
                JsonValue.ValueType.OBJECT,
                assertDoesNotThrow(() -> process(request("GET", "/", null)))
                        .data()
                        .getValueType());
    }
}
