package io.lookout.processors.exception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.RawEvent;
import io.lookout.processors.spi.testing.RawEventBuilder;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExceptionProcessorTest {

    /**
     * Catches a hang (a quadratic or backtracking blow-up takes minutes), not a speed: the worst case
     * takes half a second on an idle laptop and took over 10 s on a 2-core machine shared with four
     * builds. Speed is the JMH benchmarks' business.
     */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    /** One provider look-up, not one per builder: the deep chains below need many builders. */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private final ExceptionProcessor processor = new ExceptionProcessor();

    // ---------------------------------------------------------------- helpers

    private static JsonObject corpus(String name) {
        try (InputStream in = ExceptionProcessorTest.class.getResourceAsStream("/exception/" + name);
                JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static RawEvent event(JsonObject data) {
        return RawEventBuilder.event("exception").data(data).build();
    }

    private ProcessedEvent process(JsonObject data) throws InvalidEventException {
        return process(event(data));
    }

    private ProcessedEvent process(RawEvent event) throws InvalidEventException {
        processor.validate(event);
        return processor.process(event);
    }

    private List<String> parts(JsonObject data) throws InvalidEventException {
        return process(data).checksumParts();
    }

    private InvalidEventException rejected(JsonObject data) {
        return assertThrows(InvalidEventException.class, () -> processor.validate(event(data)));
    }

    /** The exception with its frames replaced by what {@code change} makes of them. */
    private static JsonObject withFrames(JsonObject exception, UnaryOperator<List<JsonObject>> change) {
        List<JsonObject> frames = exception.getJsonArray("frames").getValuesAs(JsonObject.class);
        JsonArrayBuilder array = Json.createArrayBuilder();
        change.apply(new java.util.ArrayList<>(frames)).forEach(array::add);
        return Json.createObjectBuilder(exception).add("frames", array).build();
    }

    /** Every frame for which {@code match} holds, with {@code change} applied. */
    private static JsonObject mapFrames(
            JsonObject exception, java.util.function.Predicate<JsonObject> match, UnaryOperator<JsonObject> change) {
        return withFrames(
                exception,
                frames -> frames.stream()
                        .map(f -> match.test(f) ? change.apply(f) : f)
                        .toList());
    }

    private static JsonObject set(JsonObject object, String key, JsonValue value) {
        return Json.createObjectBuilder(object).add(key, value).build();
    }

    private static JsonObject set(JsonObject object, String key, String value) {
        return Json.createObjectBuilder(object).add(key, value).build();
    }

    private static boolean inApp(JsonObject frame) {
        return frame.getBoolean("inApp", false);
    }

    private static JsonObject frame(String module, String function, int lineno, boolean inApp) {
        return JSON.createObjectBuilder()
                .add("module", module)
                .add("function", function)
                .add("filename", module.substring(module.lastIndexOf('.') + 1) + ".java")
                .add("lineno", lineno)
                .add("inApp", inApp)
                .build();
    }

    // ---------------------------------------------------------------- the corpus

    @ParameterizedTest
    @ValueSource(
            strings = {
                "java-spring-npe.json",
                "java-spring-npe-next-build.json",
                "java-hibernate-constraint.json",
                "java-wildfly-ejb.json",
                "python-django-keyerror.json",
                "python-requests-timeout.json",
                "javascript-browser-typeerror.json",
                "node-unhandled-rejection.json"
            })
    void everyCorpusTraceIsValidAndSummarised(String name) throws Exception {
        ProcessedEvent result = process(corpus(name));
        assertFalse(result.message().isBlank());
        assertNotNull(result.culprit());
        assertEquals(result.culprit(), result.tags().get("function"));
        assertEquals("error", result.tags().get("level"));
        assertNull(result.data(), "nothing was cut, the data is stored as sent");
        assertTrue(
                result.checksumParts().stream().noneMatch(part -> part.matches(".*:\\d+.*")),
                () -> "no line numbers in " + result.checksumParts());
    }

    @Test
    void aSpringTraceGroupsByTypeAndInAppFramesWithVolatileNamesNormalised() throws Exception {
        ProcessedEvent result = process(corpus("java-spring-npe.json"));

        assertEquals(
                List.of(
                        "java.lang.NullPointerException",
                        "com.acme.shop.web.CartController.checkout",
                        "com.acme.shop.cart.CartService$$SpringCGLIB.checkout",
                        "com.acme.shop.cart.CartService.checkout",
                        "com.acme.shop.cart.CartService$$Lambda.accept",
                        "com.acme.shop.cart.CartService.lambda$checkout",
                        "com.acme.shop.cart.PriceCalculator.applyCoupon"),
                result.checksumParts());
        assertEquals(
                "NullPointerException: Cannot invoke \"com.acme.shop.cart.Coupon.discount()\" because \"coupon\" is null",
                result.message());
        assertEquals("com.acme.shop.cart.PriceCalculator.applyCoupon", result.culprit());
    }

    @Test
    void theSameErrorFromAnotherBuildIsTheSameGroup() throws Exception {
        // other line numbers, lambda$checkout$2, another $$Lambda$ class, $$SpringCGLIB$$1,
        // GeneratedMethodAccessor203, one library frame more and one less
        assertEquals(parts(corpus("java-spring-npe.json")), parts(corpus("java-spring-npe-next-build.json")));
    }

    @Test
    void lineNumbersAndFileNamesNeverCount() throws Exception {
        JsonObject original = corpus("java-spring-npe.json");
        JsonObject moved = mapFrames(
                original,
                f -> true,
                f -> set(
                        set(f, "lineno", Json.createValue(f.getInt("lineno", 0) + 100)), "filename", "Elsewhere.java"));
        assertEquals(parts(original), parts(moved));
    }

    @Test
    void anotherInAppFrameIsAnotherGroup() throws Exception {
        JsonObject original = corpus("java-spring-npe.json");
        JsonObject otherFunction = mapFrames(
                original, f -> "applyCoupon".equals(f.getString("function")), f -> set(f, "function", "applyGiftCard"));
        JsonObject otherCaller = mapFrames(
                original,
                f -> "com.acme.shop.web.CartController".equals(f.getString("module")),
                f -> set(f, "module", "com.acme.shop.web.ExpressCheckoutController"));
        JsonObject oneMore = withFrames(original, frames -> {
            frames.add(frame("com.acme.shop.cart.Coupon", "discount", 12, true));
            return frames;
        });

        assertNotEquals(parts(original), parts(otherFunction));
        assertNotEquals(parts(original), parts(otherCaller));
        assertNotEquals(parts(original), parts(oneMore));
    }

    @Test
    void libraryFramesDoNotSplitAGroupThatHasInAppFrames() throws Exception {
        JsonObject original = corpus("java-spring-npe.json");
        JsonObject renamed = mapFrames(original, f -> !inApp(f), f -> set(f, "function", "somethingElse"));
        JsonObject fewer = withFrames(
                original,
                frames -> frames.stream()
                        .filter(f -> inApp(f) || !f.getString("module").startsWith("org.apache"))
                        .toList());
        JsonObject more = withFrames(original, frames -> {
            frames.add(0, frame("io.undertow.server.Connectors", "executeRootHandler", 395, false));
            return frames;
        });

        assertEquals(parts(original), parts(renamed));
        assertEquals(parts(original), parts(fewer));
        assertEquals(parts(original), parts(more));
    }

    @Test
    void withoutInAppFramesEveryFrameCounts() throws Exception {
        JsonObject original =
                mapFrames(corpus("java-spring-npe.json"), f -> true, f -> set(f, "inApp", JsonValue.FALSE));
        JsonObject unmarked = mapFrames(
                corpus("java-spring-npe.json"),
                f -> true,
                f -> Json.createObjectBuilder(f).remove("inApp").build());
        JsonObject otherLibraryFrame = mapFrames(
                original,
                f -> "doDispatch".equals(f.getString("function")),
                f -> set(f, "function", "doDispatchAsync"));

        List<String> parts = parts(original);
        assertTrue(parts.contains("java.lang.Thread.run"), parts::toString);
        assertTrue(parts.contains("jdk.internal.reflect.GeneratedMethodAccessor.invoke"), parts::toString);
        assertEquals(parts, parts(unmarked), "inApp missing is inApp false");
        assertNotEquals(parts, parts(otherLibraryFrame));
        assertEquals(
                "com.acme.shop.cart.PriceCalculator.applyCoupon",
                process(original).culprit(),
                "without in-app frames the culprit is the last frame");
    }

    @Test
    void aPythonTraceFromAnotherReleaseDirectoryIsTheSameGroup() throws Exception {
        JsonObject original = corpus("python-django-keyerror.json");
        JsonObject released = mapFrames(
                original,
                f -> true,
                f -> set(
                        set(f, "filename", f.getString("filename").replace("20260112-1", "20260130-2")),
                        "lineno",
                        Json.createValue(f.getInt("lineno") + 3)));

        ProcessedEvent result = process(original);
        assertEquals(
                List.of(
                        "KeyError",
                        "shop.api.views.post",
                        "shop.cart.services.add_line",
                        "shop.cart.services.<listcomp>",
                        "shop.cart.pricing.price_for"),
                result.checksumParts());
        assertEquals(result.checksumParts(), parts(released));
        assertEquals("KeyError: 'sku'", result.message());
        assertEquals("shop.cart.pricing.price_for", result.culprit());
    }

    @Test
    void aPythonTraceWithoutInAppFramesUsesAllFramesAndItsCauses() throws Exception {
        ProcessedEvent result = process(corpus("python-requests-timeout.json"));
        assertEquals(
                List.of(
                        "requests.exceptions.ConnectTimeout",
                        "requests.api.post",
                        "requests.api.request",
                        "requests.sessions.request",
                        "requests.sessions.send",
                        "requests.adapters.send",
                        ExceptionProcessor.CAUSED_BY,
                        "urllib3.exceptions.ConnectTimeoutError",
                        "urllib3.connectionpool.urlopen",
                        "urllib3.connection.connect",
                        "urllib3.connection._new_conn"),
                result.checksumParts());
        assertEquals("requests.adapters.send", result.culprit());
        assertTrue(result.message().startsWith("ConnectTimeout: HTTPSConnectionPool(host='payments.example.net'"));
    }

    @Test
    void aMinifiedBrowserTraceGroupsAcrossDeploysOfTheBundle() throws Exception {
        JsonObject original = corpus("javascript-browser-typeerror.json");
        JsonObject redeployed = mapFrames(
                original,
                f -> f.containsKey("colno"),
                f -> set(
                        set(
                                f,
                                "filename",
                                f.getString("filename")
                                        .replace("3f2a9b7c", "9c8d7e6f")
                                        .replace("a81c22fe", "0b1c2d3e")
                                        .replace("?v=1768210000", "?v=1768300000")),
                        "colno",
                        Json.createValue(f.getInt("colno") + 250)));

        ProcessedEvent result = process(original);
        assertEquals(
                List.of(
                        "TypeError",
                        "onClick (static/js/main.<hash>.chunk.js)",
                        "CartSummary.handleCheckout (static/js/main.<hash>.chunk.js)",
                        "<anonymous> (static/js/main.<hash>.chunk.js)",
                        "lineTotal (static/js/main.<hash>.chunk.js)"),
                result.checksumParts());
        assertEquals(result.checksumParts(), parts(redeployed));
        assertEquals("TypeError: Cannot read properties of undefined (reading 'price')", result.message());
        assertEquals("lineTotal (static/js/main.<hash>.chunk.js)", result.culprit());
    }

    @Test
    void aNodeTraceUsesItsInAppFrame() throws Exception {
        ProcessedEvent result = process(corpus("node-unhandled-rejection.json"));
        assertEquals(List.of("Error", "async warmCaches (/app/dist/cache/warm.js)"), result.checksumParts());
        assertEquals("Error: connect ECONNREFUSED 10.0.3.17:6379", result.message());
    }

    // ---------------------------------------------------------------- causes

    @Test
    void eachCauseContributesItsTypeAndFrames() throws Exception {
        ProcessedEvent result = process(corpus("java-hibernate-constraint.json"));
        List<String> parts = result.checksumParts();

        assertEquals(
                List.of(
                        "org.springframework.dao.DataIntegrityViolationException",
                        "com.acme.shop.web.SignupController.register",
                        "com.acme.shop.customer.CustomerService.register",
                        ExceptionProcessor.CAUSED_BY,
                        "org.hibernate.exception.ConstraintViolationException",
                        "com.acme.shop.customer.CustomerService.register",
                        ExceptionProcessor.CAUSED_BY,
                        "org.postgresql.util.PSQLException"),
                parts.subList(0, 8));
        // the driver's trace has no in-app frame: all of it counts, proxies normalised
        assertTrue(parts.contains("org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse"), parts::toString);
        assertEquals(
                "DataIntegrityViolationException: could not execute statement [ERROR: duplicate key value violates "
                        + "unique constraint \"uk_customer_email\"",
                result.message(),
                "the first line of the value");
        assertEquals("com.acme.shop.customer.CustomerService.register", result.culprit());
    }

    @Test
    void causesChangeTheGroup() throws Exception {
        JsonObject original = corpus("java-hibernate-constraint.json");
        JsonObject withoutCause =
                Json.createObjectBuilder(original).remove("cause").build();
        JsonObject cause = original.getJsonObject("cause");
        JsonObject otherRootCause = set(
                original,
                "cause",
                set(
                        cause,
                        "cause",
                        set(cause.getJsonObject("cause"), "type", "java.sql.SQLTransientConnectionException")));
        JsonObject otherCauseFrame = set(
                original,
                "cause",
                mapFrames(cause, ExceptionProcessorTest::inApp, f -> set(f, "function", "registerGuest")));

        assertNotEquals(parts(original), parts(withoutCause));
        assertNotEquals(parts(original), parts(otherRootCause));
        assertNotEquals(parts(original), parts(otherCauseFrame));
    }

    @Test
    void theCulpritComesFromTheFirstExceptionWithFrames() throws Exception {
        JsonObject data = json("""
                {"type": "jakarta.ejb.EJBException", "value": "wrapped",
                 "cause": {"type": "java.lang.IllegalStateException",
                           "frames": [{"module": "com.acme.orders.Order", "function": "markShipped", "inApp": true}]}}
                """);
        ProcessedEvent result = process(data);
        assertEquals("com.acme.orders.Order.markShipped", result.culprit());
        assertEquals(
                List.of(
                        "jakarta.ejb.EJBException",
                        "wrapped",
                        ExceptionProcessor.CAUSED_BY,
                        "java.lang.IllegalStateException",
                        "com.acme.orders.Order.markShipped"),
                result.checksumParts());
    }

    @Test
    void aWildFlyTraceNormalisesEjbViewsAndWeldProxies() throws Exception {
        JsonObject original = corpus("java-wildfly-ejb.json");
        JsonObject otherDeployment = mapFrames(
                original,
                f -> f.getString("module").contains("$$$view"),
                f -> set(f, "module", "com.acme.orders.OrderService$$$view7"));
        ProcessedEvent result = process(original);

        assertEquals(
                List.of(
                        "jakarta.ejb.EJBException",
                        "com.acme.orders.api.OrderResource.ship",
                        ExceptionProcessor.CAUSED_BY,
                        "java.lang.IllegalStateException",
                        "com.acme.orders.OrderService.ship",
                        "com.acme.orders.Order$Proxy$_$$_WeldSubclass.markShipped",
                        "com.acme.orders.Order.markShipped"),
                result.checksumParts());
        assertEquals(result.checksumParts(), parts(otherDeployment));
        assertEquals("EJBException: java.lang.IllegalStateException: order 48213 is already shipped", result.message());
        assertEquals("com.acme.orders.api.OrderResource.ship", result.culprit());
    }

    // ---------------------------------------------------------------- without frames

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Order 48213 not found                                  | Order 7 not found",
                "No customer with e-mail ann@example.com                | No customer with e-mail bob@shop.example.org",
                "Session 9ec79c33-ec99-42ab-8353-589fcb2e04dc expired   | Session 0b7f1c2e-1111-4a2b-9c3d-abcdefabcdef expired",
                "Connection to 10.0.3.17:6379 refused                   | Connection to 10.0.9.2:6380 refused",
                "GET https://api.example.com/items/1?x=2 returned 503   | GET https://api.example.com/items/77 returned 502",
                "Lock held since 2026-11-28T12:00:01Z                   | Lock held since 2026-01-02T03:04:05.123+01:00",
                "Object 0x7ffe12ab is not a Cart                        | Object 0xdeadbeef is not a Cart",
                "Commit 3f2a9b7c4d5e6f70 is not on main                 | Commit a1b2c3d4e5f60718 is not on main",
            })
    void withoutFramesTheTypeAndTheNormalisedValueCount(String first, String second) throws Exception {
        JsonObject a = Json.createObjectBuilder()
                .add("type", "com.acme.NotFound")
                .add("value", first)
                .build();
        JsonObject b = Json.createObjectBuilder()
                .add("type", "com.acme.NotFound")
                .add("value", second)
                .build();
        JsonObject emptyFrames = Json.createObjectBuilder(b)
                .add("frames", JsonValue.EMPTY_JSON_ARRAY)
                .build();

        assertEquals(parts(a), parts(b), () -> first + " / " + second);
        assertEquals(parts(a), parts(emptyFrames));
        assertEquals(2, parts(a).size());
        assertEquals("NotFound: " + first, process(a).message());
        assertNull(process(a).culprit());
        assertFalse(process(a).tags().containsKey("function"));
    }

    @Test
    void withoutFramesOtherWordsOrTypesAreOtherGroups() throws Exception {
        assertNotEquals(
                parts(json("{\"type\": \"E\", \"value\": \"disk full\"}")),
                parts(json("{\"type\": \"E\", \"value\": \"disk slow\"}")));
        assertNotEquals(
                parts(json("{\"type\": \"E\", \"value\": \"disk full\"}")),
                parts(json("{\"type\": \"F\", \"value\": \"disk full\"}")));
        assertEquals(List.of("E"), parts(json("{\"type\": \"E\"}")));
        assertEquals(List.of("E"), parts(json("{\"type\": \"E\", \"value\": \"  \"}")));
    }

    // ---------------------------------------------------------------- names, recursion

    @Test
    void lambdaAndProxyNamesDoNotSplitGroups() throws Exception {
        JsonObject a = json("""
                {"type": "java.lang.IllegalArgumentException", "frames": [
                  {"module": "com.acme.Cart$$EnhancerBySpringCGLIB$$a1b2c3d4", "function": "checkout", "inApp": true},
                  {"module": "jdk.proxy2.$Proxy42", "function": "price", "inApp": true},
                  {"module": "com.acme.Cart$$Lambda$123/0x0000000800c0b040", "function": "apply", "inApp": true},
                  {"module": "com.acme.Cart", "function": "lambda$checkout$0", "inApp": true}]}
                """);
        JsonObject b = json("""
                {"type": "java.lang.IllegalArgumentException", "frames": [
                  {"module": "com.acme.Cart$$EnhancerBySpringCGLIB$$9f8e7d6c", "function": "checkout", "inApp": true},
                  {"module": "jdk.proxy3.$Proxy187", "function": "price", "inApp": true},
                  {"module": "com.acme.Cart$$Lambda/0x000001f0a1c4e3f8", "function": "apply", "inApp": true},
                  {"module": "com.acme.Cart", "function": "lambda$checkout$3", "inApp": true}]}
                """);
        assertEquals(
                List.of(
                        "java.lang.IllegalArgumentException",
                        "com.acme.Cart$$EnhancerBySpringCGLIB.checkout",
                        "jdk.proxy.$Proxy.price",
                        "com.acme.Cart$$Lambda.apply",
                        "com.acme.Cart.lambda$checkout"),
                parts(a));
        assertEquals(parts(a), parts(b));
        assertEquals("com.acme.Cart.lambda$checkout", process(b).culprit());
    }

    @Test
    void recursionDepthDoesNotSplitGroups() throws Exception {
        assertEquals(parts(stackOverflow(700)), parts(stackOverflow(900)));
        assertEquals(
                List.of("java.lang.StackOverflowError", "com.acme.App.main", "com.acme.Tree.depth"),
                parts(stackOverflow(900)));
    }

    private static JsonObject stackOverflow(int depth) {
        JsonArrayBuilder frames = Json.createArrayBuilder().add(frame("com.acme.App", "main", 10, true));
        for (int i = 0; i < depth; i++) {
            frames.add(frame("com.acme.Tree", "depth", 31, true));
        }
        return Json.createObjectBuilder()
                .add("type", "java.lang.StackOverflowError")
                .add("frames", frames)
                .build();
    }

    // ---------------------------------------------------------------- summary and tags

    @Test
    void theEventsMessageAndLevelWin() throws Exception {
        RawEvent event = RawEventBuilder.event("exception")
                .message("Checkout failed")
                .level("fatal")
                .data(corpus("java-spring-npe.json"))
                .build();
        ProcessedEvent result = process(event);
        assertEquals("Checkout failed", result.message());
        assertEquals("fatal", result.tags().get("level"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "java.lang.IllegalStateException | boom            | IllegalStateException: boom",
                "java.lang.NullPointerException  |                 | NullPointerException",
                "KeyError                        | sku             | KeyError: sku",
                "com.acme.Errors$NotFound        | no such order   | Errors$NotFound: no such order",
                "weird.                          | x               | weird.: x",
            })
    void theSummaryIsTheShortTypeAndTheFirstLineOfTheValue(String type, String value, String expected)
            throws Exception {
        var data = Json.createObjectBuilder().add("type", type);
        if (value != null) {
            data.add("value", value + "\n\tat somewhere else\n");
        }
        assertEquals(expected, process(data.build()).message());
    }

    // ---------------------------------------------------------------- bounds

    @Test
    void tenThousandFramesAreCutToTheFirstAndLastFiveHundred() {
        JsonArrayBuilder frames = JSON.createArrayBuilder();
        for (int i = 0; i < 10_000; i++) {
            frames.add(frame("com.acme.Gen" + i, "step", i, i % 2 == 0));
        }
        JsonObject data = Json.createObjectBuilder()
                .add("type", "java.lang.StackOverflowError")
                .add("frames", frames)
                .build();

        ProcessedEvent result = assertTimeoutPreemptively(HANG_GUARD, () -> process(data));

        assertEquals(
                1 + ExceptionProcessor.MAX_FRAMES / 2, result.checksumParts().size(), "type + 500 in-app of 1000 kept");
        JsonObject stored = result.data();
        assertNotNull(stored);
        JsonArray kept = stored.getJsonArray("frames");
        assertEquals(ExceptionProcessor.MAX_FRAMES, kept.size());
        assertEquals(9_000, stored.getInt("framesOmitted"));
        assertEquals("com.acme.Gen0", kept.getJsonObject(0).getString("module"));
        assertEquals("com.acme.Gen499", kept.getJsonObject(499).getString("module"));
        assertEquals("com.acme.Gen9500", kept.getJsonObject(500).getString("module"));
        assertEquals("com.acme.Gen9998.step", result.culprit(), "the last in-app frame");
        assertEquals("java.lang.StackOverflowError", stored.getString("type"));
    }

    @Test
    void aThousandNestedCausesAreCutToTheOutermostAndInnermostTwentyFive() {
        JsonObject data = nested(1_000);

        ProcessedEvent result = assertTimeoutPreemptively(HANG_GUARD, () -> process(data));

        List<String> parts = result.checksumParts();
        assertEquals(ExceptionProcessor.MAX_CHAIN - 1, Collections.frequency(parts, ExceptionProcessor.CAUSED_BY));
        assertEquals("com.acme.Wrapper0", parts.get(0));
        assertEquals("com.acme.Wrapper999", parts.get(parts.size() - 2), "the root cause is kept");
        assertEquals("com.acme.Wrapper0.call", result.culprit());

        int depth = 0;
        JsonObject exception = result.data();
        JsonObject atCut = null;
        while (exception != null) {
            if (exception.containsKey("causesOmitted")) {
                atCut = exception;
            }
            depth++;
            exception = exception.containsKey("cause") ? exception.getJsonObject("cause") : null;
        }
        assertEquals(ExceptionProcessor.MAX_CHAIN, depth);
        assertNotNull(atCut);
        assertEquals(950, atCut.getInt("causesOmitted"));
        assertEquals("com.acme.Wrapper24", atCut.getString("type"));
        assertEquals("com.acme.Wrapper975", atCut.getJsonObject("cause").getString("type"));
    }

    @Test
    void aVeryDeepChainNeitherHangsNorOverflowsTheStack() {
        JsonObject data = nested(50_000);
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            ProcessedEvent result = process(data);
            assertTrue(result.checksumParts().size() < 200);
        });
        JsonObject invalid = nested(20_000, "{\"type\": 7}");
        InvalidEventException error = assertTimeoutPreemptively(HANG_GUARD, () -> rejected(invalid));
        assertEquals("data" + ".cause".repeat(20_000) + ".type", error.field());
    }

    @Test
    void theWorstCaseWithinTheBoundsIsQuick() {
        // 60 exceptions (50 used) of 1,500 frames (1,000 used), every name distinct, long and full of
        // generated parts: about half a second on a laptop
        String noise = "$$Lambda$123/0x0000000800c0b040$$EnhancerByCGLIB$$abc123$Proxy42lambda$x$0".repeat(12);
        JsonObject inner = null;
        for (int i = 59; i >= 0; i--) {
            JsonArrayBuilder frames = JSON.createArrayBuilder();
            for (int j = 0; j < 1_500; j++) {
                frames.add(JSON.createObjectBuilder()
                        .add("module", "com.acme.M" + i + "_" + j + noise)
                        .add("function", i + noise + j)
                        .add("filename", "https://cdn.example.com/js/main.3f2a9b7c.js?v=" + j + "#" + noise)
                        .add("inApp", j % 3 == 0));
            }
            var exception = JSON.createObjectBuilder().add("type", "E" + i).add("frames", frames);
            if (inner != null) {
                exception.add("cause", inner);
            }
            inner = exception.build();
        }
        JsonObject data = inner;
        ProcessedEvent result = assertTimeoutPreemptively(HANG_GUARD, () -> process(data));
        assertEquals(
                ExceptionProcessor.MAX_CHAIN * (1 + 333) + ExceptionProcessor.MAX_CHAIN - 1,
                result.checksumParts().size(),
                "per exception its type and the 333 in-app of its 1,000 kept frames");
    }

    @Test
    void aHugeValueWithoutFramesIsNormalisedInBoundedTime() {
        JsonObject data = Json.createObjectBuilder()
                .add("type", "E")
                .add("value", "a".repeat(500_000) + "@" + "\"".repeat(1) + "1.".repeat(200_000))
                .build();
        ProcessedEvent result = assertTimeoutPreemptively(HANG_GUARD, () -> process(data));
        assertTrue(result.checksumParts().get(1).length() <= ExceptionProcessor.MAX_VALUE_LENGTH);
        assertTrue(result.message().length() <= ExceptionProcessor.MAX_SUMMARY_LENGTH);
    }

    /** {@code depth} exceptions, each the cause of the one before, built from the innermost outwards. */
    private static JsonObject nested(int depth) {
        return nested(depth, null);
    }

    private static JsonObject nested(int depth, String innermost) {
        JsonObject inner = innermost == null ? null : json(innermost);
        for (int i = depth - 1; i >= 0; i--) {
            var exception = JSON.createObjectBuilder()
                    .add("type", "com.acme.Wrapper" + i)
                    .add("value", "level " + i)
                    .add("frames", JSON.createArrayBuilder().add(frame("com.acme.Wrapper" + i, "call", i, true)));
            if (inner != null) {
                exception.add("cause", inner);
            }
            inner = exception.build();
        }
        return inner;
    }

    // ---------------------------------------------------------------- validation

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{}                                                                     | data.type",
                "{\"type\": null}                                                       | data.type",
                "{\"type\": 42}                                                         | data.type",
                "{\"type\": \"  \"}                                                     | data.type",
                "{\"type\": \"E\", \"value\": 3}                                        | data.value",
                "{\"type\": \"E\", \"frames\": {}}                                      | data.frames",
                "{\"type\": \"E\", \"frames\": [{}, 7]}                                 | data.frames[1]",
                "{\"type\": \"E\", \"frames\": [{}, {}, {}, {\"lineno\": \"42\"}]}      | data.frames[3].lineno",
                "{\"type\": \"E\", \"frames\": [{}, {}, {}, {\"lineno\": 4.5}]}         | data.frames[3].lineno",
                "{\"type\": \"E\", \"frames\": [{\"inApp\": \"yes\"}]}                  | data.frames[0].inApp",
                "{\"type\": \"E\", \"frames\": [{\"module\": 1}]}                       | data.frames[0].module",
                "{\"type\": \"E\", \"frames\": [{\"function\": []}]}                    | data.frames[0].function",
                "{\"type\": \"E\", \"frames\": [{\"filename\": false}]}                 | data.frames[0].filename",
                "{\"type\": \"E\", \"cause\": \"boom\"}                                 | data.cause",
                "{\"type\": \"E\", \"cause\": {}}                                       | data.cause.type",
                "{\"type\": \"E\", \"cause\": {\"type\": \"F\", \"cause\": {\"type\": \"G\", \"frames\": [{\"inApp\": 1}]}}} | data.cause.cause.frames[0].inApp",
            })
    void invalidDataIsRejectedWithTheFieldPath(String data, String field) {
        InvalidEventException error = rejected(json(data));
        assertEquals(field, error.field());
        assertFalse(error.reason().isBlank());
    }

    @Test
    void nullsAreLikeAbsentFields() throws Exception {
        JsonObject data = json("""
                {"type": "E", "value": null, "cause": null, "frames": [
                  {"module": null, "function": null, "filename": null, "lineno": null, "inApp": null}]}
                """);
        ProcessedEvent result = process(data);
        assertEquals(List.of("E", "?"), result.checksumParts());
        assertEquals("E", result.message());
        assertNull(process(json("{\"type\": \"E\", \"frames\": null}")).culprit());
    }

    @Test
    void reasonsAreWordsASenderUnderstands() {
        assertEquals("is required", rejected(json("{}")).reason());
        assertEquals(
                "must be an integer",
                rejected(json("{\"type\": \"E\", \"frames\": [{\"lineno\": 1.5}]}"))
                        .reason());
        assertEquals(
                "must be a boolean",
                rejected(json("{\"type\": \"E\", \"frames\": [{\"inApp\": 0}]}"))
                        .reason());
        assertEquals(
                "must be an object",
                rejected(json("{\"type\": \"E\", \"cause\": []}")).reason());
    }

    @Test
    void theProcessorHandlesTheExceptionType() {
        assertEquals(java.util.Set.of("exception"), processor.types());
    }
}
