package io.lookout.scrubbing;

import io.lookout.event.IncomingEvent;
import io.lookout.event.IngestException;
import io.lookout.event.Limits;
import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.Processor;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Scrubs accepted events with a project's rules: the summary, the tags (by key, then the patterns),
 * the data tree, the fingerprint and the correlation id. Both the edge (before the queue) and the
 * consumer (before processing, so checksums see scrubbed values) call it. An event whose scrubbed
 * form no longer satisfies the limits or its processor is refused here, where the sender still
 * hears about it, rather than dead-lettered later.
 */
public final class EventScrubbing {

    /** The events after scrubbing and how many values of each were replaced. */
    public record Scrubbed(List<IncomingEvent> events, int[] counts) {

        public int total() {
            int total = 0;
            for (int count : counts) {
                total += count;
            }
            return total;
        }
    }

    private EventScrubbing() {}

    public static Scrubbed scrub(
            List<IncomingEvent> events, ScrubbingRules rules, Function<String, Optional<Processor>> processors)
            throws IngestException {
        int[] counts = new int[events.size()];
        if (!rules.enabled()) {
            return new Scrubbed(events, counts);
        }
        List<IncomingEvent> scrubbed = null;
        for (int i = 0; i < events.size(); i++) {
            IncomingEvent event = events.get(i);
            Scrubber scrubber = new Scrubber(rules);
            IncomingEvent after = scrub(event, scrubber);
            counts[i] = scrubber.replaced();
            if (after != event) {
                check(after, scrubber, events.size() > 1 ? "[" + i + "]." : "", processors);
                if (scrubbed == null) {
                    scrubbed = new ArrayList<>(events);
                }
                scrubbed.set(i, after);
            }
        }
        return new Scrubbed(scrubbed == null ? events : List.copyOf(scrubbed), counts);
    }

    /** One event; the same instance when nothing was replaced. */
    public static IncomingEvent scrub(IncomingEvent event, Scrubber scrubber) {
        String message = cut(scrubber.text(event.summary()), Limits.MAX_MESSAGE_LENGTH);
        Map<String, String> tags = tags(event.tags(), scrubber);
        JsonObject data = (JsonObject) scrubber.json(event.data());
        List<String> fingerprint = event.fingerprint();
        if (fingerprint != null) {
            List<String> parts = new ArrayList<>(fingerprint.size());
            boolean changed = false;
            for (String part : fingerprint) {
                String after = scrubber.text(part);
                changed |= after != part;
                parts.add(after);
            }
            fingerprint = changed ? List.copyOf(parts) : fingerprint;
        }
        String correlationId = cut(scrubber.text(event.correlationId()), Limits.MAX_CORRELATION_ID_LENGTH);
        if (message == event.summary()
                && tags == event.tags()
                && data == event.data()
                && fingerprint == event.fingerprint()
                && correlationId == event.correlationId()) {
            return event;
        }
        return new IncomingEvent(
                event.id(),
                event.type(),
                event.timestamp(),
                message,
                event.severity(),
                tags,
                data,
                event.duration(),
                correlationId,
                fingerprint);
    }

    private static Map<String, String> tags(Map<String, String> tags, Scrubber scrubber) {
        Map<String, String> copy = null;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String before = tag.getValue();
            String after = cut(scrubber.keyed(tag.getKey(), before), Limits.MAX_TAG_VALUE_LENGTH);
            if (after != before && copy == null) {
                copy = new LinkedHashMap<>(tags);
            }
            if (copy != null) {
                copy.put(tag.getKey(), after);
            }
        }
        return copy == null ? tags : Collections.unmodifiableMap(copy);
    }

    /** A replacement may lengthen a text with short secrets; it stays within its field's limit. */
    private static String cut(String text, int max) {
        return text != null && text.length() > max ? text.substring(0, max) : text;
    }

    private static void check(
            IncomingEvent event, Scrubber scrubber, String path, Function<String, Optional<Processor>> processors)
            throws IngestException {
        if (scrubber.growth() > 0 && event.data().toString().length() > Limits.MAX_DATA_CHARS) {
            throw IngestException.invalid(
                    path + "data",
                    "is larger than " + Limits.MAX_DATA_CHARS + " characters once its secrets are replaced by "
                            + Scrubber.FILTERED);
        }
        Optional<Processor> processor = processors.apply(event.type());
        if (processor.isPresent()) {
            try {
                processor.get().validate(event);
            } catch (InvalidEventException e) {
                throw IngestException.invalid(
                        path + e.field(),
                        e.reason() + " once its secrets are replaced by " + Scrubber.FILTERED
                                + " (mark the key safe in the project's scrubbing settings)");
            }
        }
    }
}
