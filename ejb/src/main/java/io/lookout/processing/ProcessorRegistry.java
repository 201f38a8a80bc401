package io.lookout.processing;

import io.lookout.event.Patterns;
import io.lookout.operations.LookoutLog;
import io.lookout.processors.spi.Processor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The processors Lookout found at start-up, by event type: every CDI bean implementing
 * {@link Processor} visible to this module (the built-ins and plug-ins in the EAR's
 * {@code lib/}). Two processors for one type, or a malformed type name, fail the deployment.
 */
@ApplicationScoped
public class ProcessorRegistry {

    @Inject
    @Any
    private Instance<Processor> discovered;

    private Map<String, Processor> byType;

    @PostConstruct
    void discover() {
        Map<String, Processor> found = new TreeMap<>();
        for (Processor processor : discovered) {
            for (String type : processor.types()) {
                if (!Patterns.TYPE.matcher(type).matches()) {
                    throw new IllegalStateException(
                            "Processor " + processor.getClass().getName() + " declares the type '" + type
                                    + "', which is not " + Patterns.TYPE.pattern());
                }
                Processor other = found.putIfAbsent(type, processor);
                if (other != null) {
                    throw new IllegalStateException("Two processors for the event type '" + type + "': "
                            + other.getClass().getName() + " and "
                            + processor.getClass().getName());
                }
            }
        }
        byType = Collections.unmodifiableMap(found);
        LookoutLog.LOG.processors(describe());
    }

    public Optional<Processor> forType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The event types a processor handles, sorted. */
    public Set<String> types() {
        return byType.keySet();
    }

    /** Event type → the implementing class, sorted by type. */
    public Map<String, String> describe() {
        Map<String, String> description = new TreeMap<>();
        byType.forEach(
                (type, processor) -> description.put(type, unproxied(processor).getName()));
        return description;
    }

    private static Class<?> unproxied(Processor processor) {
        Class<?> type = processor.getClass();
        while (type.getName().contains("$Proxy$") || type.getName().contains("$$")) {
            type = type.getSuperclass();
        }
        return type;
    }
}
