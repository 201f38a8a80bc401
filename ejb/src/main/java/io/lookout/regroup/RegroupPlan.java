package io.lookout.regroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one batch of a regroup job does, decided before anything is written: of the events it read
 * (in id order), those whose checksum under the project's current rules differs from the stored one,
 * by the group they go to (type and new checksum, in key order: groups are found or created, and
 * their rows locked, in the order ingestion uses). Pure: no database, no container.
 */
public final class RegroupPlan {

    /** An event as the batch read it, and how it is grouped now; {@code now} null when it could not be reprocessed. */
    public record Examined(long eventRowId, String type, String storedChecksum, long groupId, Regrouped now) {}

    /** How an event is grouped under the current rules: its checksum, why (stored JSON), and its summary. */
    public record Regrouped(String checksum, String groupedBy, String message, String culprit, String level) {}

    /** The group events go to: a type and a checksum (groups never mix types). */
    public record Target(String type, String checksum) implements Comparable<Target> {
        @Override
        public int compareTo(Target other) {
            int byType = type.compareTo(other.type);
            return byType != 0 ? byType : checksum.compareTo(other.checksum);
        }
    }

    private final long examined;
    private final long skipped;
    private final long position;
    private final SortedMap<Target, List<Examined>> changes;

    private RegroupPlan(long examined, long skipped, long position, SortedMap<Target, List<Examined>> changes) {
        this.examined = examined;
        this.skipped = skipped;
        this.position = position;
        this.changes = changes;
    }

    /**
     * The plan for events read in id order after {@code position}.
     *
     * @param position the job's position before the batch: the plan's position when nothing was read
     */
    public static RegroupPlan of(long position, List<Examined> events) {
        SortedMap<Target, List<Examined>> changes = new TreeMap<>();
        long skipped = 0;
        long last = position;
        for (Examined event : events) {
            if (event.eventRowId() <= last) {
                throw new IllegalArgumentException(
                        "events must come in id order after the position: " + event.eventRowId() + " after " + last);
            }
            last = event.eventRowId();
            if (event.now() == null) {
                skipped++;
            } else if (!event.now().checksum().equals(event.storedChecksum())) {
                changes.computeIfAbsent(new Target(event.type(), event.now().checksum()), t -> new ArrayList<>())
                        .add(event);
            }
        }
        changes.replaceAll((target, list) -> Collections.unmodifiableList(list));
        return new RegroupPlan(events.size(), skipped, last, Collections.unmodifiableSortedMap(changes));
    }

    /** Events read (reprocessed or skipped). */
    public long examined() {
        return examined;
    }

    /** Events left where they are: their processor is gone or refuses them now. */
    public long skipped() {
        return skipped;
    }

    /** The job's position after the batch: the last event read. */
    public long position() {
        return position;
    }

    /** The events whose checksum changed, by the group they belong to now, in key order. */
    public SortedMap<Target, List<Examined>> changes() {
        return changes;
    }

    /** Events whose checksum changed. */
    public long changed() {
        return changes.values().stream().mapToLong(List::size).sum();
    }
}
