package io.lookout.processing;

import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
     * @param project the project's slug, set as the tag {@code project}
     */
    public ProcessedResult process(RawEvent event, List<String> fingerprint, String project) {
        Processor processor = registry.forType(event.type())
                .orElseThrow(() -> new IllegalStateException("no processor for the type '" + event.type() + "'"));
        return combine(event, processor.process(event), fingerprint, project);
    }

    static ProcessedResult combine(RawEvent event, ProcessedEvent processed, List<String> fingerprint, String project) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("project", project);
        tags.put("type", event.type());
        processed.tags().forEach((key, value) -> {
            if (!"project".equals(key) && !"type".equals(key)) {
                tags.put(key, value);
            }
        });
        tags.putAll(event.tags());
        event.level().ifPresent(level -> tags.put("level", level));
        String checksum = Checksums.checksum(processed.checksumParts(), fingerprint);
        return new ProcessedResult(checksum, processed.message(), processed.culprit(), tags.get("level"), tags,
                processed.data() == null ? event.data() : processed.data());
    }
}
