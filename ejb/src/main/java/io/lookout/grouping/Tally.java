package io.lookout.grouping;

import java.time.OffsetDateTime;

/**
 * What a batch of events adds to one aggregate row: how many events, the first and the last time
 * seen, and the time spent. The store adds a tally to its row with one statement, so a row that
 * many events of a batch touch is written once.
 */
class Tally {

    long count;
    OffsetDateTime first;
    OffsetDateTime last;
    double timeSpentTotal;
    long timeSpentCount;
    double timeSpentMax;

    /** @return whether this event is the latest so far (its summary is the one the row keeps) */
    boolean add(OffsetDateTime seen, Double timeSpent) {
        count++;
        if (first == null || seen.isBefore(first)) {
            first = seen;
        }
        boolean latest = last == null || !seen.isBefore(last);
        if (latest) {
            last = seen;
        }
        if (timeSpent != null) {
            timeSpentTotal += timeSpent;
            timeSpentCount++;
            timeSpentMax = Math.max(timeSpentMax, timeSpent);
        }
        return latest;
    }

    /** The score of a new row (docs/architecture.md): {@code ln(times_seen) * 600 + last_seen} in epoch seconds. */
    double score() {
        return Math.log(count) * 600 + last.toEpochSecond() + last.getNano() / 1e9;
    }

    /**
     * A group's tally also keeps the summary of its latest event, and its releases: those of its earliest
     * and latest event that has one ({@code event_group.first_release}, {@code last_release}) and all of
     * them (whether the batch reopens a group resolved in a release).
     */
    static final class OfGroup extends Tally {
        String message;
        String culprit;
        String level;
        String firstRelease;
        OffsetDateTime firstReleaseAt;
        String lastRelease;
        OffsetDateTime lastReleaseAt;
        final java.util.Set<String> releases = new java.util.TreeSet<>();
        /** The group was resolved in a release and none of the batch's events is of a newer one. */
        boolean keepsResolved;

        /** Counts the event's release (null: it has none). */
        void release(OffsetDateTime seen, String release) {
            if (release == null) {
                return;
            }
            releases.add(release);
            if (firstReleaseAt == null || seen.isBefore(firstReleaseAt)) {
                firstReleaseAt = seen;
                firstRelease = release;
            }
            if (lastReleaseAt == null || !seen.isBefore(lastReleaseAt)) {
                lastReleaseAt = seen;
                lastRelease = release;
            }
        }

        /** The users the batch's events added to the group: its new rows of group_tag_value with key {@code user}. */
        long users;

        /** The words it is found by ({@link SearchText}), of its latest event. */
        String searchWords;

        /** Both tallies as one (the summary of the later): a merge alias's tally joins its target's. */
        static OfGroup plus(OfGroup a, OfGroup b) {
            OfGroup sum = new OfGroup();
            OfGroup later = b.last.isBefore(a.last) ? a : b;
            sum.count = a.count + b.count;
            sum.first = a.first.isBefore(b.first) ? a.first : b.first;
            sum.last = later.last;
            sum.timeSpentTotal = a.timeSpentTotal + b.timeSpentTotal;
            sum.timeSpentCount = a.timeSpentCount + b.timeSpentCount;
            sum.timeSpentMax = Math.max(a.timeSpentMax, b.timeSpentMax);
            sum.message = later.message;
            sum.culprit = later.culprit;
            sum.level = later.level;
            for (OfGroup t : java.util.List.of(a, b)) {
                if (t.firstRelease != null) {
                    sum.release(t.firstReleaseAt, t.firstRelease);
                    sum.release(t.lastReleaseAt, t.lastRelease);
                }
                sum.releases.addAll(t.releases);
            }

            sum.searchWords = later.searchWords;
            return sum;
        }

        void add(OffsetDateTime seen, Double timeSpent, String message, String culprit, String level) {
            add(seen, timeSpent, message, culprit, level, SearchText.of(message, culprit, null));
        }

        void add(
                OffsetDateTime seen,
                Double timeSpent,
                String message,
                String culprit,
                String level,
                String searchWords) {
            if (add(seen, timeSpent)) {
                this.message = message;
                this.culprit = culprit;
                this.level = level;
                this.searchWords = searchWords;
            }
        }
    }

    /** A release's tally also counts the groups whose first release it is. */
    static final class OfRelease extends Tally {
        long newGroups;
    }

    /** A view group's tally also keeps the values of the view's keys that make the row. */
    static final class OfViewGroup extends Tally {
        final java.util.List<String> values;
        final String keyValues;

        OfViewGroup(java.util.List<String> values, String keyValues) {
            this.values = values;
            this.keyValues = keyValues;
        }
    }

    /** A group's tag-value tally also keeps the tag's key (group distributions read it). */
    static final class OfGroupTag extends Tally {
        final String key;

        OfGroupTag(String key) {
            this.key = key;
        }
    }
}
