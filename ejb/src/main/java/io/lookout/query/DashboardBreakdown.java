package io.lookout.query;

import io.lookout.views.View;
import io.lookout.views.Views;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the dashboard shows of a project ({@code GET /api/{projectId}/dashboard}, the landing page):
 * its event types with their counts, then each view with its breakdown ({@link Dashboard}).
 *
 * @param threshold the most values a key may have to be broken down by value
 */
@JsonbPropertyOrder({"project", "threshold", "types", "views"})
public record DashboardBreakdown(
        ProjectSummary project, int threshold, List<TypeCount> types, List<ViewBreakdown> views) {

    /** An event type: its (non-ignored) groups and their events. */
    @JsonbPropertyOrder({"type", "groups", "events"})
    public record TypeCount(String type, long groups, long events) {}

    /**
     * A view as {@code GET /api/{projectId}/views/{slug}} answers it, with its breakdown.
     *
     * @param types the event types it takes; null (written as null) for all
     */
    @JsonbPropertyOrder({"name", "slug", "types", "keys", "createdAt", "backfill", "breakdown"})
    public record ViewBreakdown(
            String name,
            String slug,
            @Schema(nullable = true) @JsonbNillable List<String> types,
            List<String> keys,
            Instant createdAt,
            Backfill backfill,
            BreakdownNode breakdown) {

        static ViewBreakdown of(View view, BreakdownNode breakdown) {
            return new ViewBreakdown(
                    view.getName(),
                    view.getSlug(),
                    view.getTypes() == null
                            ? null
                            : Arrays.asList(view.getTypes().split(",")),
                    Views.keys(view),
                    view.getCreatedAt().toInstant(),
                    new Backfill(view.getBackfillState(), view.getBackfillDone(), view.getBackfillTotal()),
                    breakdown);
        }
    }

    /** How far a view's count of the events stored before it has come ({@code pending}, {@code running}, {@code done}). */
    @JsonbPropertyOrder({"state", "done", "total"})
    public record Backfill(String state, long done, long total) {}

    /** A node of a view's breakdown: its key by value, or the aggregate list of its view groups. */
    @Schema(oneOf = {ByValue.class, TopGroups.class})
    public sealed interface BreakdownNode permits ByValue, TopGroups {}

    /** A key broken down by its values ({@code "mode": "values"}). */
    @JsonbPropertyOrder({"key", "mode", "values"})
    public record ByValue(
            String key, @Schema(enumeration = MODE) String mode, List<BreakdownValue> values) implements BreakdownNode {

        public static final String MODE = "values";

        public ByValue {
            if (!MODE.equals(mode)) {
                throw new IllegalArgumentException("mode " + mode);
            }
        }

        public ByValue(String key, List<BreakdownValue> values) {
            this(key, MODE, values);
        }
    }

    /**
     * One value of a key (null: the view groups without one), its view groups and their events, and,
     * within the dashboard's budget, the breakdown under it (null, left out, past the budget).
     */
    @JsonbPropertyOrder({"value", "groups", "events", "breakdown"})
    public record BreakdownValue(
            @Schema(nullable = true) @JsonbNillable String value, long groups, long events, BreakdownNode breakdown) {}

    /**
     * The aggregate list ({@code "mode": "groups"}): the view groups with the highest score, each with
     * its hourly counts.
     *
     * @param key the key with too many values, or null (left out) past the last key
     */
    @JsonbPropertyOrder({"mode", "key", "groups"})
    public record TopGroups(@Schema(enumeration = MODE) String mode, String key, List<GroupSummary> groups)
            implements BreakdownNode {

        public static final String MODE = "groups";

        public TopGroups {
            if (!MODE.equals(mode)) {
                throw new IllegalArgumentException("mode " + mode);
            }
        }

        public TopGroups(String key, List<GroupSummary> groups) {
            this(MODE, key, groups);
        }
    }
}
