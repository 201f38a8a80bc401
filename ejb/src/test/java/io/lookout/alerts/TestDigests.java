package io.lookout.alerts;

import io.lookout.grouping.GroupStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Digests for the channel tests, with hostile text where events bring text. */
final class TestDigests {

    static final String PUBLIC_URL = "http://lookout.test:8080";
    static final OffsetDateTime FIRST = OffsetDateTime.of(2026, 5, 4, 12, 0, 0, 0, ZoneOffset.ofHours(2));
    static final OffsetDateTime LAST = OffsetDateTime.of(2026, 5, 4, 10, 30, 15, 0, ZoneOffset.UTC);

    private TestDigests() {}

    static Digest.Item item(long n, String trigger, Digest.Threshold detail, String message) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("environment", "production");
        tags.put("release", null);
        tags.put("user<script>", "<script>alert('tag')</script>");
        Digest.Group group = new Digest.Group(
                100 + n,
                "error",
                message,
                "app.Checkout in pay",
                "error",
                GroupStatus.UNRESOLVED,
                42 + n,
                FIRST,
                LAST,
                PUBLIC_URL + "/group.xhtml?project=7&id=" + (100 + n));
        return new Digest.Item(
                1000 + n, trigger, detail, group, new Digest.Event("ev-" + n, tags), LAST.plusMinutes(1));
    }

    static Digest one() {
        return new Digest(
                555,
                Digest.Kind.NOTIFICATIONS,
                rule(),
                project(),
                List.of(item(1, "new-group", null, "NullPointerException: <script>alert(1)</script> & more")),
                0,
                PUBLIC_URL);
    }

    static Digest many(int n) {
        List<Digest.Item> items = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            items.add(
                    i % 2 == 0
                            ? item(i, "frequency", new Digest.Threshold(120, 5), "Timeout " + i)
                            : item(i, "regression", null, "Broken " + i));
        }
        return new Digest(556, Digest.Kind.NOTIFICATIONS, rule(), project(), items, 0, PUBLIC_URL);
    }

    static Digest test() {
        return new Digest(
                557, Digest.Kind.TEST, rule(), project(), List.of(item(1, "test", null, "Test event")), 0, PUBLIC_URL);
    }

    static Digest suppressed() {
        return new Digest(558, Digest.Kind.SUPPRESSED, rule(), project(), List.of(), 17, PUBLIC_URL);
    }

    static Digest.Rule rule() {
        return new Digest.Rule(3, "Checkout errors", "new-group");
    }

    static Digest.Project project() {
        return new Digest.Project(7, "shop", "Shop");
    }
}
