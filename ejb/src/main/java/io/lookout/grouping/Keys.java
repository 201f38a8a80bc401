package io.lookout.grouping;

import java.time.OffsetDateTime;
import java.util.Comparator;

/**
 * The natural keys of the aggregate rows a batch writes. They sort, and the store writes rows in
 * that order, so two consumers writing overlapping batches lock rows in the same order and never
 * deadlock on each other.
 */
final class Keys {

    private Keys() {}

    record Group(String type, String checksum) implements Comparable<Group> {
        private static final Comparator<Group> ORDER =
                Comparator.comparing(Group::type).thenComparing(Group::checksum);

        @Override
        public int compareTo(Group other) {
            return ORDER.compare(this, other);
        }
    }

    record Tag(String key, String value) implements Comparable<Tag> {
        private static final Comparator<Tag> ORDER =
                Comparator.comparing(Tag::key).thenComparing(Tag::value);

        @Override
        public int compareTo(Tag other) {
            return ORDER.compare(this, other);
        }
    }

    /** A row owned by another row and one hour: {@code group_hourly}, {@code view_group_hourly}. */
    record Hour(long owner, OffsetDateTime start) implements Comparable<Hour> {
        private static final Comparator<Hour> ORDER =
                Comparator.comparingLong(Hour::owner).thenComparing(Hour::start);

        @Override
        public int compareTo(Hour other) {
            return ORDER.compare(this, other);
        }
    }

    /** A group's count of one tag value. */
    record GroupTag(long groupId, long tagValueId) implements Comparable<GroupTag> {
        private static final Comparator<GroupTag> ORDER =
                Comparator.comparingLong(GroupTag::groupId).thenComparingLong(GroupTag::tagValueId);

        @Override
        public int compareTo(GroupTag other) {
            return ORDER.compare(this, other);
        }
    }

    record ViewGroup(long viewId, long groupId, String keyHash) implements Comparable<ViewGroup> {
        private static final Comparator<ViewGroup> ORDER = Comparator.comparingLong(ViewGroup::viewId)
                .thenComparingLong(ViewGroup::groupId)
                .thenComparing(ViewGroup::keyHash);

        @Override
        public int compareTo(ViewGroup other) {
            return ORDER.compare(this, other);
        }
    }
}
