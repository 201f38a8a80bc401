package io.lookout.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One line of the audit log; written once, never changed (only retention deletes old ones). */
@Entity
@Table(name = "audit_entry")
public class AuditEntry {

    @Id
    @SequenceGenerator(name = "audit_entry_seq", sequenceName = "audit_entry_seq", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_entry_seq")
    private Long id;

    @Column(nullable = false)
    private OffsetDateTime at;

    @Column(nullable = false, length = 200)
    private String actor;

    @Column(length = 64)
    private String address;

    @Column(nullable = false, length = 64)
    private String action;

    @Column(length = 300)
    private String target;

    @Column(length = 4000)
    private String details;

    protected AuditEntry() {}

    AuditEntry(OffsetDateTime at, String actor, String address, String action, String target, String details) {
        this.at = at;
        this.actor = actor;
        this.address = address;
        this.action = action;
        this.target = target;
        this.details = details;
    }

    public Long getId() {
        return id;
    }
}
