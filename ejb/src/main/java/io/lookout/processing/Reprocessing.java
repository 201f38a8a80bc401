package io.lookout.processing;

import io.lookout.JsonFactories;
import io.lookout.event.IncomingEvent;
import io.lookout.processing.rules.GroupingRules;
import io.lookout.processors.spi.GroupingPart;
import io.lookout.project.ProjectSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Processing a stored event again (a rules preview, a regroup): the event rebuilt from its row, then
 * processed as at ingest, under the project's rules or others.
 *
 * <p>Invariant (ReprocessingTest): an event processed, stored as {@code EventStore} stores it,
 * rebuilt here and processed again under the same rules gets the same checksum. What makes it hold:
 * the row keeps the data the processor answered (which it accepts again unchanged), the final tags
 * and level (which the processors derive again the same), the summary (which rules see, cut as
 * stored) and the sender's fingerprint ({@code event.fingerprint}, V16). Events stored before V16
 * have no fingerprint column: theirs is {@linkplain #recoveredFingerprint(String) recovered} from
 * {@code grouped_by} (V15); events stored before V15 have neither and are processed without one.
 */
@ApplicationScoped
public class Reprocessing {

    @Inject
    private Processing processing;

    protected Reprocessing() {}

    /** Outside a container (tests): processes with {@code processing}. */
    public Reprocessing(Processing processing) {
        this.processing = processing;
    }

    /**
     * The event as the consumer saw it, from the columns of its {@code event} row.
     *
     * @param tags the {@code tags} column (a JSON object; null values allowed)
     * @param data the {@code data} column (a JSON object)
     * @param fingerprint the {@code fingerprint} column (a JSON array), or {@code null}
     * @param groupedBy the {@code grouped_by} column, or {@code null}: read for the fingerprint of an
     *     event stored before the fingerprint column
     */
    public static IncomingEvent incoming(
            String eventId,
            String type,
            Instant occurredAt,
            String message,
            String level,
            String tags,
            String data,
            Double timeSpent,
            String correlationId,
            String fingerprint,
            String groupedBy) {
        return new IncomingEvent(
                eventId,
                type,
                occurredAt,
                message,
                level,
                tags(tags),
                object(data),
                timeSpent,
                correlationId,
                fingerprint != null ? fingerprint(fingerprint) : recoveredFingerprint(groupedBy));
    }

    /** The event processed under its project's current rules. */
    public ProcessedResult process(IncomingEvent event, ProjectSnapshot project) {
        return process(event, project, project.groupingRules());
    }

    /** The event processed under {@code rules} (a candidate, for a preview). */
    public ProcessedResult process(IncomingEvent event, ProjectSnapshot project, GroupingRules rules) {
        return processing.process(event, event.fingerprint(), project, rules);
    }

    /**
     * The sender's fingerprint as a stored grouping description shows it: the parts labelled
     * {@code fingerprint}, with {@code {{ default }}} for each run of the processor's own parts (a
     * run holding a used part; parts a fingerprint replaced are left out, not used);
     * {@code null} when the description has no fingerprint part (or was written under a fingerprint
     * rule, which the {@code fingerprint} column covers). Values longer than the description keeps
     * (500 characters) are not recovered exactly.
     */
    public static List<String> recoveredFingerprint(String groupedBy) {
        List<GroupingPart> parts = GroupedBy.parse(groupedBy);
        if (parts == null
                || parts.stream().anyMatch(part -> part.label().equals(GroupedBy.RULE))
                || parts.stream().noneMatch(part -> part.used() && part.label().equals(GroupedBy.FINGERPRINT))) {
            return null;
        }
        List<String> fingerprint = new ArrayList<>();
        boolean inDefault = false;
        for (GroupingPart part : parts) {
            if (part.used() && part.label().equals(GroupedBy.FINGERPRINT)) {
                fingerprint.add(part.value());
                inDefault = false;
            } else if (part.used() && !inDefault) {
                fingerprint.add(Checksums.DEFAULT_PLACEHOLDER);
                inDefault = true;
            }
        }
        return List.copyOf(fingerprint);
    }

    private static Map<String, String> tags(String json) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (json != null) {
            object(json).forEach((key, value) -> tags.put(key, value instanceof JsonString s ? s.getString() : null));
        }
        return Collections.unmodifiableMap(tags);
    }

    private static List<String> fingerprint(String json) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(json))) {
            JsonArray array = reader.readArray();
            List<String> parts = new ArrayList<>(array.size());
            for (JsonValue value : array) {
                parts.add(value instanceof JsonString s ? s.getString() : value.toString());
            }
            return List.copyOf(parts);
        }
    }

    private static JsonObject object(String json) {
        if (json == null || json.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (var reader = JsonFactories.READERS.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
