package io.lookout.it.plugin;

import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.util.Set;

/** A third party's processor, built against the SPI only: one group per deployed service. */
@ApplicationScoped
public class DeployProcessor implements Processor {

    @Override
    public Set<String> types() {
        return Set.of("deploy");
    }

    @Override
    public void validate(RawEvent event) throws InvalidEventException {
        if (!(event.data().get("service") instanceof JsonString)) {
            throw new InvalidEventException("data.service", "is required (deploy plug-in)");
        }
    }

    @Override
    public ProcessedEvent process(RawEvent event) {
        String service = event.data().getString("service");
        String version = event.data().getString("version", "unknown");
        return ProcessedEvent.builder()
                .checksumParts(service)
                .message("Deployed " + service + " " + version)
                .culprit(service)
                .tag("release", version)
                .build();
    }
}
