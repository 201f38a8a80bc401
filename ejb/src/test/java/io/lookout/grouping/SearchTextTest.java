package io.lookout.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.JsonFactories;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTextTest {

    private static List<String> words(String message, String culprit, String data) {
        JsonObject json = data == null
                ? null
                : JsonFactories.READERS.createReader(new StringReader(data)).readObject();
        String text = SearchText.of(message, culprit, json);
        return text.isEmpty() ? List.of() : List.of(text.split(" "));
    }

    @Test
    void dottedNamesAreFoundWholeByTheirTailsAndParts() {
        List<String> words = words("java.lang.IllegalStateException: cart is empty", "com.acme.Cart.checkout", null);
        for (String word : List.of(
                "java.lang.illegalstateexception",
                "illegalstateexception",
                "lang.illegalstateexception",
                "java",
                "cart",
                "is",
                "empty",
                "com.acme.cart.checkout",
                "checkout",
                "cart.checkout")) {
            assertTrue(words.contains(word), () -> word + " in " + words);
        }
        assertFalse(words.contains("java.lang.illegalstateexception:"));
        assertEquals(words.size(), words.stream().distinct().count(), "each word once");
    }

    @Test
    void exceptionTypesValuesAndFramesOfTheDataAndItsCausesCount() {
        List<String> words = words(
                "Boom",
                null,
                "{\"type\": \"com.acme.PaymentDeclined\", \"value\": \"card expired\", \"frames\": ["
                        + "{\"module\": \"com.acme.billing.Gateway\", \"function\": \"charge\"},"
                        + "{\"module\": \"com.acme.web.PayController\", \"function\": \"pay\"}],"
                        + " \"cause\": {\"type\": \"java.net.SocketTimeoutException\", \"frames\": [{\"function\": \"read0\"}]}}");
        for (String word : List.of(
                "boom",
                "paymentdeclined",
                "com.acme.paymentdeclined",
                "expired",
                "gateway",
                "charge",
                "paycontroller",
                "pay",
                "sockettimeoutexception",
                "read0")) {
            assertTrue(words.contains(word), () -> word + " in " + words);
        }
    }

    @Test
    void innerClassesUnderscoresAndCamelCaseHumpsStayFindable() {
        List<String> words =
                words("Outer$Inner failed in do_work: HTTPServerError in SocketTimeoutException", null, null);
        assertTrue(
                words.containsAll(List.of(
                        "outer$inner",
                        "outer",
                        "inner",
                        "do_work",
                        "do",
                        "work",
                        "httpservererror",
                        "http",
                        "server",
                        "error",
                        "socket",
                        "timeout",
                        "exception")),
                words::toString);
        assertFalse(words.contains("ttp"), "humps, not any substring");
    }

    @Test
    void boundedWhatever() {
        String huge = "w".repeat(101) + " " + "word ".repeat(10)
                + String.join(
                        " ",
                        java.util.stream.IntStream.range(0, 5000)
                                .mapToObj(i -> "token" + i)
                                .toList());
        String text = SearchText.of(huge, null, null);
        assertTrue(text.length() <= SearchText.MAX_LENGTH, "at most " + SearchText.MAX_LENGTH);
        assertFalse(text.contains("w".repeat(101)), "over-long words are left out");
        assertTrue(text.startsWith("word token0 "), text.substring(0, 20));
        assertFalse(text.endsWith(" "));
        assertEquals("", SearchText.of("!!! ---", null, null));
    }

    @Test
    void queryWordsAreMadeTheSameWay() {
        assertEquals(List.of("com.acme.foo"), SearchText.ofQueryWord("com.acme.Foo"));
        assertEquals(List.of("error"), SearchText.ofQueryWord("Error:"));
        assertEquals(List.of("it", "s"), SearchText.ofQueryWord("it's"));
        assertEquals(List.of(), SearchText.ofQueryWord("--"));
        assertEquals(List.of("time"), SearchText.ofQueryWord("time*"));
    }
}
