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

    /**
     * A message with the stack trace the SDK attached (attach_stacktrace / attachThreads): Sentry's threads
     * interface (develop.sentry.dev/sdk/event-payloads/threads), frames oldest first, {@code in_app} set.
     * Here as the Java SDK sends it with attachThreads: the current thread, a worker thread, and a thread
     * without a stack trace.
     */
    private static final String MESSAGE_WITH_THREADS = """
            {'event_id': '0f5e1c7a2b3d4e5f60718293a4b5c6d7', 'level': 'warning', 'platform': 'java',
             'message': {'formatted': 'Cart 42 is empty', 'message': 'Cart %s is empty', 'params': ['42']},
             'threads': {'values': [
               {'id': 31, 'name': 'pool-1-thread-1', 'state': 'WAITING', 'daemon': false, 'current': false,
                'stacktrace': {'frames': [
                  {'module': 'java.lang.Thread', 'function': 'run', 'filename': 'Thread.java', 'lineno': 840, 'in_app': false},
                  {'module': 'java.util.concurrent.locks.LockSupport', 'function': 'park', 'in_app': false}]}},
               {'id': 2, 'name': 'Reference Handler', 'state': 'RUNNABLE', 'current': false},
               {'id': 1, 'name': 'main', 'state': 'RUNNABLE', 'daemon': false, 'current': true,
                'stacktrace': {'frames': [
                  {'module': 'java.lang.Thread', 'function': 'run', 'filename': 'Thread.java', 'lineno': 840, 'in_app': false},
                  {'module': 'org.jboss.Handler', 'function': 'handle', 'filename': 'Handler.java', 'lineno': 10, 'in_app': false},
                  {'module': 'com.acme.Cart', 'function': 'checkout', 'filename': 'Cart.java', 'lineno': 42, 'in_app': true,
                   'pre_context': ['if (items.isEmpty()) {'], 'context_line': '    log.warn(\\"Cart {} is empty\\", id);',
                   'post_context': ['}'], 'vars': {'id': '42'}},
                  {'module': 'io.sentry.Sentry', 'function': 'captureMessage', 'filename': 'Sentry.java', 'lineno': 600, 'in_app': false}]}}]}}""";

    @Test
    void aMessagesThreadStackTraceIsShownLikeAnExceptionsFramesCurrentThreadFirst() {
        Sections sections = EventSections.of(
                "message", json("{'message': 'Cart 42 is empty', 'sentry': " + MESSAGE_WITH_THREADS + "}"), Map.of());
        assertEquals(2, sections.exceptions().size(), "threads with frames only");
        ExceptionSection main = sections.exceptions().get(0);
        assertTrue(main.thread());
        assertFalse(main.cause());
        assertEquals("main", main.type());
        assertEquals("current", main.value());
        // crash-nearest first: the SDK's own frame, then the in-app frame with its context and vars, then the rest
        assertEquals(
                List.of(
                        "io.sentry.Sentry.captureMessage",
                        "com.acme.Cart.checkout",
                        "org.jboss.Handler.handle",
                        "java.lang.Thread.run"),
                main.frames().stream().map(Frame::getName).toList());
        Frame cart = main.frames().get(1);
        assertTrue(cart.inApp());
        assertEquals(
                List.of(
                        new SourceLine(41L, "if (items.isEmpty()) {", false),
                        new SourceLine(42L, "    log.warn(\"Cart {} is empty\", id);", true),
                        new SourceLine(43L, "}", false)),
                cart.lines());
        assertEquals(List.of(new Entry("id", "42")), cart.vars());
        // in-app frames shown, library runs folded
        assertEquals(
                List.of(false, true, false),
                main.getBlocks().stream().map(EventSections.FrameBlock::inApp).toList());

        ExceptionSection worker = sections.exceptions().get(1);
        assertTrue(worker.thread());
        assertEquals("pool-1-thread-1", worker.type());
        assertNull(worker.value());
        assertEquals(
                "Thread main: current\n"
                        + "    at io.sentry.Sentry.captureMessage (Sentry.java:600)\n"
                        + "    at com.acme.Cart.checkout (Cart.java:42)\n"
                        + "    at org.jboss.Handler.handle (Handler.java:10)\n"
                        + "    at java.lang.Thread.run (Thread.java:840)\n"
                        + "Thread pool-1-thread-1\n"
                        + "    at java.util.concurrent.locks.LockSupport.park\n"
                        + "    at java.lang.Thread.run (Thread.java:840)\n",
                sections.getStackTrace());
    }

    @Test
    void aCrashedThreadComesFirstAndAnExceptionWinsOverThreads() {
        Sections crashed = EventSections.of(
                "message",
                json(
                        "{'sentry': {'threads': [{'id': 7, 'current': true, 'stacktrace': {'frames': [{'function': 'a'}]}},"
                                + " {'id': 8, 'crashed': true, 'stacktrace': {'frames': [{'function': 'b'}]}},"
                                + " {'id': 9, 'stacktrace': {'frames': 'not a list'}}, 'not a thread']}}"),
                Map.of());
        assertEquals(
                List.of("#8", "#7"),
                crashed.exceptions().stream().map(ExceptionSection::type).toList());
        assertEquals("crashed", crashed.exceptions().get(0).value());

        Sections exception = sentry(
                "{'exception': {'values': [{'type': 'E', 'value': 'v'}]},"
                        + " 'threads': {'values': [{'id': 1, 'current': true, 'stacktrace': {'frames': [{'function': 'a'}]}}]}}");
        assertEquals(1, exception.exceptions().size());
        assertFalse(exception.exceptions().get(0).thread());
        assertEquals("E", exception.exceptions().get(0).type());
    }
}
