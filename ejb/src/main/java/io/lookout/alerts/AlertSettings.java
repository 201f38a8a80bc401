package io.lookout.alerts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The alerts' configuration keys (docs/deploy.md, docs/alerts.md). */
@ApplicationScoped
public class AlertSettings {

    /** How long a rule's first notification waits for the others of its batch. */
    @Inject
    @ConfigProperty(name = "lookout.alerts.gather-seconds", defaultValue = "2")
    int gatherSeconds;

    /** After a rule's digest went out, the next waits this long, collecting what fires meanwhile. */
    @Inject
    @ConfigProperty(name = "lookout.alerts.digest-seconds", defaultValue = "60")
    int digestSeconds;

    /** Notifications per project and hour at most; the rest are suppressed and counted in one message. */
    @Inject
    @ConfigProperty(name = "lookout.alerts.max-per-hour", defaultValue = "100")
    int maxPerHour;

    /**
     * The length of the cap's "hour" in seconds: windows aligned to the epoch (3600: clock hours).
     * Only tests shorten it; the "N more suppressed" message is due at the end of a window.
     */
    @Inject
    @ConfigProperty(name = "lookout.alerts.cap-window-seconds", defaultValue = "3600")
    int capWindowSeconds;

    /** The first retry of a failed delivery; each next waits twice as long, up to {@code retry-max-seconds}. */
    @Inject
    @ConfigProperty(name = "lookout.alerts.retry-initial-seconds", defaultValue = "10")
    int retryInitialSeconds;

    @Inject
    @ConfigProperty(name = "lookout.alerts.retry-max-seconds", defaultValue = "600")
    int retryMaxSeconds;

    /** A delivery still failing this long after it was formed is given up (dead). */
    @Inject
    @ConfigProperty(name = "lookout.alerts.retry-window-minutes", defaultValue = "75")
    int retryWindowMinutes;

    /** How long the history of notifications is kept. */
    @Inject
    @ConfigProperty(name = "lookout.alerts.history-days", defaultValue = "30")
    int historyDays;

    @Inject
    @ConfigProperty(name = "lookout.public-url", defaultValue = "http://localhost:8080")
    String publicUrl;

    public Duration gather() {
        return Duration.ofSeconds(Math.max(0, gatherSeconds));
    }

    public Duration digest() {
        return Duration.ofSeconds(Math.max(0, digestSeconds));
    }

    public int maxPerHour() {
        return maxPerHour;
    }

    /** The start of the cap window {@code now} is in. */
    public Instant capWindowStart(Instant now) {
        long seconds = capWindow().getSeconds();
        long epoch = now.getEpochSecond();
        return Instant.ofEpochSecond(epoch - Math.floorMod(epoch, seconds));
    }

    public Duration capWindow() {
        return Duration.ofSeconds(Math.max(1, capWindowSeconds));
    }

    /** The wait after the {@code attempts}-th failed attempt (1, 2, ...). */
    public Duration retryAfter(int attempts) {
        long seconds = (long) retryInitialSeconds << Math.min(20, Math.max(0, attempts - 1));
        return Duration.ofSeconds(Math.max(1, Math.min(seconds, retryMaxSeconds)));
    }

    public Duration retryWindow() {
        return Duration.ofMinutes(retryWindowMinutes);
    }

    public int historyDays() {
        return historyDays;
    }

    /** Without a trailing slash. */
    public String publicUrl() {
        String url = publicUrl == null ? "http://localhost:8080" : publicUrl.strip();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
