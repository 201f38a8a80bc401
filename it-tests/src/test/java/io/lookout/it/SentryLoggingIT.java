package io.lookout.it;

import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.encode;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.group;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import io.sentry.Sentry;
import io.sentry.SentryOptions;
import io.sentry.jul.SentryHandler;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * java.util.logging with the Sentry JUL integration ({@code io.sentry:sentry-jul}), as a WildFly
 * application would log: a logged exception and a logged error message become Lookout groups with
 * the logger's name. Runs in its own failsafe execution with {@code io.sentry:sentry} of the same
 * version as sentry-jul (see the module's pom).
 */
class SentryLoggingIT extends LookoutIT {

    private static final Logger LOG = Logger.getLogger("com.acme.payments.PaymentService");
    private static SentryHandler handler;

    @BeforeAll
    static void installHandler() {
        // only in the failsafe execution "sentry-jul", whose SDK has sentry-jul's version
        Assumptions.assumeTrue(
                Boolean.getBoolean("lookout.it.sentry-jul-classpath"),
                "SentryLoggingIT runs in the failsafe execution sentry-jul only");
        SentryOptions options = new SentryOptions();
        options.setDsn(SentrySdkIT.DSN);
        options.setRelease("payments@3.1.0");
        options.setEnvironment("it");
        options.addInAppInclude("io.lookout.it");
        options.setEnableUncaughtExceptionHandler(false);
        handler = new SentryHandler(options, false);
        handler.setMinimumEventLevel(Level.WARNING);
        LOG.addHandler(handler);
    }

    @AfterAll
    static void removeHandler() {
        if (handler == null) {
            return;
        }
        LOG.removeHandler(handler);
        handler.close();
        Sentry.close();
    }

    /** The one event whose summary contains the word, once stored. */
    private static JsonObject eventWith(String word) {
        Sentry.flush(10_000);
        return await(
                () -> {
                    Reply reply = get("/api/1/events?query=" + encode(word));
                    JsonArray events = reply.status() == 200 ? reply.json().getJsonArray("events") : null;
                    return events == null || events.isEmpty() ? Optional.empty() : Optional.of(events.getJsonObject(0));
                },
                "an event mentioning " + word);
    }

    static void settle(String order) {
        throw new IllegalStateException("settlement rejected for " + order);
    }

    @Test
    void anExceptionLoggedThroughJulIsAnExceptionGroup() {
        String word = uniqueWord();
        try {
            settle(word);
        } catch (IllegalStateException e) {
            LOG.log(Level.SEVERE, "Payment could not be settled", e);
        }
        JsonObject event = awaitEvent(eventWith("rejected for " + word).getString("id"));
        assertEquals("exception", event.getString("type"));
        assertEquals("IllegalStateException: settlement rejected for " + word, event.getString("message"));
        assertEquals("io.lookout.it.SentryLoggingIT.settle", event.getString("culprit"));
        JsonObject tags = event.getJsonObject("tags");
        assertEquals("com.acme.payments.PaymentService", tags.getString("logger"));
        assertEquals("error", tags.getString("level"));
        assertEquals("payments@3.1.0", tags.getString("release"));
        assertEquals(
                "java.lang.IllegalStateException", event.getJsonObject("data").getString("type"));
        String original = event.getJsonObject("data").getJsonObject("sentry").toString();
        assertTrue(original.contains("Payment could not be settled"), original);
    }

    @Test
    void aLoggedErrorMessageGroupsByItsTemplate() {
        String word = uniqueWord();
        LOG.log(Level.WARNING, "Retrying payment {0} for " + word, new Object[] {"P-1"});
        LOG.log(Level.WARNING, "Retrying payment {0} for " + word, new Object[] {"P-2"});
        LOG.info("below the minimum event level: no event " + word);
        // the SDK sends in order: once an event logged after the INFO line is stored and the queue
        // is empty, an event of the INFO line would have been stored too
        LOG.log(Level.WARNING, "Marker after the INFO line {0}", new Object[] {word});

        JsonObject event = awaitEvent(eventWith("P-1 for " + word).getString("id"));
        assertEquals("message", event.getString("type"));
        assertEquals("Retrying payment P-1 for " + word, event.getString("message"));
        assertEquals("warning", event.getJsonObject("tags").getString("level"));
        assertEquals(
                "com.acme.payments.PaymentService", event.getJsonObject("tags").getString("logger"));
        assertEquals(
                "Retrying payment {0} for " + word, event.getJsonObject("data").getString("message"));
        long groupId = event.getJsonNumber("groupId").longValue();
        await(
                () -> group(groupId).getInt("count") == 2 ? Optional.of(true) : Optional.empty(),
                "both messages in one group");
        eventWith("Marker after the INFO line " + word);
        Server.awaitQueueDrained(management);
        assertEquals(
                0,
                get("/api/1/events?query=" + encode("\"no event " + word + "\""))
                        .json()
                        .getJsonArray("events")
                        .size());
    }
}
