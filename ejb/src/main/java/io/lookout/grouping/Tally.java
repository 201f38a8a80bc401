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

    /** A group's tally also keeps the summary of its latest event. */
    static final class OfGroup extends Tally {
        String message;
        String culprit;
        String level;
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
