package io.lookout.project;

import io.lookout.JsonFactories;
import io.lookout.processing.rules.GroupingRules;
import io.lookout.scrubbing.ScrubbingRules;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

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

    /** Keys of top-level data fields that become tags, as a JSON array. */
    @Column(name = "filterable_data_keys", nullable = false, length = 2000)
    private String filterableDataKeys = "[]";

    /** Whether secrets are scrubbed from the project's events (docs/security.md). */
    @Column(name = "scrub_enabled", nullable = false)
    private boolean scrubEnabled = true;

    /** Sensitive key parts besides the defaults, as a JSON array. */
    @Column(name = "scrub_sensitive_keys", nullable = false, length = 4000)
    private String scrubSensitiveKeys = "[]";

    /** Keys never scrubbed, as a JSON array. */
    @Column(name = "scrub_safe_keys", nullable = false, length = 4000)
    private String scrubSafeKeys = "[]";

    @Column(name = "scrub_keep_ip_addresses", nullable = false)
    private boolean scrubKeepIpAddresses;

    /** The grouping rules as written (docs/grouping.md), or null for none. */
    @Column(name = "grouping_rules", length = GroupingRules.MAX_LENGTH)
    private String groupingRules;

    @Column(name = "grouping_rules_updated_at")
    private OffsetDateTime groupingRulesUpdatedAt;

    /** Events a minute; null: the server's default (lookout.quota.events-per-minute). */
    @Column(name = "quota_per_minute")
    private Long quotaPerMinute;

    /** Events a UTC day; null: the server's default (lookout.quota.events-per-day). */
    @Column(name = "quota_per_day")
    private Long quotaPerDay;

    /** The spike rule's factor; null: the server's default (lookout.quota.spike-factor). */
    @Column(name = "quota_spike_factor")
    private Double quotaSpikeFactor;

    protected Project() {}

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

    /** A new key (rotation); the old one stops working with this transaction. */
    public void setPublicKey(String publicKey) {
        this.publicKey = publicKey;
    }

    public int getRetentionDays() {
        return retentionDays;
    }

    public void setRetentionDays(int retentionDays) {
        this.retentionDays = retentionDays;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    /** Keys of top-level scalar data fields that become tags of this project's events. */
    public List<String> getFilterableDataKeys() {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(filterableDataKeys))) {
            return reader.readArray().getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString)
                    .toList();
        }
    }

    public void setFilterableDataKeys(List<String> keys) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        keys.forEach(array::add);
        this.filterableDataKeys = array.build().toString();
    }

    /** The grouping rules as written, or {@code null} for none. */
    public String getGroupingRules() {
        return groupingRules;
    }

    /** When the grouping rules last changed, or {@code null} when they never did. */
    public OffsetDateTime getGroupingRulesUpdatedAt() {
        return groupingRulesUpdatedAt;
    }

    /** Sets the rules text (already parsed by the caller); blank means none. */
    public void setGroupingRules(String rules) {
        this.groupingRules = rules == null || rules.isBlank() ? null : rules;
        this.groupingRulesUpdatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** The project's scrubbing settings, compiled. */
    public ScrubbingRules getScrubbing() {
        return new ScrubbingRules(
                scrubEnabled, strings(scrubSensitiveKeys), strings(scrubSafeKeys), scrubKeepIpAddresses);
    }

    public void setScrubbing(ScrubbingRules rules) {
        this.scrubEnabled = rules.enabled();
        this.scrubSensitiveKeys = json(rules.extraSensitiveKeys());
        this.scrubSafeKeys = json(rules.safeKeys());
        this.scrubKeepIpAddresses = rules.keepIpAddresses();
    }

    private static List<String> strings(String jsonArray) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(jsonArray))) {
            return reader.readArray().getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString)
                    .toList();
        }
    }

    private static String json(List<String> strings) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        strings.forEach(array::add);
        return array.build().toString();
    }

    /** The project's own quota settings (null fields: the server's defaults). */
    public QuotaSettings getQuota() {
        return new QuotaSettings(quotaPerMinute, quotaPerDay, quotaSpikeFactor);
    }

    public void setQuota(QuotaSettings quota) {
        this.quotaPerMinute = quota.perMinute();
        this.quotaPerDay = quota.perDay();
        this.quotaSpikeFactor = quota.spikeFactor();
    }

    /** Starts the next view generation (call with the project row locked) and returns it. */
    public long nextViewGeneration() {
        return ++viewGeneration;
    }
}
