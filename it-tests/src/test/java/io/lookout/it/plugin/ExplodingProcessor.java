package io.lookout.it.plugin;

import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** A broken plug-in: accepts events of type {@code explode}, then fails every time it processes one. */
@ApplicationScoped
public class ExplodingProcessor implements Processor {

    @Override
    public Set<String> types() {
        return Set.of("explode");
    }

    @Override
    public ProcessedEvent process(RawEvent event) {
        throw new IllegalStateException("the exploding test plug-in failed, as it always does");
    }
}
