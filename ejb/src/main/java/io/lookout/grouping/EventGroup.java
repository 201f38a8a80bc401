package io.lookout.grouping;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A group: the events of one type with one checksum in one project. Rows are written only by
 * {@link EventStore} with atomic SQL increments; this entity reads them.
 */
@Entity
@Table(name = "event_group")
public class EventGroup {

    @Id
    private Long id;

    @Column(name = "project_id")
    private long projectId;

    private String type;
    private String checksum;
    private String message;
    private String culprit;
    private String level;
    private String status;

    @Column(name = "times_seen")
    private long timesSeen;

    @Column(name = "first_seen")
    private OffsetDateTime firstSeen;

    @Column(name = "last_seen")
    private OffsetDateTime lastSeen;

    @Column(name = "time_spent_total")
    private double timeSpentTotal;

    @Column(name = "time_spent_count")
    private long timeSpentCount;

    @Column(name = "time_spent_max")
    private double timeSpentMax;

    private double score;

    @Column(name = "resolved_at")
    private OffsetDateTime resolvedAt;

    @Column(name = "regressed_at")
    private OffsetDateTime regressedAt;

    protected EventGroup() {}

    public Long getId() {
        return id;
    }

    public long getProjectId() {
        return projectId;
    }

    public String getType() {
        return type;
    }

    public String getChecksum() {
        return checksum;
    }

    public String getMessage() {
        return message;
    }

    public String getCulprit() {
        return culprit;
    }

    public String getLevel() {
        return level;
    }

    public GroupStatus getStatus() {
        return GroupStatus.ofColumn(status);
    }

    public long getTimesSeen() {
        return timesSeen;
    }

    public OffsetDateTime getFirstSeen() {
        return firstSeen;
    }

    public OffsetDateTime getLastSeen() {
        return lastSeen;
    }

    public double getTimeSpentTotal() {
        return timeSpentTotal;
    }

    public long getTimeSpentCount() {
        return timeSpentCount;
    }

    public double getTimeSpentMax() {
        return timeSpentMax;
    }

    public double getScore() {
        return score;
    }

    public OffsetDateTime getResolvedAt() {
        return resolvedAt;
    }

    /** When a new event reopened this group after it was resolved; null if it never regressed. */
    public OffsetDateTime getRegressedAt() {
        return regressedAt;
    }
}
