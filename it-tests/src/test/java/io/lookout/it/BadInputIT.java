package io.lookout.it;

import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A corpus of bad requests (src/test/resources/bad-input, README.md there) against every endpoint
 * and the JMS queue: each gets the expected status within a few seconds, in the API's error shape
 * where Lookout answers; afterwards nothing of it is stored, and a good event still is.
 */
class BadInputIT extends LookoutIT {

    /** "At once": no answer may take longer (the hangs this corpus found took 6 s). */
    private static final int ANSWER_WITHIN_MILLIS = 3000;

    private static final int READ_TIMEOUT_MILLIS = 8000;
    private static final String AUTH =
            "X-Sentry-Auth: Sentry sentry_key=" + LookoutClient.PROJECT_KEY + ", sentry_version=7";
    private static final String BASIC = Base64.getEncoder()
            .encodeToString(("admin:" + LookoutClient.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final Pattern MACRO = Pattern.compile(
            "\\{\\{(repeat (\\d+) |tags (\\d+)|events (\\d+)|headers (\\d+)|key|basic|auth|H|event|group)");

    @Deployment(name = "probe", order = 2, testable = false)
    static WebArchive probe() {
        return Server.queueProbe();
    }

    /** A request and what must come back. */
    private record Case(String name, byte[] request, Expect expect) {}

    /** Statuses allowed ({@link RawHttp#CLOSED} among them), and for Lookout's answers the field and a text of the error. */
    private record Expect(Set<Integer> statuses, boolean raw, String field, String contains) {

        static Expect parse(String spec) {
            String[] parts = spec.split("~", 2);
            String[] tokens = parts[0].trim().split("\\s+");
            Set<Integer> statuses = new LinkedHashSet<>();
            for (String status : tokens[0].split(",")) {
                statuses.add(status.equals("closed") ? RawHttp.CLOSED : Integer.parseInt(status));
            }
            boolean raw = false;
            String field = null;
            for (String token : Arrays.copyOfRange(tokens, 1, tokens.length)) {
                if (token.equals("raw")) {
                    raw = true;
                } else if (token.startsWith("field=")) {
                    field = token.substring(6);
                }
            }
            return new Expect(statuses, raw, field, parts.length > 1 ? parts[1].trim() : null);
        }

        /** What is wrong with the answer, or {@code null}. */
        String check(RawHttp.Answer answer) {
            if (answer.status() == RawHttp.TIMEOUT) {
                return "no answer within " + READ_TIMEOUT_MILLIS + " ms";
            }
            if (answer.millis() > ANSWER_WITHIN_MILLIS) {
                return "answered after " + answer.millis() + " ms";
            }
            if (!statuses.contains(answer.status())) {
                return "expected " + statuses;
            }
            if (answer.status() == RawHttp.CLOSED || raw) {
                return null;
            }
            JsonObject error = answer.error();
            if (error == null || !(error.get("error") instanceof jakarta.json.JsonString)) {
                return "the body is not the API's error shape";
            }
            if (field != null && !field.equals("-") && !field.equals(error.getString("field", null))) {
                return "expected field " + field;
            }
            if (contains != null && !error.getString("error").contains(contains)) {
                return "the error does not say '" + contains + "'";
            }
            return null;
        }
    }

    @Test
    void theCorpusIsRefusedAtOnceAndNothingOfItIsStored() throws IOException {
        String anchor = newId();
        assertEquals(
                202,
                LookoutClient.send("{\"id\": \"" + anchor + "\", \"type\": \"message\", \"message\": \"corpus anchor "
                                + uniqueWord() + "\"}")
                        .status());
        long group = awaitEvent(anchor).getJsonNumber("groupId").longValue();
        Server.awaitQueueDrained(management);
        String before = totals();

        List<Case> cases = new ArrayList<>();
        List<String[]> jms = new ArrayList<>();
        corpus(group, cases, jms);

        List<String> failures = new ArrayList<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        long slowest = 0;
        String slowestCase = null;
        long started = System.nanoTime();
        for (Case c : cases) {
            RawHttp.Answer answer = RawHttp.exchange(c.request(), READ_TIMEOUT_MILLIS);
            byStatus.merge(
                    answer.status() == RawHttp.CLOSED ? "closed" : Integer.toString(answer.status()), 1, Integer::sum);
            if (answer.millis() > slowest) {
                slowest = answer.millis();
                slowestCase = c.name();
            }
            String problem = c.expect().check(answer);
            if (problem != null) {
                failures.add(c.name() + ": " + problem + "; got " + answer);
            }
        }
        long httpMillis = (System.nanoTime() - started) / 1_000_000;

        // the JMS queue: every message is dead-lettered with its reason (as the admin API lists them)
        Map<String, String[]> sentIds = new java.util.HashMap<>();
        for (String[] message : jms) {
            sentIds.put(enqueue(message), message);
        }
        Server.awaitQueueDrained(management);
        Reply letters = LookoutClient.get("/api/admin/dead-letters?limit=1000");
        // the corpus' letters go again: the management view other tests read lists only the first 200
        removeCorpusDeadLetters();
        assertEquals(200, letters.status(), letters.body());
        Map<String, String> reasons = new java.util.HashMap<>();
        letters.json()
                .getJsonArray("messages")
                .getValuesAs(JsonObject.class)
                .forEach(letter -> reasons.put(letter.getString("messageId"), letter.getString("error")));
        sentIds.forEach((messageId, message) -> {
            String reason = reasons.get(messageId);
            if (reason == null) {
                failures.add("JMS " + message[5] + ": not on the dead-letter queue");
            } else if (!reason.contains(message[6])) {
                failures.add("JMS " + message[5] + ": the reason does not say '" + message[6] + "': " + reason);
            } else if (reason.length() > 1000) {
                failures.add("JMS " + message[5] + ": the reason is " + reason.length() + " characters long");
            }
        });
        System.out.printf(
                "BadInputIT: %d requests in %d ms (slowest %d ms: %s), answers %s; %d JMS messages%n",
                cases.size(), httpMillis, slowest, slowestCase, byStatus, jms.size());
        assertTrue(
                failures.isEmpty(),
                failures.size() + " of " + (cases.size() + jms.size()) + " cases failed:\n"
                        + String.join("\n", failures));
        assertTrue(cases.size() + jms.size() >= 300, "the corpus holds " + (cases.size() + jms.size()) + " cases");

        Server.awaitQueueDrained(management);
        assertEquals(before, totals(), "nothing of the corpus is stored");

        // the server is still well: a good event is accepted and stored, readiness is UP
        String good = newId();
        assertEquals(
                202,
                LookoutClient.send(
                                "{\"id\": \"" + good + "\", \"type\": \"message\", \"message\": \"after the corpus\"}")
                        .status());
        awaitEvent(good);
        Reply ready = LookoutClient.get(LookoutClient.MANAGEMENT + "/health/ready", null, null);
        assertEquals(200, ready.status(), ready.body());
        assertTrue(ready.body().contains("\"UP\""), ready.body());
    }

    @Test
    void timestampsOutsideTheWindowAreTheTimeReceivedAndTheSentOneIsKept() {
        Instant start = Instant.now();
        String word = uniqueWord();
        String ancient = newId();
        String future = newId();
        String sentry = newId();
        String queued = newId();
        assertEquals(
                202,
                LookoutClient.send("[{\"id\": \"" + ancient + "\", \"type\": \"message\", \"message\": \"clock " + word
                                + "\", \"timestamp\": \"1970-01-01T00:00:00Z\"}, {\"id\": \"" + future
                                + "\", \"type\": \"message\", \"message\": \"clock "
                                + word + "\", \"timestamp\": \"9999-12-31T23:59:59Z\"}]")
                        .status());
        Reply store = LookoutClient.execute(HttpRequest.newBuilder(URI.create(LookoutClient.BASE + "/api/1/store/"))
                .header("X-Sentry-Auth", AUTH.substring(AUTH.indexOf(':') + 2))
                .POST(HttpRequest.BodyPublishers.ofString("{\"event_id\": \"" + sentry + "\", \"message\": \"clock "
                        + word + "\", \"timestamp\": 253402300799}")));
        assertEquals(200, store.status(), store.body());
        enqueue(new String[] {
            "{\"id\": \"" + queued + "\", \"type\": \"message\", \"message\": \"clock " + word
                    + "\", \"timestamp\": 0}",
            "1",
            LookoutClient.PROJECT_KEY,
            "text",
            newId(),
            "clock",
            ""
        });

        Map<String, String> sent = Map.of(
                ancient,
                "\"1970-01-01T00:00:00Z\"",
                future,
                "\"9999-12-31T23:59:59Z\"",
                sentry,
                "253402300799",
                queued,
                "0");
        long groupId = -1;
        for (Map.Entry<String, String> event : sent.entrySet()) {
            JsonObject stored = awaitEvent(event.getKey());
            Instant timestamp = Instant.parse(stored.getString("timestamp"));
            assertTrue(
                    !timestamp.isBefore(start.minusSeconds(5))
                            && !timestamp.isAfter(Instant.now().plusSeconds(5)),
                    event.getKey() + " is dated " + timestamp);
            assertEquals(
                    event.getValue(),
                    stored.getJsonObject("data").get("sentTimestamp").toString());
            groupId = stored.getJsonNumber("groupId").longValue();
        }
        JsonObject group = LookoutClient.group(groupId);
        assertTrue(Instant.parse(group.getString("firstSeen")).isAfter(start.minusSeconds(5)), group.toString());
        assertTrue(
                Instant.parse(group.getString("lastSeen"))
                        .isBefore(Instant.now().plusSeconds(5)),
                group.toString());
    }

    // ---------------------------------------------------------------------------------------------

    private void corpus(long group, List<Case> cases, List<String[]> jms) {
        String env = "{}\n{\"type\":\"event\",\"length\":%d}\n";
        for (String line : lines("json-syntax.txt")) {
            String[] parts = line.split("\\|", 2);
            String spec = parts[0].trim();
            boolean noJms = spec.contains("nojms");
            boolean noRead = spec.contains("noread");
            String contains = spec.replace("nojms", "").replace("noread", "").trim();
            byte[] payload = bytes(payloadOf(parts[1]), group);
            String name = "json-syntax " + preview(parts[1]);
            cases.add(new Case(
                    name + " (native)",
                    post("/api/1/events", "Authorization: Bearer {{key}}", payload, group),
                    Expect.parse("400 ~ " + contains)));
            cases.add(new Case(
                    name + " (store)",
                    post("/api/1/store/", "{{auth}}", payload, group),
                    Expect.parse("400 ~ " + contains)));
            byte[] envelope = concat(
                    String.format(env, payload.length).getBytes(StandardCharsets.UTF_8), payload, new byte[] {'\n'});
            cases.add(new Case(
                    name + " (envelope item)",
                    post("/api/1/envelope/", "{{auth}}", envelope, group),
                    Expect.parse("400 ~ " + contains)));
            if (!noRead) {
                cases.add(new Case(
                        name + " (PATCH group)",
                        request("PATCH", "/api/1/groups/" + group, "Authorization: Basic {{basic}}", payload, group),
                        Expect.parse("400 ~ " + contains)));
                cases.add(new Case(
                        name + " (POST view)",
                        request("POST", "/api/1/views", "Authorization: Basic {{basic}}", payload, group),
                        Expect.parse("400 ~ " + contains)));
                cases.add(new Case(
                        name + " (PUT settings)",
                        request("PUT", "/api/1/settings", "Authorization: Basic {{basic}}", payload, group),
                        Expect.parse("400 ~ " + contains)));
            }
            if (!noJms) {
                jms.add(new String[] {
                    new String(payload, StandardCharsets.UTF_8),
                    "1",
                    LookoutClient.PROJECT_KEY,
                    "text",
                    corpusCase(),
                    name,
                    contains
                });
            }
        }
        for (String line : lines("native-events.txt")) {
            String[] parts = line.split("\\|", 2);
            String[] spec = parts[0].split("~", 2);
            String field = spec[0].trim();
            String contains = spec.length > 1 ? spec[1].trim() : null;
            byte[] payload = bytes(payloadOf(parts[1]), group);
            String name = "native event " + preview(parts[1]);
            cases.add(new Case(
                    name,
                    post("/api/1/events", "Authorization: Bearer {{key}}", payload, group),
                    new Expect(Set.of(400), false, field, contains)));
            jms.add(new String[] {
                new String(payload, StandardCharsets.UTF_8),
                "1",
                LookoutClient.PROJECT_KEY,
                "text",
                corpusCase(),
                name,
                contains != null ? contains : field.equals("-") ? "" : field
            });
        }
        for (String line : lines("sentry.txt")) {
            String[] parts = line.split("\\|", 4);
            cases.add(new Case(
                    "sentry " + parts[1].trim() + " " + preview(parts[3]),
                    request("POST", parts[1].trim(), parts[2].trim(), bytes(payloadOf(parts[3]), group), group),
                    Expect.parse(parts[0])));
        }
        for (String line : lines("read-api.txt")) {
            String[] parts = line.split("\\|", 3);
            String[] target = parts[1].trim().split(" ", 2);
            byte[] body = parts.length > 2 ? bytes(payloadOf(parts[2]), group) : null;
            cases.add(new Case(
                    "read " + preview(parts[1]),
                    request(target[0], expand(target[1], group), "Authorization: Basic {{basic}}", body, group),
                    Expect.parse(parts[0])));
        }
        for (String line : lines("http.txt")) {
            String[] parts = line.split("\\|", 2);
            cases.add(new Case("http " + preview(parts[1]), raw(parts[1].strip(), group), Expect.parse(parts[0])));
        }
        generated(group, cases);

        // messages that are not events of a project
        String event = "{\"type\": \"message\", \"message\": \"corpus " + uniqueWord() + "\"}";
        jms.add(new String[] {
            event, "1", "0000000000000000000000000000dead", "text", corpusCase(), "JMS wrong key", "public key"
        });
        jms.add(new String[] {event, "1", null, "text", corpusCase(), "JMS no key", "public key"});
        jms.add(new String[] {event, "1", "", "text", corpusCase(), "JMS empty key", "public key"});
        jms.add(new String[] {
            event, null, LookoutClient.PROJECT_KEY, "text", corpusCase(), "JMS no project", "no project"
        });
        jms.add(new String[] {
            event, "abc", LookoutClient.PROJECT_KEY, "text", corpusCase(), "JMS project abc", "no project"
        });
        jms.add(new String[] {
            event, "4711", LookoutClient.PROJECT_KEY, "text", corpusCase(), "JMS unknown project", "no project"
        });
        jms.add(new String[] {
            event, "1;drop", LookoutClient.PROJECT_KEY, "text", corpusCase(), "JMS project 1;drop", "no project"
        });
        jms.add(new String[] {
            event, "1", LookoutClient.PROJECT_KEY, "bytes", corpusCase(), "JMS BytesMessage", "TextMessage"
        });
        jms.add(new String[] {
            "{\"type\": \"message\", \"message\": \"m\"} trailing",
            "1",
            LookoutClient.PROJECT_KEY,
            "text",
            corpusCase(),
            "JMS trailing content",
            "trailing content"
        });
    }

    /** Cases built in code: compression bombs, bodies over the limits. */
    private void generated(long group, List<Case> cases) {
        try {
            // 200 MB of zeros in about 200 KB: refused when the inflated bytes pass the limit, not after inflating it
            // all
            byte[] zeros = new byte[1 << 20];
            ByteArrayOutputStream gzip = new ByteArrayOutputStream();
            ByteArrayOutputStream deflate = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(gzip);
                    DeflaterOutputStream d =
                            new DeflaterOutputStream(deflate, new Deflater(Deflater.BEST_COMPRESSION))) {
                for (int i = 0; i < 200; i++) {
                    g.write(zeros);
                    d.write(zeros);
                }
            }
            cases.add(new Case(
                    "gzip bomb (native)",
                    post(
                            "/api/1/events",
                            "Authorization: Bearer {{key}}\nContent-Encoding: gzip",
                            gzip.toByteArray(),
                            group),
                    Expect.parse("413 ~ the inflated body is larger than")));
            cases.add(new Case(
                    "deflate bomb (native)",
                    post(
                            "/api/1/events",
                            "Authorization: Bearer {{key}}\nContent-Encoding: deflate",
                            deflate.toByteArray(),
                            group),
                    Expect.parse("413 ~ the inflated body is larger than")));
            cases.add(new Case(
                    "gzip bomb (store)",
                    post("/api/1/store/", "{{auth}}\nContent-Encoding: gzip", gzip.toByteArray(), group),
                    Expect.parse("413 ~ the inflated body is larger than")));
            ByteArrayOutputStream envelopeBomb = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(envelopeBomb)) {
                g.write("{}\n{\"type\":\"attachment\",\"length\":209715200}\n".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < 200; i++) {
                    g.write(zeros);
                }
            }
            cases.add(new Case(
                    "gzip bomb (envelope)",
                    post("/api/1/envelope/", "{{auth}}\nContent-Encoding: gzip", envelopeBomb.toByteArray(), group),
                    Expect.parse("413 ~ the inflated body is larger than")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String big = "{\"type\": \"message\", \"message\": \"corpus\", \"data\": {\"message\": \"m\", \"x\": \""
                + "a".repeat(1 << 20) + "\"}}";
        byte[] bigBytes = big.getBytes(StandardCharsets.UTF_8);
        cases.add(new Case(
                "body over 1 MiB (native)",
                post("/api/1/events", "Authorization: Bearer {{key}}", bigBytes, group),
                Expect.parse("413 ~ larger than")));
        cases.add(new Case(
                "body over 1 MiB (store)",
                post("/api/1/store/", "{{auth}}", bigBytes, group),
                Expect.parse("413 ~ larger than")));
        byte[] item = concat(
                ("{}\n{\"type\":\"event\",\"length\":" + bigBytes.length + "}\n").getBytes(StandardCharsets.UTF_8),
                bigBytes);
        cases.add(new Case(
                "event item over 1 MiB (envelope)",
                post("/api/1/envelope/", "{{auth}}", item, group),
                Expect.parse("413 ~ larger than")));
        byte[] line = concat("{}\n{\"type\":\"event\"}\n".getBytes(StandardCharsets.UTF_8), bigBytes);
        cases.add(new Case(
                "event item without length over 1 MiB (envelope)",
                post("/api/1/envelope/", "{{auth}}", line, group),
                Expect.parse("413 ~ larger than")));
        cases.add(
                new Case("read without a user", request("GET", "/api/1/events", "", null, group), Expect.parse("401")));
        cases.add(new Case(
                "read with a wrong password",
                request(
                        "GET",
                        "/api/1/events",
                        "Authorization: Basic "
                                + Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8)),
                        null,
                        group),
                Expect.parse("401")));
        cases.add(new Case(
                "read with a bearer project key",
                request("GET", "/api/1/events", "Authorization: Bearer {{key}}", null, group),
                Expect.parse("401")));
    }

    // --- building requests -----------------------------------------------------------------------

    private static byte[] post(String path, String headers, byte[] body, long group) {
        return request("POST", path, headers, body, group);
    }

    /** {@code headers}: lines separated by a newline (or the escape {@code \n}), macros allowed. */
    private static byte[] request(String method, String path, String headers, byte[] body, long group) {
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:")
                .append(8080 + LookoutClient.PORT_OFFSET)
                .append("\r\nConnection: close\r\n");
        for (String header : expand(headers, group).replace("\\n", "\n").split("\n")) {
            if (!header.isBlank()) {
                head.append(header.strip()).append("\r\n");
            }
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return concat(head.toString().getBytes(StandardCharsets.UTF_8), body == null ? new byte[0] : body);
    }

    /** A request written out in full; {@code {{length}}} becomes the length of the body. */
    private static byte[] raw(String text, long group) {
        byte[] bytes = bytes(text, group);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = latin.indexOf("\r\n\r\n");
        int bodyLength = end < 0 ? 0 : bytes.length - end - 4;
        return latin.replace("{{length}}", Integer.toString(bodyLength)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The payload column: one leading space (after the '|') is not part of it. */
    private static String payloadOf(String column) {
        return column.startsWith(" ") ? column.substring(1) : column;
    }

    /** Macros expanded, then the escapes \r \n \t \\ \xNN turned into bytes (other text as UTF-8). */
    private static byte[] bytes(String text, long group) {
        String expanded = expand(text, group);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < expanded.length(); i++) {
            char c = expanded.charAt(i);
            if (c == '\\' && i + 1 < expanded.length()) {
                char next = expanded.charAt(i + 1);
                switch (next) {
                    case 'r' -> {
                        out.write('\r');
                        i++;
                        continue;
                    }
                    case 'n' -> {
                        out.write('\n');
                        i++;
                        continue;
                    }
                    case 't' -> {
                        out.write('\t');
                        i++;
                        continue;
                    }
                    case '\\' -> {
                        out.write('\\');
                        i++;
                        continue;
                    }
                    case 'x' -> {
                        out.write(Integer.parseInt(expanded.substring(i + 2, i + 4), 16));
                        i += 3;
                        continue;
                    }
                    default -> {
                        // not an escape of the corpus: the backslash stays (JSON escapes such as \u0000, \q)
                    }
                }
            }
            out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String expand(String text, long group) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        Matcher m = MACRO.matcher(text);
        while (m.find(from)) {
            out.append(text, from, m.start());
            int close;
            if (m.group(2) != null) {
                // the repeated text may itself hold braces: it ends at the first "}}" after its first character
                close = text.indexOf("}}", m.end() + 1);
                out.append(text.substring(m.end(), close).repeat(Integer.parseInt(m.group(2))));
            } else {
                close = text.indexOf("}}", m.end());
                out.append(macro(m, group));
            }
            from = close + 2;
        }
        return out.append(text.substring(from)).toString();
    }

    private static String macro(Matcher m, long group) {
        if (m.group(3) != null) {
            StringBuilder tags = new StringBuilder("{");
            for (int i = 0; i < Integer.parseInt(m.group(3)); i++) {
                tags.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":\"v\"");
            }
            return tags.append('}').toString();
        }
        if (m.group(4) != null) {
            StringBuilder events = new StringBuilder("[");
            for (int i = 0; i < Integer.parseInt(m.group(4)); i++) {
                events.append(i == 0 ? "" : ",").append("{\"type\":\"message\",\"message\":\"corpus\"}");
            }
            return events.append(']').toString();
        }
        if (m.group(5) != null) {
            StringBuilder headers = new StringBuilder();
            for (int i = 0; i < Integer.parseInt(m.group(5)); i++) {
                headers.append("X-H").append(i).append(": v\\r\\n");
            }
            return headers.toString();
        }
        return switch (m.group(1)) {
            case "key" -> LookoutClient.PROJECT_KEY;
            case "basic" -> BASIC;
            case "auth" -> AUTH;
            case "H" -> "Host: 127.0.0.1:" + (8080 + LookoutClient.PORT_OFFSET) + "\\r\\nConnection: close\\r\\n";
            case "event" -> "{\"type\":\"message\",\"message\":\"corpus " + uniqueWord() + "\"}";
            case "group" -> Long.toString(group);
            default -> throw new IllegalArgumentException(m.group());
        };
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static List<String> lines(String file) {
        try (InputStream in = BadInputIT.class.getResourceAsStream("/bad-input/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no corpus file " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String preview(String text) {
        String line = text.strip();
        return line.length() > 90 ? line.substring(0, 90) + "…" : line;
    }

    // --- the server's state ----------------------------------------------------------------------

    /** Events and groups of the default project by type, and its newest event. */
    private static String totals() {
        Reply dashboard = LookoutClient.get("/api/1/dashboard");
        assertEquals(200, dashboard.status(), dashboard.body());
        Reply newest = LookoutClient.get("/api/1/events?limit=1");
        assertEquals(200, newest.status(), newest.body());
        JsonValue events = newest.json().get("events");
        String newestId = events.asJsonArray().isEmpty()
                ? "none"
                : events.asJsonArray().getJsonObject(0).getString("id");
        return "types " + dashboard.json().get("types") + ", newest event " + newestId;
    }

    /** The JMS property testCase of the corpus' messages: one prefix, so that their dead letters can be removed together. */
    private static String corpusCase() {
        return "bad-input-" + newId();
    }

    private void removeCorpusDeadLetters() {
        ModelNode op = new ModelNode();
        op.get("operation").set("remove-messages");
        op.get("address")
                .add("subsystem", "messaging-activemq")
                .add("server", "default")
                .add("jms-queue", "LookoutEventsDLQ");
        op.get("filter").set("testCase LIKE 'bad-input-%'");
        try {
            ModelNode result = management.getControllerClient().execute(op);
            assertEquals("success", result.get("outcome").asString(), result.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {body, project, key, kind, testCase, name, reason}: onto the event queue through the probe; its JMS message id. */
    private static String enqueue(String[] message) {
        StringBuilder query = new StringBuilder("kind=" + message[3] + "&testCase=" + message[4]);
        if (message[1] != null) {
            query.append("&project=").append(URLEncoder.encode(message[1], StandardCharsets.UTF_8));
        }
        if (message[2] != null) {
            query.append("&key=").append(URLEncoder.encode(message[2], StandardCharsets.UTF_8));
        }
        Reply reply = LookoutClient.execute(
                HttpRequest.newBuilder(URI.create(LookoutClient.BASE + "/queue-probe/send?" + query))
                        .POST(HttpRequest.BodyPublishers.ofString(message[0])));
        assertEquals(200, reply.status(), reply.body());
        return reply.body().strip();
    }
}
