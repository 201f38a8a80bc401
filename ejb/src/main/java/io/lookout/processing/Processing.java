package io.lookout.processing;

import io.lookout.event.Limits;
import io.lookout.processing.rules.Applied;
import io.lookout.processing.rules.EventFacts;
import io.lookout.processing.rules.GroupingRules;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import io.lookout.project.ProjectSnapshot;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/** Runs an event's processor and settles checksum, summary and tags. */
@ApplicationScoped
public class Processing {

    @Inject
    private ProcessorRegistry registry;

    private Function<String, Optional<Processor>> processors;

    protected Processing() {}

    /** Outside a container (tests, benchmarks): finds processors with {@code processors}. */
    public Processing(Function<String, Optional<Processor>> processors) {
        this.processors = processors;
    }

    @PostConstruct
    void init() {
        processors = registry::forType;
    }

    /**
     * @param event an event that passed validation
     * @param fingerprint the sender's grouping override, or {@code null}
     * @param project the event's project: its slug is the tag {@code project}, and its filterable
     *     data keys turn data fields into tags
     */
    public ProcessedResult process(RawEvent event, List<String> fingerprint, ProjectSnapshot project) {
        return process(event, fingerprint, project, project.groupingRules());
    }

    /**
     * As {@link #process(RawEvent, List, ProjectSnapshot)} under the given grouping rules instead of
     * the project's: their {@code +app}/{@code -app} marks on the data the processor sees, then the
     * processor, then their strips on the checksum's parts, then a rule's fingerprint.
     */
    public ProcessedResult process(
            RawEvent event, List<String> fingerprint, ProjectSnapshot project, GroupingRules rules) {
        Processor processor = processors
                .apply(event.type())
                .orElseThrow(() -> new IllegalStateException("no processor for the type '" + event.type() + "'"));
        JsonObject marked = rules.markFrames(event.type(), event.data());
        RawEvent seen = marked == event.data() ? event : new Marked(event, marked);
        return combine(
                event,
                processor.process(seen),
                fingerprint,
                project.slug(),
                project.filterableDataKeys(),
                rules,
                marked);
    }

    /** The event with its frames marked by rules. */
    private record Marked(RawEvent event, JsonObject data) implements RawEvent {
        @Override
        public String type() {
            return event.type();
        }

        @Override
        public Instant timestamp() {
            return event.timestamp();
        }

        @Override
        public Optional<String> message() {
            return event.message();
        }

        @Override
        public Optional<String> level() {
            return event.level();
        }

        @Override
        public Map<String, String> tags() {
            return event.tags();
        }

        @Override
        public OptionalDouble timeSpent() {
            return event.timeSpent();
        }
    }

    /** What the rules see of an event after its processor ran: its values as they will be stored. */
    private record Facts(String type, String message, String level, Map<String, String> tags, JsonObject data)
            implements EventFacts {
        @Override
        public String tag(String key) {
            return tags.get(key);
        }
    }

    static ProcessedResult combine(
            RawEvent event,
            ProcessedEvent processed,
            List<String> fingerprint,
            String project,
            List<String> filterableDataKeys) {
        return combine(event, processed, fingerprint, project, filterableDataKeys, GroupingRules.NONE, event.data());
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
            List<String> filterableDataKeys,
            GroupingRules rules,
            JsonObject marked) {
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
        List<String> parts = processed.checksumParts();
        List<String> used = fingerprint;
        Applied applied = null;
        if (!rules.isEmpty()) {
            Facts facts = new Facts(event.type(), summary(processed.message()), tags.get("level"), tags, marked);
            applied = rules.apply(facts);
            if (applied != null) {
                parts = applied.strip(parts);
                used = applied.fingerprint() != null
                        ? applied.fingerprint(facts, Checksums.DEFAULT_PLACEHOLDER)
                        : GroupedBy.stripFingerprint(applied, fingerprint);
            }
        }
        String checksum = Checksums.checksum(parts, used);
        return new ProcessedResult(
                checksum,
                processed.message(),
                processed.culprit(),
                tags.get("level"),
                tags,
                processed.data() == null ? event.data() : processed.data(),
                GroupedBy.json(
                        applied == null
                                ? GroupedBy.describe(processed, fingerprint)
                                : GroupedBy.describe(processed, fingerprint, applied, used)));
    }

    /**
     * The summary as the event store keeps it (cut with an ellipsis), so that rules see what they
     * will see when the stored event is processed again.
     */
    private static String summary(String message) {
        return message == null || message.length() <= Limits.MAX_SUMMARY_LENGTH
                ? message
                : message.substring(0, Limits.MAX_SUMMARY_LENGTH - 1) + "…";
    }

    private static String truncate(String value) {
        return value.length() <= Limits.MAX_TAG_VALUE_LENGTH ? value : value.substring(0, Limits.MAX_TAG_VALUE_LENGTH);
    }
}
