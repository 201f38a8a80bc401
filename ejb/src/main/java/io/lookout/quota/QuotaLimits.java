package io.lookout.quota;

import io.lookout.project.QuotaSettings;

/**
 * A project's limits with the server's defaults filled in (0: no limit).
 *
 * @param perMinute events a minute, admitted as a rate of a sixtieth of it a second with bursts of
 *     {@link #burst} ({@link QuotaBucket})
 * @param perDay events a UTC day
 * @param spikeFactor a minute takes at most this many times the project's normal rate (average events
 *     a minute over the past 24 hours); 0 switches the spike rule off
 * @param spikeFloor the spike rule never limits a minute below this (a quiet or new project may still
 *     send this many)
 */
public record QuotaLimits(long perMinute, long perDay, double spikeFactor, long spikeFloor) {

    /** The seconds of the minute limit's rate that may come at once: a tenth of the minute. */
    public static final int BURST_SECONDS = 6;
    /** The smallest burst (or the whole limit when it is smaller): a small quota still takes a few quick events. */
    public static final long MIN_BURST = 10;

    /** A project's own settings over the defaults, one by one. */
    public static QuotaLimits of(QuotaSettings settings, QuotaLimits defaults) {
        return new QuotaLimits(
                settings.perMinute() == null ? defaults.perMinute() : settings.perMinute(),
                settings.perDay() == null ? defaults.perDay() : settings.perDay(),
                settings.spikeFactor() == null ? defaults.spikeFactor() : settings.spikeFactor(),
                defaults.spikeFloor());
    }

    /**
     * The events this minute may take: {@code min(perMinute, max(spikeFloor, ceil(spikeFactor × normal)))},
     * or {@code perMinute} without a spike rule; 0 when nothing limits it.
     *
     * @param normalPerMinute the project's average events a minute over the past 24 hours
     */
    public long minuteLimit(double normalPerMinute) {
        if (!(spikeFactor > 0)) {
            return perMinute;
        }
        long spike = Math.max(spikeFloor, (long) Math.ceil(spikeFactor * Math.max(0, normalPerMinute)));
        return perMinute > 0 ? Math.min(perMinute, spike) : spike;
    }

    /** Whether the minute's limit of {@link #minuteLimit} comes from the spike rule rather than {@code perMinute}. */
    public boolean spikeLimits(double normalPerMinute) {
        return spikeFactor > 0 && (perMinute <= 0 || minuteLimit(normalPerMinute) < perMinute);
    }

    /**
     * The events a minute limit lets through at once (its token bucket's size, {@link QuotaBucket}):
     * {@link #BURST_SECONDS} of its rate, rounded up, but at least {@link #MIN_BURST} or the whole limit
     * when that is smaller; 0 without a limit. 60,000 a minute: 6,000; 600: 60; 60: 10; 5: 5.
     */
    public static long burst(long minuteLimit) {
        if (minuteLimit <= 0) {
            return 0;
        }
        long rateWorth = (minuteLimit * BURST_SECONDS + 59) / 60;
        return Math.max(Math.min(minuteLimit, MIN_BURST), rateWorth);
    }
}
