package io.lookout.processors.spi;

import java.util.Objects;

/**
 * One line of the description of how an event's group was chosen: a part the processor used for the
 * checksum, or one it left out on purpose, with the reason. Lookout stores the description with the
 * event and shows it on the event page ("Grouped by"); it never hashes it.
 *
 * @param label what the part is, for example {@code "type"}, {@code "frame"}, {@code "template"}
 * @param value the part as the checksum saw it (normalised), or as sent for a part left out
 * @param used {@code true} when the part went into the checksum
 * @param reason why a part was left out, for example {@code "not in-app"}; {@code null} for a used part
 */
public record GroupingPart(String label, String value, boolean used, String reason) {

    public GroupingPart {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
        if (used && reason != null) {
            throw new IllegalArgumentException("a used grouping part has no reason");
        }
        if (!used && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a grouping part left out needs a reason");
        }
    }

    /** A part that went into the checksum. */
    public static GroupingPart used(String label, String value) {
        return new GroupingPart(label, value, true, null);
    }

    /** A part that did not go into the checksum, and why. */
    public static GroupingPart leftOut(String label, String value, String reason) {
        return new GroupingPart(label, value, false, reason);
    }
}
