package io.lookout.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A project: the events of one application (or one team), sent with its public key. */
@Entity
@Table(name = "project")
@NamedQuery(name = "Project.countAll", query = "SELECT COUNT(p) FROM Project p")
public class Project {

    public static final int DEFAULT_RETENTION_DAYS = 90;

    @Id
    @SequenceGenerator(name = "project_seq", sequenceName = "project_seq", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "project_seq")
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String slug;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "public_key", nullable = false, unique = true, length = 64)
    private String publicKey;

    @Column(name = "retention_days", nullable = false)
    private int retentionDays = DEFAULT_RETENTION_DAYS;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    /** Incremented by every change of the project's views (see docs/architecture.md, views). */
    @Column(name = "view_generation", nullable = false)
    private long viewGeneration;

    protected Project() {
    }

    public Project(Long id, String slug, String name, String publicKey) {
        this.id = id;
        this.slug = slug;
        this.name = name;
        this.publicKey = publicKey;
        this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    public Long getId() {
        return id;
    }

    public String getSlug() {
        return slug;
    }

    public String getName() {
        return name;
    }

    public String getPublicKey() {
        return publicKey;
    }

    public int getRetentionDays() {
        return retentionDays;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    /** Starts the next view generation (call with the project row locked) and returns it. */
    public long nextViewGeneration() {
        return ++viewGeneration;
    }
}
