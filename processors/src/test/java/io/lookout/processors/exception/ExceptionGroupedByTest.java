package io.lookout.processors.exception;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lookout.processors.spi.GroupingPart;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.testing.RawEventBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the exception processor describes the parts of its checksum. */
class ExceptionGroupedByTest {

    private final ExceptionProcessor processor = new ExceptionProcessor();

    private ProcessedEvent process(String data) throws Exception {
        return RawEventBuilder.event("exception").data(data).processedBy(processor);
    }

    /** The values of the used parts, in order. */
    private static List<String> used(ProcessedEvent event) {
        return event.groupedBy().stream()
                .filter(GroupingPart::used)
                .map(GroupingPart::value)
                .toList();
    }

    @Test
    void inAppFramesAreUsedAndLibraryFramesAreLeftOutInRuns() throws Exception {
        ProcessedEvent event = process("""
                {"type": "java.lang.IllegalStateException", "value": "Order 4711 is closed",
                 "frames": [
                  {"module": "org.apache.catalina.core.StandardWrapperValve", "function": "invoke", "inApp": false},
                  {"module": "org.jboss.weld.interceptor.proxy.InterceptorMethodHandler", "function": "invoke", "inApp": false},
                  {"module": "com.acme.shop.CartResource", "function": "checkout", "lineno": 42, "inApp": true},
                  {"module": "org.hibernate.internal.SessionImpl", "function": "flush", "inApp": false},
                  {"module": "com.acme.shop.Orders", "function": "close", "lineno": 17, "inApp": true}
                 ]}
                """);

        assertEquals(
                List.of(
                        GroupingPart.used("type", "java.lang.IllegalStateException"),
                        GroupingPart.leftOut("value", "Order 4711 is closed", "not used: the exception has frames"),
                        GroupingPart.leftOut(
                                "frames",
                                "org.apache.catalina.core.StandardWrapperValve.invoke … "
                                        + "org.jboss.weld.interceptor.proxy.InterceptorMethodHandler.invoke (2 frames)",
                                "not in-app"),
                        GroupingPart.used("frame", "com.acme.shop.CartResource.checkout"),
                        GroupingPart.leftOut("frame", "org.hibernate.internal.SessionImpl.flush", "not in-app"),
                        GroupingPart.used("frame", "com.acme.shop.Orders.close")),
                event.groupedBy());
        assertEquals(event.checksumParts(), used(event));
    }

    @Test
    void aCauseIsDescribedAfterCausedByAndRecursionIsLeftOut() throws Exception {
        ProcessedEvent event = process("""
                {"type": "jakarta.ejb.EJBException", "value": "wrapped",
                 "frames": [{"module": "com.acme.shop.CartResource", "function": "checkout", "inApp": true}],
                 "cause": {"type": "java.lang.StackOverflowError",
                  "frames": [
                   {"module": "com.acme.shop.Tree", "function": "walk", "lineno": 10, "inApp": true},
                   {"module": "com.acme.shop.Tree", "function": "walk", "lineno": 11, "inApp": true},
                   {"module": "com.acme.shop.Tree", "function": "walk", "lineno": 11, "inApp": true}
                  ]}}
                """);

        assertEquals(
                List.of(
                        GroupingPart.used("type", "jakarta.ejb.EJBException"),
                        GroupingPart.leftOut("value", "wrapped", "not used: the exception has frames"),
                        GroupingPart.used("frame", "com.acme.shop.CartResource.checkout"),
                        GroupingPart.used("caused by", "java.lang.StackOverflowError"),
                        GroupingPart.used("frame", "com.acme.shop.Tree.walk"),
                        GroupingPart.leftOut(
                                "frames",
                                "com.acme.shop.Tree.walk … com.acme.shop.Tree.walk (2 frames)",
                                "repeats the frame before (recursion)")),
                event.groupedBy());
        assertEquals(
                List.of(
                        "jakarta.ejb.EJBException",
                        "com.acme.shop.CartResource.checkout",
                        "caused by",
                        "java.lang.StackOverflowError",
                        "com.acme.shop.Tree.walk"),
                event.checksumParts());
    }

    @Test
    void anExceptionWithoutFramesIsGroupedByItsNormalisedValueWithTheIdsLeftOut() throws Exception {
        ProcessedEvent event = process("""
                {"type": "com.acme.shop.OrderNotFound", "value": "Order 4711 of bob@example.com not found"}
                """);

        assertEquals(
                List.of(
                        GroupingPart.used("type", "com.acme.shop.OrderNotFound"),
                        GroupingPart.used("value", "Order <num> of <email> not found"),
                        GroupingPart.leftOut("variable part", "bob@example.com", "replaced by <email>"),
                        GroupingPart.leftOut("variable part", "4711", "replaced by <num>")),
                event.groupedBy());
        assertEquals(event.checksumParts(), used(event));
    }

    @Test
    void framesBeyondTheLimitAreLeftOutWithTheirCount() throws Exception {
        StringBuilder frames = new StringBuilder();
        int count = ExceptionProcessor.MAX_FRAMES + 7;
        for (int i = 0; i < count; i++) {
            frames.append(i == 0 ? "" : ",")
                    .append("{\"module\": \"com.acme.Deep\", \"function\": \"f")
                    .append(i)
                    .append("\", \"inApp\": true}");
        }
        ProcessedEvent event = process("{\"type\": \"java.lang.RuntimeException\", \"frames\": [" + frames + "]}");

        List<GroupingPart> parts = new ArrayList<>(event.groupedBy());
        int half = ExceptionProcessor.MAX_FRAMES / 2;
        assertEquals(GroupingPart.used("frame", "com.acme.Deep.f" + (half - 1)), parts.get(half));
        assertEquals(
                GroupingPart.leftOut("frames", "7 in the middle of the trace", "beyond the limit of 1000 frames"),
                parts.get(half + 1));
        assertEquals(GroupingPart.used("frame", "com.acme.Deep.f" + (half + 7)), parts.get(half + 2));
        assertEquals(event.checksumParts(), used(event));
    }

    @Test
    void withoutInAppFramesEveryFrameIsUsed() throws Exception {
        ProcessedEvent event = process("""
                {"type": "java.net.SocketTimeoutException", "value": "Read timed out",
                 "frames": [
                  {"module": "java.net.SocketInputStream", "function": "read"},
                  {"module": "sun.security.ssl.SSLSocketImpl", "function": "readApplicationRecord"}
                 ]}
                """);

        assertEquals(
                List.of(
                        "java.net.SocketTimeoutException",
                        "java.net.SocketInputStream.read",
                        "sun.security.ssl.SSLSocketImpl.readApplicationRecord"),
                used(event));
        assertEquals(event.checksumParts(), used(event));
    }
}
