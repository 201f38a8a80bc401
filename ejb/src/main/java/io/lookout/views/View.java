package io.lookout.views;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A view: a runtime-configured slice of a project, e.g. "exceptions by [url]". Its groups are
 * kept up to date at ingest; one created after events exist is backfilled in the background.
 */
@Entity
@Table(name = "lookout_view")
@NamedQuery(name = "View.byProject", query = "SELECT v FROM View v WHERE v.projectId = :projectId ORDER BY v.slug")
@NamedQuery(name = "View.bySlug", query = "SELECT v FROM View v WHERE v.projectId = :projectId AND v.slug = :slug")
public class View {

    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String DONE = "done";

    @Id
    @SequenceGenerator(name = "lookout_view_seq", sequenceName = "lookout_view_seq", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "lookout_view_seq")
    private Long id;

    @Column(name = "project_id")
    private long projectId;

    private String slug;
    private String name;

    /** Comma-separated event types, or null for all. */
    private String types;

    /** The tag keys as a JSON array. */
    @Column(name = "tag_keys")
    private String tagKeys;

    private long generation;

    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    @Column(name = "backfill_state")
    private String backfillState;

    @Column(name = "backfill_position")
    private long backfillPosition;

    @Column(name = "backfill_done")
    private long backfillDone;

    @Column(name = "backfill_total")
    private long backfillTotal;

    protected View() {}

    View(
            long projectId,
            String slug,
            String name,
            String types,
            String tagKeys,
            long generation,
            OffsetDateTime createdAt,
            String backfillState,
            long backfillTotal) {
        this.projectId = projectId;
        this.slug = slug;
        this.name = name;
        this.types = types;
        this.tagKeys = tagKeys;
        this.generation = generation;
        this.createdAt = createdAt;
        this.backfillState = backfillState;
        this.backfillTotal = backfillTotal;
    }

    public Long getId() {
        return id;
    }

    public long getProjectId() {
        return projectId;
    }

    public String getSlug() {
        return slug;
    }

    public String getName() {
        return name;
    }

    public String getTypes() {
        return types;
    }

    public String getTagKeys() {
        return tagKeys;
    }

    public long getGeneration() {
        return generation;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public String getBackfillState() {
        return backfillState;
    }

    public long getBackfillPosition() {
        return backfillPosition;
    }

    public long getBackfillDone() {
        return backfillDone;
    }

    public long getBackfillTotal() {
        return backfillTotal;
    }
}
