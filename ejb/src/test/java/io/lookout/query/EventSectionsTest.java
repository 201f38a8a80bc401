package io.lookout.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.JsonFactories;
import io.lookout.query.EventSections.Entry;
import io.lookout.query.EventSections.ExceptionSection;
import io.lookout.query.EventSections.Frame;
import io.lookout.query.EventSections.Sections;
import io.lookout.query.EventSections.SourceLine;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the event page shows of an event's data, native and Sentry, from well-formed and hostile JSON. */
class EventSectionsTest {

    private static JsonValue json(String text) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(text.replace('\'', '"')))) {
            return reader.readValue();
        }
    }

    private static Sections sentry(String event) {
        return EventSections.of("exception", json("{'type': 'x', 'sentry': " + event + "}"), Map.of());
    }

    @Test
    void aNativeChainIsShownThrownFirstWithItsCausesCrashFrameFirstAndContextAndVars() {
        Sections sections = EventSections.of(
                "exception",
                json("{'type': 'jakarta.ejb.EJBException', 'value': 'ship failed', 'frames': ["
                        + "{'module': 'java.lang.Thread', 'function': 'run'},"
                        + "{'module': 'com.acme.OrderResource', 'function': 'ship', 'filename': 'OrderResource.java',"
                        + " 'lineno': 42, 'inApp': true, 'preContext': ['a', 'b'], 'contextLine': 'order.ship();',"
                        + " 'postContext': ['c'], 'vars': {'order': 'O-1', 'count': 3, 'items': [1, 2]}}],"
                        + " 'cause': {'type': 'java.lang.IllegalStateException', 'value': 'shipped',"
                        + " 'frames': [{'module': 'com.acme.Order', 'function': 'markShipped', 'inApp': true}]}}"),
                Map.of());
        assertEquals(2, sections.exceptions().size());
        ExceptionSection thrown = sections.exceptions().get(0);
        assertEquals("jakarta.ejb.EJBException", thrown.type());
        assertFalse(thrown.cause());
        assertTrue(sections.exceptions().get(1).cause());
        assertEquals(
                "java.lang.IllegalStateException", sections.exceptions().get(1).type());

        Frame crash = thrown.frames().get(0);
        assertEquals("com.acme.OrderResource.ship", crash.getName());
        assertEquals(" (OrderResource.java:42)", crash.getLocation());
        assertEquals(
                List.of(
                        new SourceLine(40L, "a", false),
                        new SourceLine(41L, "b", false),
                        new SourceLine(42L, "order.ship();", true),
                        new SourceLine(43L, "c", false)),
                crash.lines());
        assertEquals(
                List.of(new Entry("order", "O-1"), new Entry("count", "3"), new Entry("items", "[1,2]")), crash.vars());
        assertEquals(2, thrown.getBlocks().size(), "in-app run, then the library run");
        assertTrue(thrown.getBlocks().get(0).inApp());

        assertEquals(
                "jakarta.ejb.EJBException: ship failed\n"
                        + "    at com.acme.OrderResource.ship (OrderResource.java:42)\n"
                        + "    at java.lang.Thread.run\n"
                        + "Caused by: java.lang.IllegalStateException: shipped\n"
                        + "    at com.acme.Order.markShipped\n",
                sections.getStackTrace());
    }

    @Test
    void aSentryEventShowsItsOriginalChainWithSnakeCaseContextAndEverySection() {
        Sections sections = sentry(
                "{'exception': {'values': ["
                        + "{'type': 'KeyError', 'value': 'B-2', 'stacktrace': {'frames': [{'module': 'shop.pricing',"
                        + " 'function': 'price_for', 'lineno': 7, 'in_app': true, 'pre_context': ['def price_for(sku):'],"
                        + " 'context_line': '    return prices[sku]', 'post_context': [], 'vars': {'sku': 'B-2'}}]}},"
                        + "{'type': 'RuntimeError', 'value': 'checkout failed'}]},"
                        + "'breadcrumbs': {'values': [{'timestamp': '2026-12-05T20:12:47.167642Z', 'type': 'log',"
                        + " 'category': 'shop.cart', 'level': 'warning', 'message': 'cart has 2 items', 'data': {'n': 2}},"
                        + " {'timestamp': 1796501578.885, 'category': 'cart', 'message': 'applying coupon'}]},"
                        + "'contexts': {'runtime': {'name': 'CPython', 'version': '3.11.2'}, 'os': {'name': 'Linux'}},"
                        + "'user': {'id': 'u-42', 'email': 'ann@example.com', 'ip_address': '203.0.113.9'},"
                        + "'request': {'method': 'POST', 'url': 'https://shop.example.com/checkout',"
                        + " 'query_string': 'step=pay&coupon=XMAS', 'headers': {'Accept': 'text/html', 'Authorization': '[Filtered]'}},"
                        + "'sdk': {'name': 'sentry.python', 'version': '1.9.10'}, 'release': 'shop@2.3.0', 'environment': 'production'}");

        assertEquals(
                List.of("RuntimeError", "KeyError"),
                sections.exceptions().stream().map(ExceptionSection::type).toList());
        assertTrue(sections.exceptions().get(1).cause(), "the root cause comes last, as a cause");
        Frame frame = sections.exceptions().get(1).frames().get(0);
        assertTrue(frame.inApp());
        assertEquals(
                List.of(
                        new SourceLine(6L, "def price_for(sku):", false),
                        new SourceLine(7L, "    return prices[sku]", true)),
                frame.lines());
        assertEquals(List.of(new Entry("sku", "B-2")), frame.vars());

        assertEquals(2, sections.breadcrumbs().size());
        assertEquals(
                Instant.parse("2026-12-05T20:12:47.167642Z"),
                sections.breadcrumbs().get(0).timestamp());
        assertEquals("shop.cart", sections.breadcrumbs().get(0).category());
        assertEquals("warning", sections.breadcrumbs().get(0).level());
        assertEquals(List.of(new Entry("n", "2")), sections.breadcrumbs().get(0).data());
        assertEquals(
                Instant.parse("2026-12-05T20:12:58.885Z"),
                sections.breadcrumbs().get(1).timestamp());

        assertEquals(
                List.of("runtime", "os"),
                sections.contexts().stream().map(EventSections.Context::name).toList());
        assertEquals(
                List.of(new Entry("name", "CPython"), new Entry("version", "3.11.2")),
                sections.contexts().get(0).entries());
        assertEquals(
                List.of(
                        new Entry("id", "u-42"),
                        new Entry("email", "ann@example.com"),
                        new Entry("ip_address", "203.0.113.9")),
                sections.user());
        assertEquals("POST", sections.request().method());
        assertEquals(
                List.of(new Entry("step", "pay"), new Entry("coupon", "XMAS")),
                sections.request().query());
        assertEquals(
                List.of(new Entry("Accept", "text/html"), new Entry("Authorization", "[Filtered]")),
                sections.request().headers());
        assertEquals(new EventSections.Sdk("sentry.python", "1.9.10"), sections.sdk());
        assertEquals("shop@2.3.0", sections.release());
        assertEquals("production", sections.environment());
    }

    @Test
    void theTagsReleaseAndEnvironmentWinAndNodeBreadcrumbsAndHeaderPairsAreRead() {
        Sections sections = EventSections.of(
                "message",
                json(
                        "{'message': 'hi', 'sentry': {'release': 'old', 'breadcrumbs': [{'message': 'clicked'}],"
                                + " 'request': {'headers': [['Accept', 'text/html'], ['bad'], 7], 'query_string': [['q', 'a b']]}}}"),
                Map.of("release", "2.3.0", "environment", "staging"));
        assertEquals("2.3.0", sections.release());
        assertEquals("staging", sections.environment());
        assertEquals("clicked", sections.breadcrumbs().get(0).message());
        assertNull(sections.breadcrumbs().get(0).timestamp());
        assertEquals(
                List.of(new Entry("Accept", "text/html")), sections.request().headers());
        assertEquals(List.of(new Entry("q", "a b")), sections.request().query());
        assertTrue(sections.exceptions().isEmpty());
    }

    @Test
    void wrongTypesAreSkippedNeverFatal() {
        for (String hostile : new String[] {
            "7",
            "'text'",
            "[]",
            "{'exception': 'boom', 'breadcrumbs': 'x', 'contexts': [1], 'user': 'u', 'request': 3, 'sdk': {'name': 5}}",
            "{'exception': {'values': [{'type': 'E', 'stacktrace': {'frames': [7, {'lineno': 'x', 'pre_context': 'a',"
                    + " 'context_line': 4, 'vars': [1], 'in_app': 'yes', 'colno': 1.5, 'function': {'a': 1}}]}}, 3, {'value': 'no type'}]},"
                    + " 'breadcrumbs': {'values': [1, {'timestamp': 'yesterday', 'data': 'x'}, {'timestamp': 1e300}]},"
                    + " 'contexts': {'os': 'Linux', 'app': null}}"
        }) {
            Sections sections = sentry(hostile);
            assertTrue(sections.breadcrumbs().size() <= 2, hostile);
        }
        Sections sections = sentry(
                "{'exception': {'values': [{'type': 'E', 'stacktrace': {'frames': [7, {'lineno': 'x',"
                        + " 'pre_context': 'a', 'context_line': 4, 'vars': [1], 'in_app': 'yes', 'colno': 1.5}]}}]},"
                        + " 'breadcrumbs': {'values': [1, {'timestamp': 'yesterday'}, {'timestamp': 1e300}]}, 'contexts': {'os': 'Linux'}}");
        Frame frame = sections.exceptions().get(0).frames().get(0);
        assertNull(frame.lineno());
        assertNull(frame.colno());
        assertFalse(frame.inApp());
        assertTrue(frame.lines().isEmpty());
        assertTrue(frame.vars().isEmpty());
        assertEquals("yesterday", sections.breadcrumbs().get(0).time());
        assertNull(sections.breadcrumbs().get(1).timestamp());
        assertEquals(
                List.of(new Entry("value", "Linux")), sections.contexts().get(0).entries());

        Sections nativeHostile = EventSections.of("exception", json("{'frames': 'x', 'cause': 'y'}"), null);
        assertEquals("?", nativeHostile.exceptions().get(0).type());
        assertTrue(nativeHostile.exceptions().get(0).frames().isEmpty());
    }

    @Test
    void hugeArraysAreCappedAndTheRestCounted() {
        JsonArrayBuilder frames = JsonFactories.BUILDERS.createArrayBuilder();
        JsonObjectBuilder vars = JsonFactories.BUILDERS.createObjectBuilder();
        JsonArrayBuilder pre = JsonFactories.BUILDERS.createArrayBuilder();
        for (int i = 0; i < 5000; i++) {
            vars.add("v" + i, i);
            pre.add("line " + i);
        }
        JsonObjectBuilder heavy = JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("function", "heavy")
                .add("lineno", 10_000)
                .add("pre_context", pre)
                .add("context_line", "x".repeat(100_000))
                .add("vars", vars);
        for (int i = 0; i < 10_000; i++) {
            frames.add(JsonFactories.BUILDERS.createObjectBuilder().add("function", "f" + i));
        }
        frames.add(heavy);
        JsonArrayBuilder crumbs = JsonFactories.BUILDERS.createArrayBuilder();
        for (int i = 0; i < 1000; i++) {
            crumbs.add(JsonFactories.BUILDERS.createObjectBuilder().add("message", "crumb " + i));
        }
        JsonArrayBuilder values = JsonFactories.BUILDERS.createArrayBuilder();
        for (int i = 0; i < 30; i++) {
            values.add(JsonFactories.BUILDERS.createObjectBuilder().add("type", "E" + i));
        }
        values.add(JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("type", "Thrown")
                .add("stacktrace", JsonFactories.BUILDERS.createObjectBuilder().add("frames", frames)));
        JsonValue data = JsonFactories.BUILDERS
                .createObjectBuilder()
                .add(
                        "sentry",
                        JsonFactories.BUILDERS
                                .createObjectBuilder()
                                .add(
                                        "exception",
                                        JsonFactories.BUILDERS
                                                .createObjectBuilder()
                                                .add("values", values))
                                .add("breadcrumbs", crumbs))
                .build();

        Sections sections = EventSections.of("exception", data, Map.of());
        assertEquals(EventSections.MAX_EXCEPTIONS, sections.exceptions().size());
        assertEquals(31 - EventSections.MAX_EXCEPTIONS, sections.exceptionsOmitted());
        ExceptionSection thrown = sections.exceptions().get(0);
        assertEquals(EventSections.MAX_FRAMES, thrown.frames().size());
        assertEquals(10_001 - EventSections.MAX_FRAMES, thrown.framesOmitted());
        Frame crash = thrown.frames().get(0);
        assertEquals("heavy", crash.function(), "the crash frame is kept");
        assertEquals(EventSections.MAX_CONTEXT_LINES + 1, crash.lines().size());
        assertEquals(
                "line 4999",
                crash.lines().get(EventSections.MAX_CONTEXT_LINES - 1).text());
        assertEquals(
                9_999L, crash.lines().get(EventSections.MAX_CONTEXT_LINES - 1).number());
        assertEquals(
                EventSections.MAX_TEXT + 1,
                crash.lines().get(EventSections.MAX_CONTEXT_LINES).text().length());
        assertEquals(EventSections.MAX_VARS, crash.vars().size());
        assertEquals(5000 - EventSections.MAX_VARS, crash.varsOmitted());
        assertEquals(EventSections.MAX_BREADCRUMBS, sections.breadcrumbs().size());
        assertEquals(1000 - EventSections.MAX_BREADCRUMBS, sections.breadcrumbsOmitted());
        assertEquals(
                "crumb 999",
                sections.breadcrumbs().get(EventSections.MAX_BREADCRUMBS - 1).message(),
                "the latest kept");
        assertTrue(sections.getStackTrace().contains("... " + (10_001 - EventSections.MAX_FRAMES) + " more"));
    }

    @Test
    void aDeepNativeChainIsReadInALoopAndCapped() {
        JsonValue chain =
                JsonFactories.BUILDERS.createObjectBuilder().add("type", "Root").build();
        for (int i = 0; i < 5000; i++) {
            chain = JsonFactories.BUILDERS
                    .createObjectBuilder()
                    .add("type", "E" + i)
                    .add("cause", chain)
                    .build();
        }
        Sections sections = EventSections.of("exception", chain, Map.of());
        assertEquals(EventSections.MAX_EXCEPTIONS, sections.exceptions().size());
        assertEquals(5001 - EventSections.MAX_EXCEPTIONS, sections.exceptionsOmitted());
    }
}
