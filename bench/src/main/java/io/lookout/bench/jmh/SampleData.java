package io.lookout.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The realistic event data (the {@code data} JSON) the processor benchmarks run over: per type, 256
 * events from one seeded random, so that every benchmark and every run sees the same inputs. Exceptions
 * carry two chained exceptions of 30 framework frames; messages are half templates with parameters, half
 * formatted text full of ids; requests are URLs with ids; queries are one statement with two literals.
 */
record SampleData(List<String> exceptions, List<String> messages, List<String> requests, List<String> queries) {

    static final int SIZE = 256;

    static SampleData generate() {
        Random random = new Random(7);
        List<String> exceptions = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            StringBuilder frames = new StringBuilder();
            for (int f = 0; f < 30; f++) {
                frames.append(f == 0 ? "" : ",")
                        .append(String.format(
                                "{\"module\": \"org.springframework.web.servlet.Layer%d$$SpringCGLIB$$%d\", \"function\": \"lambda$invoke$%d\","
                                        + " \"filename\": \"Layer.java\", \"lineno\": %d, \"inApp\": %s}",
                                f, random.nextInt(1000), f, random.nextInt(900), f % 7 == 0));
            }
            exceptions.add(String.format(
                    "{\"type\": \"java.lang.IllegalStateException\", \"value\":"
                            + " \"Order %d for 9ec79c33-ec99-42ab-8353-589fcb2e04dc failed at 10.0.0.%d\", \"frames\": [%s],"
                            + " \"cause\": {\"type\": \"java.sql.SQLException\", \"value\": \"deadlock\", \"frames\": [%s]}}",
                    random.nextInt(100_000), random.nextInt(255), frames, frames));
            messages.add(
                    random.nextBoolean()
                            ? String.format(
                                    "{\"message\": \"User %%s failed login %%d times\", \"params\": [\"u%d\", %d]}",
                                    random.nextInt(1000), random.nextInt(10))
                            : String.format(
                                    "{\"message\": \"Payment %d from user%d@example.com at 2026-11-28T12:%02d:00Z"
                                            + " via https://pay.example/tx/%d took %d ms ('%s')\"}",
                                    random.nextInt(100_000),
                                    random.nextInt(1000),
                                    random.nextInt(60),
                                    random.nextInt(1_000_000),
                                    random.nextInt(5000),
                                    "note " + i));
            requests.add(String.format(
                    "{\"method\": \"GET\", \"url\": \"https://shop.example/api/v2/customers/%d"
                            + "/orders/9ec79c33-ec99-42ab-8353-%012d/items?page=%d&sort=price\", \"status\": %d}",
                    random.nextInt(100_000),
                    random.nextInt(1_000_000),
                    random.nextInt(20),
                    random.nextBoolean() ? 200 : 500));
            queries.add(String.format(
                    "{\"query\": \"SELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id"
                            + " WHERE c.id = %d AND o.status IN ('open', 'paid') ORDER BY o.created_at DESC LIMIT %d\","
                            + " \"engine\": \"postgresql\"}",
                    random.nextInt(100_000), 1 + random.nextInt(50)));
        }
        return new SampleData(
                List.copyOf(exceptions), List.copyOf(messages), List.copyOf(requests), List.copyOf(queries));
    }
}
