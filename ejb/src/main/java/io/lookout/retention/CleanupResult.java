package io.lookout.retention;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A cleanup run's {@link CleanupReport} as {@code POST /api/admin/retention/run} answers it and the
 * log ({@code LOOKOUT0021}) writes it. A run that found the lease taken is {@code skipped}, says why
 * and names the holder; what does not apply is left out.
 *
 * @param leaseValidUntil until when the holder's lease is valid (ISO-8601, UTC)
 * @param node this run's lease name (node name and run number)
 * @param complete nothing expired is left
 */
@JsonbPropertyOrder({
    "skipped",
    "reason",
    "leaseHolder",
    "leaseValidUntil",
    "node",
    "deletedEvents",
    "deletedGroups",
    "deletedViewGroups",
    "deletedTagValues",
    "batches",
    "millis",
    "eventsPerSecond",
    "complete"
})
public record CleanupResult(
        boolean skipped,
        String reason,
        String leaseHolder,
        String leaseValidUntil,
        String node,
        long deletedEvents,
        long deletedGroups,
        long deletedViewGroups,
        long deletedTagValues,
        long batches,
        long millis,
        long eventsPerSecond,
        boolean complete) {

    public static CleanupResult of(CleanupReport report) {
        boolean skipped = report.skipped();
        return new CleanupResult(
                skipped,
                skipped ? "another cleanup holds the lease" : null,
                skipped ? report.heldBy() : null,
                skipped && report.heldUntil() != null
                        ? report.heldUntil()
                                .withOffsetSameInstant(ZoneOffset.UTC)
                                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        : null,
                report.node(),
                report.events(),
                report.groups(),
                report.viewGroups(),
                report.tagValues(),
                report.batches(),
                report.millis(),
                report.eventsPerSecond(),
                report.complete());
    }
}
