package io.lookout.regroup;

import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A regroup job as the API answers it and the administration page shows it.
 *
 * @param state {@code queued}, {@code running}, {@code done}, {@code failed} or {@code cancelled}
 * @param since events that occurred at or after this are regrouped
 * @param total the events to examine, counted when the job was requested (an estimate: retention may
 *     delete some meanwhile)
 * @param examined events reprocessed so far
 * @param skipped events left where they are: their processor is gone or no longer accepts them
 * @param moved events that changed group
 * @param groupsCreated groups the job created for new checksums
 * @param groupsEmptied groups whose every event moved away (deleted)
 * @param groupsJoined groups that received moved events, created or existing
 * @param error why the job failed; null otherwise
 */
@JsonbPropertyOrder({
    "id",
    "projectId",
    "state",
    "days",
    "since",
    "requestedBy",
    "requestedAt",
    "startedAt",
    "finishedAt",
    "total",
    "examined",
    "skipped",
    "moved",
    "groupsCreated",
    "groupsEmptied",
    "groupsJoined",
    "error"
})
public record RegroupJob(
        long id,
        long projectId,

        @Schema(enumeration = {"queued", "running", "done", "failed", "cancelled"})
        String state,

        int days,
        Instant since,
        @Schema(nullable = true) @JsonbNillable String requestedBy,
        Instant requestedAt,
        @Schema(nullable = true) @JsonbNillable Instant startedAt,
        @Schema(nullable = true) @JsonbNillable Instant finishedAt,
        long total,
        long examined,
        long skipped,
        long moved,
        long groupsCreated,
        long groupsEmptied,
        long groupsJoined,
        @Schema(nullable = true) @JsonbNillable String error)
        implements Serializable {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    static final Columns COLUMNS = new Columns(
            "id",
            "project_id",
            "state",
            "days",
            "since",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "total",
            "examined",
            "skipped",
            "moved",
            "groups_created",
            "groups_emptied",
            "groups_joined",
            "error");

    static RegroupJob of(SqlRow row) {
        return new RegroupJob(
                row.number("id"),
                row.number("project_id"),
                row.text("state"),
                (int) row.number("days"),
                row.instant("since"),
                row.text("requested_by"),
                row.instant("requested_at"),
                row.instant("started_at"),
                row.instant("finished_at"),
                row.number("total"),
                row.number("examined"),
                row.number("skipped"),
                row.number("moved"),
                row.number("groups_created"),
                row.number("groups_emptied"),
                row.number("groups_joined"),
                row.text("error"));
    }

    /** Queued or running: the project's one active job. */
    public boolean active() {
        return QUEUED.equals(state) || RUNNING.equals(state);
    }

    /** Examined of total in percent, 0 to 100 (100 once finished). */
    public int percent() {
        if (!active()) {
            return DONE.equals(state) ? 100 : (int) Math.min(100, total == 0 ? 0 : examined * 100 / total);
        }
        return total == 0 ? 0 : (int) Math.min(99, examined * 100 / total);
    }

    /** {@code {"jobs": [...]}}, newest first. */
    public record RegroupJobList(List<RegroupJob> jobs) {}
}
