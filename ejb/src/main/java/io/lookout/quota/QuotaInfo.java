package io.lookout.quota;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * A project's quota as {@code GET /api/admin/projects/{id}/quota} answers it.
 *
 * @param eventsPerMinute the project's own setting, null: the server's default
 * @param eventsPerDay the project's own setting, null: the server's default
 * @param spikeFactor the project's own setting, null: the server's default
 * @param effective what applies, defaults filled in
 * @param usage accepted events of the current minute and UTC day (all nodes, as last written)
 * @param hours dropped and counted-only events per hour of the past 48 hours, newest first (quiet hours left out)
 */
@JsonbPropertyOrder({"eventsPerMinute", "eventsPerDay", "spikeFactor", "effective", "usage", "hours"})
public record QuotaInfo(
        @JsonbNillable Long eventsPerMinute,
        @JsonbNillable Long eventsPerDay,
        @JsonbNillable Double spikeFactor,
        Effective effective,
        Usage usage,
        List<QuotaHour> hours) {

    /**
     * @param normalPerMinute the project's average events a minute over the past 24 hours
     * @param minuteLimit what a minute may take now: the smaller of eventsPerMinute and the spike rule,
     *     admitted as a rate of a sixtieth of it a second
     * @param burst how many events of the minute limit may come at once ({@link QuotaLimits#burst})
     */
    @JsonbPropertyOrder({
        "eventsPerMinute",
        "eventsPerDay",
        "spikeFactor",
        "spikeFloor",
        "normalPerMinute",
        "minuteLimit",
        "burst"
    })
    public record Effective(
            long eventsPerMinute,
            long eventsPerDay,
            double spikeFactor,
            long spikeFloor,
            double normalPerMinute,
            long minuteLimit,
            long burst) {}

    @JsonbPropertyOrder({"minute", "day"})
    public record Usage(long minute, long day) {}
}
