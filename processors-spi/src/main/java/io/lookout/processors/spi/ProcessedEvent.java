package io.lookout.processors.spi;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a processor computed for one event. Built with {@link #builder()}.
 *
 * <p>Lookout hashes the {@linkplain #checksumParts() checksum parts} into the group checksum; a
 * sender's {@code fingerprint} may replace or extend them ({@code "{{ default }}"} stands for
 * these parts). The {@linkplain #message() message} and {@linkplain #culprit() culprit} are the
 * summary shown in lists. {@linkplain #tags() Derived tags} are added to the event's tags; a
 * tag the sender set explicitly wins over a derived one. {@linkplain #data() Normalised data},
 * when a processor gives it, is stored instead of the sender's data (for example with a stack
 * trace cut to a bounded number of frames, or the normalised SQL added).
 *
 * <p>A processor may also describe how it chose the checksum parts ({@linkplain #groupedBy() grouped
 * by}): each part it used, with a label, and the parts it left out, with the reason. The description
 * is optional: for a processor that gives none, Lookout describes the checksum parts as they are
 * ({@code "part 1"}, {@code "part 2"}, ...).
 */
public final class ProcessedEvent {

    private final List<String> checksumParts;
    private final String message;
    private final String culprit;
    private final Map<String, String> tags;
    private final JsonObject data;
    private final List<GroupingPart> groupedBy;

    private ProcessedEvent(Builder builder) {
        if (builder.checksumParts.isEmpty()) {
            throw new IllegalStateException("a processed event needs at least one checksum part");
        }
        this.checksumParts = List.copyOf(builder.checksumParts);
        this.message = Objects.requireNonNull(builder.message, "message");
        this.culprit = builder.culprit;
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(builder.tags));
        this.data = builder.data;
        this.groupedBy = List.copyOf(builder.groupedBy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The values that identify the group, in order; never empty. */
    public List<String> checksumParts() {
        return checksumParts;
    }

    /** The one-line summary. */
    public String message() {
        return message;
    }

    /** Where it happened (a function, a URL, a statement), or {@code null}. */
    public String culprit() {
        return culprit;
    }

    /** Derived tags; values may be null. */
    public Map<String, String> tags() {
        return tags;
    }

    /** The data to store instead of the sender's, or {@code null} to store the sender's as sent. */
    public JsonObject data() {
        return data;
    }

    /**
     * How the checksum parts were chosen, in the order the processor described them: the parts used
     * and those left out with their reason. Empty when the processor gave no description.
     */
    public List<GroupingPart> groupedBy() {
        return groupedBy;
    }

    /** Builds a {@link ProcessedEvent}. */
    public static final class Builder {
        private final List<String> checksumParts = new ArrayList<>();
        private String message;
        private String culprit;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private JsonObject data;
        private final List<GroupingPart> groupedBy = new ArrayList<>();

        private Builder() {}

        /** Appends parts of the grouping checksum. */
        public Builder checksumParts(String... parts) {
            for (String part : parts) {
                checksumParts.add(Objects.requireNonNull(part, "checksum part"));
            }
            return this;
        }

        /** Appends parts of the grouping checksum. */
        public Builder checksumParts(List<String> parts) {
            return checksumParts(parts.toArray(String[]::new));
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder culprit(String culprit) {
            this.culprit = culprit;
            return this;
        }

        /** Adds a derived tag. */
        public Builder tag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "tag key"), value);
            return this;
        }

        /** Stores this instead of the sender's data. */
        public Builder data(JsonObject data) {
            this.data = data;
            return this;
        }

        /**
         * Describes a part used for the checksum, for example {@code groupedBy("type",
         * "java.lang.IllegalStateException")}. Only describes: the checksum is made of the
         * {@linkplain #checksumParts(String...) checksum parts} alone.
         */
        public Builder groupedBy(String label, String value) {
            groupedBy.add(GroupingPart.used(label, value));
            return this;
        }

        /**
         * Describes a part deliberately left out of the checksum, for example {@code leftOut("frame",
         * "org.hibernate.Session.flush", "not in-app")}.
         */
        public Builder leftOut(String label, String value, String reason) {
            groupedBy.add(GroupingPart.leftOut(label, value, reason));
            return this;
        }

        /** Adds a described part, used or left out. */
        public Builder groupedBy(GroupingPart part) {
            groupedBy.add(Objects.requireNonNull(part, "grouping part"));
            return this;
        }

        public ProcessedEvent build() {
            return new ProcessedEvent(this);
        }
    }
}
