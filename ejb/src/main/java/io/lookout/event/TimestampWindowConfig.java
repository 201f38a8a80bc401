package io.lookout.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@link TimestampWindow} from MicroProfile Config, for the edge and the consumer alike. */
@ApplicationScoped
public class TimestampWindowConfig {

    @Inject
    @ConfigProperty(name = "lookout.ingest.timestamp.max-age-seconds", defaultValue = "2592000")
    private long maxAgeSeconds;

    @Inject
    @ConfigProperty(name = "lookout.ingest.timestamp.max-future-seconds", defaultValue = "60")
    private long maxFutureSeconds;

    @Produces
    TimestampWindow window() {
        return new TimestampWindow(Duration.ofSeconds(maxAgeSeconds), Duration.ofSeconds(maxFutureSeconds));
    }
}
