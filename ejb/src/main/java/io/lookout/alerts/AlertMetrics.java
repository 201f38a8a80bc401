package io.lookout.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The alerts' metrics: {@code lookout_alert_deliveries_total{channel, outcome}} (sent, retrying,
 * failed: given up after the retry window or refused for good).
 */
@ApplicationScoped
public class AlertMetrics {

    @Inject
    private MeterRegistry registry;

    void delivered(String channel, String outcome) {
        if (registry != null) {
            registry.counter("lookout.alert.deliveries", "channel", channel, "outcome", outcome)
                    .increment();
        }
    }
}
