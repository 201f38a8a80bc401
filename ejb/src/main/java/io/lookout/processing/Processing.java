package io.lookout.processing;

import io.lookout.event.Limits;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import io.lookout.project.ProjectSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs an event's processor and settles checksum, summary and tags. */
@ApplicationScoped
public class Processing {

    @Inject
    private ProcessorRegistry registry;

    /**
     * @param event an event that passed validation
     * @param fingerprint the sender's grouping override, or {@code null}
     * @param project the event's project: its slug is the tag {@code project}, and its filterable
     *     data keys turn data fields into tags
     */
    public ProcessedResult process(RawEvent event, List<String> fingerprint, ProjectSnapshot project) {
        Processor processor = registry.forType(event.type())
                .orElseThrow(() -> new IllegalStateException("no processor for the type '" + event.type() + "'"));
        return combine(event, processor.process(event), fingerprint, project.slug(), project.filterableDataKeys());
    }

    /**
     * Tags, from weakest to strongest: the processor's derived tags, filterable data fields, the
     * sender's tags; {@code project} and {@code type} always from the server.
     */
    static ProcessedResult combine(
            RawEvent event,
            ProcessedEvent processed,
            List<String> fingerprint,
            String project,
            List<String> filterableDataKeys) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("project", project);
        tags.put("type", event.type());
        tags.putAll(processed.tags());
        for (String key : filterableDataKeys) {
            JsonValue value = event.data().get(key);
            if (value != null) {
                switch (value.getValueType()) {
                    case STRING -> tags.put(key, truncate(((JsonString) value).getString()));
                    case NUMBER, TRUE, FALSE -> tags.put(key, truncate(value.toString()));
                    default -> {} // objects, arrays and null stay data only
                }
            }
        }
        tags.putAll(event.tags());
        event.level().ifPresent(level -> tags.put("level", level));
        tags.put("project", project); // the server's, whatever a processor or the data said
        tags.put("type", event.type());
        String checksum = Checksums.checksum(processed.checksumParts(), fingerprint);
        return new ProcessedResult(
                checksum,
                processed.message(),
                processed.culprit(),
                tags.get("level"),
                tags,
                processed.data() == null ? event.data() : processed.data(),
                GroupedBy.json(GroupedBy.describe(processed, fingerprint)));
    }

    private static String truncate(String value) {
        return value.length() <= Limits.MAX_TAG_VALUE_LENGTH ? value : value.substring(0, Limits.MAX_TAG_VALUE_LENGTH);
    }
}
