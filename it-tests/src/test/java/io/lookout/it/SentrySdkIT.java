package io.lookout.it;

import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.group;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.protocol.Message;
import io.sentry.protocol.Request;
import io.sentry.protocol.SentryId;
import io.sentry.protocol.User;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Sentry Java SDK ({@code io.sentry:sentry}) against Lookout, configured only with a
 * DSN as docs/clients.md says: captured exceptions and messages end up as the right groups with
 * the right tags.
 */
class SentrySdkIT extends LookoutIT {

    static final String DSN =
            "http://" + LookoutClient.PROJECT_KEY + "@127.0.0.1:" + (8080 + LookoutClient.PORT_OFFSET) + "/1";

    @BeforeAll
    static void initSdk() {
        Sentry.init(options -> {
            options.setDsn(DSN);
            options.setRelease("shop@1.2.3");
            options.setEnvironment("it");
            options.setServerName("it-host");
            options.addInAppInclude("io.lookout.it");
            options.setEnableUncaughtExceptionHandler(false);
            options.setDebug(true);
        });
        Sentry.setTag("tenant", "acme");
    }

    @AfterAll
    static void closeSdk() {
        Sentry.close();
    }

    /** Sends what the SDK queued and waits for the event to be stored. */
    private static JsonObject stored(SentryId id) {
        Sentry.flush(10_000);
        assertNotEquals(SentryId.EMPTY_ID, id, "the SDK captured nothing");
        return awaitEvent(id.toString());
    }

    private static long groupOf(JsonObject event) {
        return event.getJsonNumber("groupId").longValue();
    }

    static class Checkout {
        void pay(String order) {
            try {
                charge(order);
            } catch (RuntimeException e) {
                throw new IllegalStateException("payment failed for order " + order, e);
            }
        }

        private void charge(String order) {
            throw new UnsupportedOperationException("card declined for " + order);
        }

        void refund(String order) {
            throw new IllegalStateException("refund failed for order " + order);
        }
    }

    @Test
    void capturedExceptionsFromOneSiteAreOneGroupWithTheirTags() {
        String word = uniqueWord();
        JsonObject first = captureFromPay("A-" + word);
        long groupId = groupOf(first);
        int before = group(groupId).getInt("count");

        assertEquals("exception", first.getString("type"));
        assertEquals("IllegalStateException: payment failed for order A-" + word, first.getString("message"));
        assertEquals("io.lookout.it.SentrySdkIT$Checkout.pay", first.getString("culprit"));
        JsonObject tags = first.getJsonObject("tags");
        assertEquals("error", tags.getString("level"));
        assertEquals("shop@1.2.3", tags.getString("release"));
        assertEquals("it", tags.getString("environment"));
        assertEquals("it-host", tags.getString("server"));
        assertEquals("acme", tags.getString("tenant"));
        assertEquals("io.lookout.it.SentrySdkIT$Checkout.pay", tags.getString("function"));
        JsonObject data = first.getJsonObject("data");
        assertEquals("java.lang.IllegalStateException", data.getString("type"));
        assertEquals(
                "java.lang.UnsupportedOperationException",
                data.getJsonObject("cause").getString("type"));
        assertEquals(
                "sentry.java", data.getJsonObject("sentry").getJsonObject("sdk").getString("name"));

        // the same site with another order: the same group, counted once more
        JsonObject second = captureFromPay("B-" + word);
        assertEquals(groupId, groupOf(second));
        assertEquals(before + 1, group(groupId).getInt("count"));

        // another site: another group
        try {
            new Checkout().refund(word);
        } catch (IllegalStateException e) {
            assertNotEquals(groupId, groupOf(stored(Sentry.captureException(e))));
        }
    }

    private static JsonObject captureFromPay(String order) {
        try {
            new Checkout().pay(order);
            throw new AssertionError("pay should throw");
        } catch (IllegalStateException e) {
            return stored(Sentry.captureException(e));
        }
    }

    @Test
    void capturedMessagesGroupByTheirText() {
        String word = uniqueWord();
        JsonObject first = stored(Sentry.captureMessage("Order 17 could not be shipped " + word, SentryLevel.WARNING));
        JsonObject second =
                stored(Sentry.captureMessage("Order 4711 could not be shipped " + word, SentryLevel.WARNING));

        assertEquals("message", first.getString("type"));
        assertEquals("Order 17 could not be shipped " + word, first.getString("message"));
        assertEquals("warning", first.getJsonObject("tags").getString("level"));
        assertEquals("shop@1.2.3", first.getJsonObject("tags").getString("release"));
        assertEquals(groupOf(first), groupOf(second));
        assertEquals(2, group(groupOf(first)).getInt("count"));
    }

    @Test
    void requestUserLoggerTransactionAndFingerprintArrive() {
        String word = uniqueWord();
        SentryEvent event = new SentryEvent();
        Message message = new Message();
        message.setMessage("Stock for %s is low " + word);
        message.setParams(List.of("sku-1"));
        message.setFormatted("Stock for sku-1 is low " + word);
        event.setMessage(message);
        event.setLevel(SentryLevel.INFO);
        event.setLogger("com.acme.Stock");
        event.setTransaction("GET /items/{id}");
        Request request = new Request();
        request.setUrl("https://shop.example.com/items/17?ref=mail");
        request.setMethod("GET");
        event.setRequest(request);
        User user = new User();
        user.setId("user-42");
        event.setUser(user);
        event.setFingerprints(List.of("{{ default }}", "low-stock"));

        JsonObject stored = stored(Sentry.captureEvent(event));
        assertEquals("Stock for sku-1 is low " + word, stored.getString("message"));
        assertEquals("com.acme.Stock", stored.getString("culprit"));
        JsonObject tags = stored.getJsonObject("tags");
        assertEquals("https://shop.example.com/items/17", tags.getString("url"));
        assertEquals("user-42", tags.getString("user"));
        assertEquals("com.acme.Stock", tags.getString("logger"));
        assertEquals("GET /items/{id}", tags.getString("transaction"));
        assertEquals("info", tags.getString("level"));
        assertEquals("Stock for %s is low " + word, stored.getJsonObject("data").getString("message"));

        // the fingerprint overrides the grouping: two different messages, one group
        String other = "Nothing alike " + uniqueWord();
        JsonObject pinned =
                stored(Sentry.captureMessage(other, scope -> scope.setFingerprint(List.of("pinned-" + word))));
        JsonObject pinnedToo = stored(Sentry.captureMessage(
                "Entirely different " + word, scope -> scope.setFingerprint(List.of("pinned-" + word))));
        assertEquals(groupOf(pinned), groupOf(pinnedToo));
        assertEquals(2, group(groupOf(pinned)).getInt("count"));
    }
}
