package io.lookout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefusalSpreadTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger held = new AtomicInteger();
    private final List<Long> waits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void onlyTheIngestEndpointsAreHeld() {
        assertTrue(RefusalSpread.isIngest("/7/events"));
        assertTrue(RefusalSpread.isIngest("/12/envelope/"));
        assertTrue(RefusalSpread.isIngest("/12/envelope"));
        assertTrue(RefusalSpread.isIngest("/3/store/"));
        assertTrue(RefusalSpread.isIngest("/3/store"));
        for (String other : new String[] {
            null,
            "/",
            "/events",
            "/x/events",
            "/7/groups",
            "/7/events/abc",
            "/admin/projects",
            "/7",
            "//events",
            "/7/envelopes",
            "/7/envelope/x",
            "/7/storeroom",
            "/7/store//"
        }) {
            assertFalse(RefusalSpread.isIngest(other), other);
        }
    }

    @Test
    void refusalsWaitSpreadOverTheWindow() throws Exception {
        int refusals = 40;
        CountDownLatch answered = new CountDownLatch(refusals);
        for (int i = 0; i < refusals; i++) {
            assertTrue(RefusalSpread.mayHold(held));
            assertTrue(RefusalSpread.later(answered::countDown, 200, scheduler, held, waits::add));
        }
        assertTrue(answered.await(5, TimeUnit.SECONDS), "every answer is written");
        assertEquals(0, held.get(), "nothing held once answered");
        assertEquals(refusals, waits.size());
        long shortest = waits.stream().mapToLong(Long::longValue).min().orElseThrow();
        long longest = waits.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(shortest >= 0 && longest < TimeUnit.MILLISECONDS.toNanos(200), shortest + " .. " + longest);
        // spread, not one wait for all (40 uniform draws inside a fifth of the window: never)
        assertTrue(longest - shortest > TimeUnit.MILLISECONDS.toNanos(40), shortest + " .. " + longest);
    }

    /** A response that records its status and what is written to it. */
    private static final class Recorded {
        int status = 200;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                HttpServletResponse.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "getStatus" -> status;
                    case "getCharacterEncoding" -> "UTF-8";
                    case "getOutputStream" ->
                        new ServletOutputStream() {
                            @Override
                            public void write(int b) {
                                written.write(b);
                            }

                            @Override
                            public boolean isReady() {
                                return true;
                            }

                            @Override
                            public void setWriteListener(WriteListener listener) {}
                        };
                    case "reset" -> {
                        status = 200;
                        written.reset();
                        yield null;
                    }
                    default -> null;
                });

        String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void anAcceptedAnswerIsWrittenThroughAndARefusalIsKept() throws Exception {
        Recorded accepted = new Recorded();
        RefusalSpread.Holding through = new RefusalSpread.Holding(accepted.response, held);
        through.setStatus(202);
        through.getOutputStream().write("{\"ids\": []}".getBytes(StandardCharsets.UTF_8));
        assertFalse(through.holds);
        assertEquals("{\"ids\": []}", accepted.text());

        Recorded refused = new Recorded();
        RefusalSpread.Holding kept = new RefusalSpread.Holding(refused.response, held);
        kept.setStatus(429);
        kept.getWriter().print("{\"error\": \"over\"}");
        kept.flushBuffer();
        assertTrue(kept.holds);
        assertEquals(1, held.get(), "counted while it waits");
        assertEquals(429, refused.status, "the status goes to the real response");
        assertEquals("", refused.text(), "the body waits");
        assertEquals("{\"error\": \"over\"}", kept.body.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRefusalTurnedIntoAnotherAnswerIsWrittenThrough() throws Exception {
        Recorded changed = new Recorded();
        RefusalSpread.Holding holding = new RefusalSpread.Holding(changed.response, held);
        holding.setStatus(429);
        ServletOutputStream stream = holding.getOutputStream();
        stream.write('x');
        holding.setStatus(500);
        stream.write('y');
        assertFalse(holding.holds);
        assertEquals(0, held.get());
        assertEquals("y", changed.text(), "what was kept is dropped, what follows written");

        Recorded reset = new Recorded();
        RefusalSpread.Holding again = new RefusalSpread.Holding(reset.response, held);
        again.setStatus(429);
        again.reset();
        assertFalse(again.holds);
        assertEquals(0, held.get());
    }

    @Test
    void pastTheHeldLimitARefusalIsWrittenThrough() throws Exception {
        held.set(RefusalSpread.MAX_HELD);
        Recorded full = new Recorded();
        RefusalSpread.Holding holding = new RefusalSpread.Holding(full.response, held);
        holding.setStatus(429);
        holding.getOutputStream().write('z');
        assertFalse(holding.holds);
        assertEquals("z", full.text());
        assertEquals(RefusalSpread.MAX_HELD, held.get());
    }

    @Test
    void pastTheHeldLimitARefusalIsNotHeld() {
        held.set(RefusalSpread.MAX_HELD);
        assertFalse(RefusalSpread.mayHold(held));
        assertEquals(RefusalSpread.MAX_HELD, held.get(), "the count is given back");
        held.set(RefusalSpread.MAX_HELD - 1);
        assertTrue(RefusalSpread.mayHold(held));
        assertEquals(RefusalSpread.MAX_HELD, held.get());
    }

    @Test
    void aStoppedSchedulerLeavesTheAnswerToTheCaller() {
        scheduler.shutdown();
        assertTrue(RefusalSpread.mayHold(held));
        assertFalse(RefusalSpread.later(() -> {}, 1000, scheduler, held, waits::add));
        assertEquals(0, held.get());
        assertTrue(waits.isEmpty());
    }
}
