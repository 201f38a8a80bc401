package io.lookout.project;

/**
 * A project's own quota settings as stored; {@code null} takes the server's default
 * ({@code lookout.quota.*}).
 *
 * @param perMinute events a minute, 0 for no limit
 * @param perDay events a UTC day, 0 for no limit
 * @param spikeFactor the spike rule's factor, 0 switches it off
 */
public record QuotaSettings(Long perMinute, Long perDay, Double spikeFactor) {

    /** Every setting the server's default. */
    public static final QuotaSettings DEFAULTS = new QuotaSettings(null, null, null);
}
