package io.lookout.processing;

import io.lookout.JsonFactories;
import io.lookout.JsonText;
import io.lookout.processing.rules.Applied;
import io.lookout.processing.rules.Rule;
import io.lookout.processors.spi.GroupingPart;
import io.lookout.processors.spi.ProcessedEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Why an event joined its group ("grouped by"): the processor's description of its checksum parts
 * (or, when it gave none, the parts as they are), with the sender's {@code fingerprint} applied, and
 * its compact, bounded JSON form as stored in {@code event.grouped_by}.
 */
public final class GroupedBy {

    /** The label of a part the sender's fingerprint added. */
    public static final String FINGERPRINT = "fingerprint";
    /** Why a processor's part is left out when a fingerprint without {@code {{ default }}} replaced it. */
    public static final String REPLACED = "replaced by the event's fingerprint";
    /** Characters of the stored JSON; the column holds 16384. */
    static final int MAX_JSON_LENGTH = 16000;

    static final int MAX_LABEL_LENGTH = 100;
    static final int MAX_VALUE_LENGTH = 500;
    static final int MAX_REASON_LENGTH = 200;
    /** Room kept for the part that counts what did not fit. */
    private static final int RESERVED = 200;

    private GroupedBy() {}

    /**
     * @param processed what the processor answered
     * @param fingerprint the sender's override, or {@code null}
     * @return the parts in checksum order: used ones, and left-out ones where they were left out
     */
    public static List<GroupingPart> describe(ProcessedEvent processed, List<String> fingerprint) {
        return describe(
                processed.groupedBy().isEmpty() ? asTheyAre(processed.checksumParts()) : processed.groupedBy(),
                fingerprint);
    }

    private static List<GroupingPart> describe(List<GroupingPart> own, List<String> fingerprint) {
        if (fingerprint == null || fingerprint.isEmpty()) {
            return own;
        }
        List<GroupingPart> parts = new ArrayList<>();
        if (fingerprint.stream().noneMatch(Checksums::isDefault)) {
            for (GroupingPart part : own) {
                parts.add(part.used() ? GroupingPart.leftOut(part.label(), part.value(), REPLACED) : part);
            }
            fingerprint.forEach(entry -> parts.add(GroupingPart.used(FINGERPRINT, entry)));
            return parts;
        }
        for (String entry : fingerprint) {
            if (Checksums.isDefault(entry)) {
                parts.addAll(own);
            } else {
                parts.add(GroupingPart.used(FINGERPRINT, entry));
            }
        }
        return parts;
    }

    /** The label of the part naming the fingerprint rule that chose the group. */
    public static final String RULE = "rule";
    /** The label of a text a strip rule took out of a part. */
    public static final String STRIPPED = "stripped";

    /**
     * The description under grouping rules: the processor's parts with what strip rules took out
     * (each removed text a part left out, "stripped by rule line N"), and a fingerprint rule's part
     * {@code {"label": "rule", "value": "line N: <rule>"}} followed by its parts.
     *
     * @param fingerprint the sender's fingerprint, or {@code null}
     * @param applied the rules that matched
     * @param used the fingerprint that made the checksum: the rule's, or the sender's stripped
     */
    public static List<GroupingPart> describe(
            ProcessedEvent processed, List<String> fingerprint, Applied applied, List<String> used) {
        List<GroupingPart> own =
                processed.groupedBy().isEmpty() ? asTheyAre(processed.checksumParts()) : processed.groupedBy();
        if (!applied.strips().isEmpty()) {
            List<GroupingPart> stripped = new ArrayList<>(own.size() + 2);
            for (GroupingPart part : own) {
                if (!part.used()) {
                    stripped.add(part);
                    continue;
                }
                List<GroupingPart> removed = new ArrayList<>(1);
                applied.stripped(
                        part.value(),
                        (text, rule) -> removed.add(
                                GroupingPart.leftOut(STRIPPED, text, "stripped by rule line " + rule.line())));
                stripped.add(removed.isEmpty() ? part : GroupingPart.used(part.label(), applied.strip(part.value())));
                stripped.addAll(removed);
            }
            own = stripped;
        }
        Rule rule = applied.fingerprint();
        if (rule == null) {
            return describe(own, used);
        }
        String why = "replaced by rule line " + rule.line();
        List<GroupingPart> parts = new ArrayList<>();
        parts.add(GroupingPart.used(RULE, rule.describe()));
        if (fingerprint != null) {
            for (String entry : fingerprint) {
                if (!Checksums.isDefault(entry)) {
                    parts.add(GroupingPart.leftOut(FINGERPRINT, entry, why));
                }
            }
        }
        if (used.stream().noneMatch(Checksums::isDefault)) {
            for (GroupingPart part : own) {
                parts.add(part.used() ? GroupingPart.leftOut(part.label(), part.value(), why) : part);
            }
            used.forEach(entry -> parts.add(GroupingPart.used(FINGERPRINT, entry)));
            return parts;
        }
        for (String entry : used) {
            if (Checksums.isDefault(entry)) {
                parts.addAll(own);
            } else {
                parts.add(GroupingPart.used(FINGERPRINT, entry));
            }
        }
        return parts;
    }

    /** The sender's fingerprint with the strip rules applied to its own parts ({@code {{ default }}} kept). */
    static List<String> stripFingerprint(Applied applied, List<String> fingerprint) {
        if (fingerprint == null || applied.strips().isEmpty()) {
            return fingerprint;
        }
        List<String> stripped = new ArrayList<>(fingerprint.size());
        for (String entry : fingerprint) {
            stripped.add(Checksums.isDefault(entry) ? entry : applied.strip(entry));
        }
        return stripped;
    }

    /** A processor's checksum parts described as they are: "part 1", "part 2", ... */
    static List<GroupingPart> asTheyAre(List<String> checksumParts) {
        List<GroupingPart> parts = new ArrayList<>(checksumParts.size());
        for (int i = 0; i < checksumParts.size(); i++) {
            parts.add(GroupingPart.used("part " + (i + 1), checksumParts.get(i)));
        }
        return parts;
    }

    /**
     * The stored form: a JSON array of {@code {"label", "value", "used", "reason"}} (no reason for a
     * used part), at most {@value #MAX_JSON_LENGTH} characters. Long texts are cut; parts that do not
     * fit are counted in a last part {@code {"label": "more parts", "value": "12", ...}}.
     */
    public static String json(List<GroupingPart> parts) {
        StringBuilder out = new StringBuilder(Math.min(MAX_JSON_LENGTH, 64 + 96 * parts.size()));
        out.append('[');
        int written = 0;
        for (GroupingPart part : parts) {
            String object = object(part);
            if (out.length() + object.length() + 2 > MAX_JSON_LENGTH - RESERVED) {
                break;
            }
            if (written > 0) {
                out.append(',');
            }
            out.append(object);
            written++;
        }
        if (written < parts.size()) {
            if (written > 0) {
                out.append(',');
            }
            out.append(object(GroupingPart.leftOut(
                    "more parts",
                    Integer.toString(parts.size() - written),
                    "not stored: a description is kept to " + MAX_JSON_LENGTH + " characters")));
        }
        return out.append(']').toString();
    }

    /** The stored form read back; {@code null} for an event stored without one. */
    public static List<GroupingPart> parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        List<GroupingPart> parts = new ArrayList<>();
        try (var reader = JsonFactories.READERS.createReader(new StringReader(json))) {
            for (JsonValue item : reader.readArray()) {
                if (item instanceof JsonObject object
                        && object.get("label") instanceof JsonString label
                        && object.get("value") instanceof JsonString value) {
                    String reason = object.get("reason") instanceof JsonString text ? text.getString() : null;
                    boolean used = object.get("used") == JsonValue.TRUE;
                    parts.add(
                            used
                                    ? GroupingPart.used(label.getString(), value.getString())
                                    : GroupingPart.leftOut(
                                            label.getString(), value.getString(), reason == null ? "?" : reason));
                }
            }
        }
        return parts;
    }

    private static String object(GroupingPart part) {
        StringBuilder object = new StringBuilder(96).append("{\"label\":");
        JsonText.string(object, cut(part.label(), MAX_LABEL_LENGTH));
        object.append(",\"value\":");
        JsonText.string(object, cut(part.value(), MAX_VALUE_LENGTH));
        object.append(",\"used\":").append(part.used());
        if (part.reason() != null) {
            object.append(",\"reason\":");
            JsonText.string(object, cut(part.reason(), MAX_REASON_LENGTH));
        }
        return object.append('}').toString();
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }
}
