package io.lookout.grouping;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order of a project's releases (docs/releases.md): when both versions parse as semantic
 * versions they compare as such (semver.org 2.0.0, precedence rules 11: a leading {@code v} and a
 * {@code package@} prefix as the Sentry SDKs send it are allowed, build metadata is ignored);
 * otherwise by the release's first event in the project ({@code project_release.first_seen}), a
 * release not seen yet counting as the newest. Versions that tie ({@code v1.2.0} and {@code app@1.2.0},
 * or two releases first seen at the same instant) are equal: neither is newer.
 */
public final class ReleaseOrder implements Comparator<String> {

    private static final Pattern SEMVER =
            Pattern.compile("(?:[^@\\s]+@)?[vV]?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?");

    private final Function<String, Optional<Instant>> firstSeen;

    /** @param firstSeen the first event of a release in the project, empty when it has none yet */
    public ReleaseOrder(Function<String, Optional<Instant>> firstSeen) {
        this.firstSeen = firstSeen;
    }

    /** A parsed semantic version. */
    record Semver(BigInteger major, BigInteger minor, BigInteger patch, List<String> preRelease)
            implements Comparable<Semver> {

        static Optional<Semver> parse(String version) {
            Matcher m = SEMVER.matcher(version.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new Semver(
                    new BigInteger(m.group(1)),
                    new BigInteger(m.group(2)),
                    new BigInteger(m.group(3)),
                    m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."))));
        }

        @Override
        public int compareTo(Semver other) {
            int c = major.compareTo(other.major);
            if (c == 0) {
                c = minor.compareTo(other.minor);
            }
            if (c == 0) {
                c = patch.compareTo(other.patch);
            }
            if (c != 0) {
                return c;
            }
            // a pre-release is older than its release
            if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
                return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
            }
            for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
                c = identifier(preRelease.get(i), other.preRelease.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(preRelease.size(), other.preRelease.size());
        }

        /** Numeric identifiers compare numerically and are older than alphanumeric ones, which compare in ASCII order. */
        private static int identifier(String a, String b) {
            boolean numericA = a.chars().allMatch(Character::isDigit);
            boolean numericB = b.chars().allMatch(Character::isDigit);
            if (numericA && numericB) {
                return new BigInteger(a).compareTo(new BigInteger(b));
            }
            if (numericA != numericB) {
                return numericA ? -1 : 1;
            }
            return a.compareTo(b);
        }
    }

    @Override
    public int compare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        Optional<Semver> semverA = Semver.parse(a);
        Optional<Semver> semverB = Semver.parse(b);
        if (semverA.isPresent() && semverB.isPresent()) {
            return semverA.get().compareTo(semverB.get());
        }
        return firstSeen
                .apply(a)
                .orElse(Instant.MAX)
                .compareTo(firstSeen.apply(b).orElse(Instant.MAX));
    }

    /** This order, then the names: a total order for lists. */
    public Comparator<String> thenByName() {
        return thenComparing(Comparator.naturalOrder());
    }

    /**
     * Whether {@code release} is newer than {@code than}; every release is newer than the empty name (what a
     * group resolved "in the next release" of a project without releases keeps).
     */
    public boolean newer(String release, String than) {
        return than.isEmpty() || compare(release, than) > 0;
    }
}
