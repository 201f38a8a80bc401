package io.lookout.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order of releases: "resolve in the next release" reopens a group only for a newer one. */
class ReleaseOrderTest {

    private static final Map<String, Instant> FIRST_SEEN = Map.of(
            "blue", Instant.parse("2026-01-01T00:00:00Z"),
            "green", Instant.parse("2026-02-01T00:00:00Z"),
            "1.0.0", Instant.parse("2026-03-01T00:00:00Z"),
            "abc123", Instant.parse("2025-12-01T00:00:00Z"));

    private final ReleaseOrder order = new ReleaseOrder(name -> Optional.ofNullable(FIRST_SEEN.get(name)));

    @Test
    void semanticVersionsCompareByNumbersNotText() {
        assertTrue(order.newer("1.10.0", "1.9.0"));
        assertTrue(order.newer("2.0.0", "1.99.99"));
        assertTrue(order.newer("1.2.10", "1.2.9"));
        assertFalse(order.newer("1.2.3", "1.2.3"));
        assertFalse(order.newer("1.2.2", "1.2.3"));
    }

    @Test
    void preReleasesFollowSemverPrecedence() {
        // semver.org 11.4: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2
        // < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0
        List<String> expected = List.of(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0");
        List<String> shuffled = new ArrayList<>(expected);
        java.util.Collections.reverse(shuffled);
        shuffled.sort(order.thenByName());
        assertEquals(expected, shuffled);
        assertFalse(order.newer("1.0.0+build.7", "1.0.0"), "build metadata does not count");
    }

    @Test
    void leadingVAndPackagePrefixAreUnderstood() {
        assertTrue(order.newer("v1.3.0", "1.2.9"));
        assertTrue(order.newer("shop@1.3.0", "v1.2.0"));
        assertTrue(order.newer("my-app@2.0.0-rc.1", "my-app@1.9.0"));
        assertEquals(0, order.compare("v1.2.0", "shop@1.2.0"));
        assertFalse(order.newer("shop@1.2.0", "1.2.0"));
    }

    @Test
    void otherReleasesCompareByTheirFirstEvent() {
        assertTrue(order.newer("green", "blue"));
        assertFalse(order.newer("blue", "green"));
        // one of the two is not a semantic version: first seen decides, whatever the names say
        assertTrue(order.newer("1.0.0", "green"));
        assertFalse(order.newer("abc123", "1.0.0"));
        assertFalse(order.newer("1.0.0", "1.0.0-not semver"), "a release not seen yet counts as the newest");
        assertTrue(order.newer("not-seen-yet", "green"));
    }
}
