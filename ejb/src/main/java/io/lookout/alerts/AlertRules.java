package io.lookout.alerts;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import io.lookout.security.Audit;
import io.lookout.views.Views;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The alert rules of projects: created, changed and removed by admins, read by members. A rule
 * with a webhook gets a secret when it is created (or when a webhook is first added); it is shown
 * in that answer only and signs every webhook request.
 */
@ApplicationScoped
@Transactional
public class AlertRules {

    /** Rules per project at most: each is evaluated for every stored batch. */
    public static final int MAX_RULES = 100;

    /** The columns of a rule, in the order of its insert's parameters. */
    static final String[] RULE_COLUMNS = {
        "id",
        "project_id",
        "name",
        "trigger_kind",
        "view_slug",
        "query",
        "threshold_events",
        "threshold_minutes",
        "email",
        "email_members",
        "language",
        "webhook_url",
        "webhook_format",
        "quiet_minutes",
        "enabled",
        "created_at",
        "updated_at"
    };

    private static final Columns RULE = new Columns(RULE_COLUMNS);
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Audit audit;

    @Inject
    private AlertSql sql;

    @Inject
    private Views views;

    @Inject
    private Event<RulesChanged> changed;

    /** A rule just created or given a webhook: with the webhook's secret, shown this once. */
    public record WithSecret(AlertRule rule, String secret) {}

    /** Fired in the changing transaction: the rules of a project changed. */
    public record RulesChanged(long projectId) {}

    public List<AlertRule> list(long projectId) {
        return rules("FROM alert_rule WHERE project_id = ?1 ORDER BY id", projectId);
    }

    public Optional<AlertRule> find(long projectId, long ruleId) {
        return rules("FROM alert_rule WHERE project_id = ?1 AND id = ?2", projectId, ruleId).stream()
                .findFirst();
    }

    public AlertRule require(long projectId, long ruleId) throws Problem {
        return find(projectId, ruleId).orElseThrow(() -> Problem.notFound(ProblemCode.NO_RULE, ruleId, projectId));
    }

    /** The webhook secret of a rule (null: no webhook). */
    String secret(long ruleId) {
        List<?> found = em.createNativeQuery("SELECT webhook_secret FROM alert_rule WHERE id = ?1")
                .setParameter(1, ruleId)
                .getResultList();
        return found.isEmpty() ? null : (String) found.get(0);
    }

    /** Creates the rule ({@link RuleSpec#of} checked it); 409 when the project has {@link #MAX_RULES}. */
    public WithSecret create(long projectId, RuleSpec spec) throws Problem {
        checkView(projectId, spec);
        // one rule change of a project at a time: the count below holds
        em.createNativeQuery("SELECT id FROM project WHERE id = ?1 FOR UPDATE")
                .setParameter(1, projectId)
                .getResultList();
        long count = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM alert_rule WHERE project_id = ?1")
                        .setParameter(1, projectId)
                        .getSingleResult())
                .longValue();
        if (count >= MAX_RULES) {
            throw Problem.conflict(null, ProblemCode.TOO_MANY_RULES, projectId, MAX_RULES);
        }
        long id = sql.nextId(em, "alert_rule_seq");
        String secret = spec.webhookUrl() == null ? null : newSecret();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        em.createNativeQuery("INSERT INTO alert_rule (" + RULE.list()
                        + ", webhook_secret) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                        + " ?9, ?10, ?11, ?12, ?13, ?14, ?15, CAST(?16 AS TIMESTAMP WITH TIME ZONE),"
                        + " CAST(?17 AS TIMESTAMP WITH TIME ZONE), ?18)")
                .setParameter(1, id)
                .setParameter(2, projectId)
                .setParameter(3, spec.name())
                .setParameter(4, spec.trigger().wire())
                .setParameter(5, spec.viewSlug())
                .setParameter(6, spec.query())
                .setParameter(7, spec.thresholdEvents())
                .setParameter(8, spec.thresholdMinutes())
                .setParameter(9, emailsJson(spec.emails()))
                .setParameter(10, spec.emailMembers())
                .setParameter(11, spec.language())
                .setParameter(12, spec.webhookUrl())
                .setParameter(13, spec.webhookFormat())
                .setParameter(14, spec.quietMinutes())
                .setParameter(15, spec.enabled())
                .setParameter(16, now)
                .setParameter(17, now)
                .setParameter(18, secret)
                .executeUpdate();
        changed.fire(new RulesChanged(projectId));
        AlertRule rule = require(projectId, id);
        audit.record("alert-rule.create", "project " + projectId + " alert rule " + id, describe(rule));
        return new WithSecret(rule, secret);
    }

    /**
     * Replaces a rule's definition. The webhook secret stays while the rule keeps a webhook; a rule
     * that gets its first webhook gets a new secret (returned once).
     */
    public WithSecret update(long projectId, long ruleId, RuleSpec spec) throws Problem {
        AlertRule existing = require(projectId, ruleId);
        checkView(projectId, spec);
        String secret = null;
        String stored = secret(ruleId);
        if (spec.webhookUrl() == null) {
            stored = null;
        } else if (stored == null) {
            secret = newSecret();
            stored = secret;
        }
        em.createNativeQuery("UPDATE alert_rule SET name = ?1, trigger_kind = ?2, view_slug = ?3, query = ?4,"
                        + " threshold_events = ?5, threshold_minutes = ?6, email = ?7, email_members = ?8, language = ?9,"
                        + " webhook_url = ?10, webhook_format = ?11, webhook_secret = ?12, quiet_minutes = ?13, enabled = ?14,"
                        + " updated_at = CAST(?15 AS TIMESTAMP WITH TIME ZONE) WHERE id = ?16")
                .setParameter(1, spec.name())
                .setParameter(2, spec.trigger().wire())
                .setParameter(3, spec.viewSlug())
                .setParameter(4, spec.query())
                .setParameter(5, spec.thresholdEvents())
                .setParameter(6, spec.thresholdMinutes())
                .setParameter(7, emailsJson(spec.emails()))
                .setParameter(8, spec.emailMembers())
                .setParameter(9, spec.language())
                .setParameter(10, spec.webhookUrl())
                .setParameter(11, spec.webhookFormat())
                .setParameter(12, stored)
                .setParameter(13, spec.quietMinutes())
                .setParameter(14, spec.enabled())
                .setParameter(15, OffsetDateTime.now(ZoneOffset.UTC))
                .setParameter(16, existing.id())
                .executeUpdate();
        if (existing.trigger() != spec.trigger()
                || existing.thresholdMinutes() != spec.thresholdMinutes()
                || !java.util.Objects.equals(existing.viewSlug(), spec.viewSlug())
                || !java.util.Objects.equals(existing.query(), spec.query())) {
            // what the counts counted changed: count afresh
            em.createNativeQuery("DELETE FROM alert_count WHERE rule_id = ?1")
                    .setParameter(1, ruleId)
                    .executeUpdate();
        }
        changed.fire(new RulesChanged(projectId));
        AlertRule rule = require(projectId, ruleId);
        String before = describe(existing);
        String after = describe(rule);
        audit.record(
                "alert-rule.change",
                "project " + projectId + " alert rule " + ruleId,
                before.equals(after) ? "nothing changed" : before + " → " + after);
        return new WithSecret(rule, secret);
    }

    /** Switches a rule on or off, nothing else. */
    public AlertRule enable(long projectId, long ruleId, boolean enabled) throws Problem {
        AlertRule existing = require(projectId, ruleId);
        if (existing.enabled() != enabled) {
            audit.record(
                    enabled ? "alert-rule.enable" : "alert-rule.disable",
                    "project " + projectId + " alert rule " + ruleId,
                    "'" + existing.name() + "'");
        }
        em.createNativeQuery(
                        "UPDATE alert_rule SET enabled = ?1, updated_at = CAST(?2 AS TIMESTAMP WITH TIME ZONE) WHERE id = ?3")
                .setParameter(1, enabled)
                .setParameter(2, OffsetDateTime.now(ZoneOffset.UTC))
                .setParameter(3, ruleId)
                .executeUpdate();
        changed.fire(new RulesChanged(projectId));
        return require(projectId, ruleId);
    }

    /** Removes a rule with its history. */
    public void delete(long projectId, long ruleId) throws Problem {
        AlertRule existing = require(projectId, ruleId);
        audit.record("alert-rule.delete", "project " + projectId + " alert rule " + ruleId, describe(existing));
        // the history first: notifications refer to dispatches, both to the rule
        em.createNativeQuery("DELETE FROM alert_notification WHERE rule_id = ?1")
                .setParameter(1, ruleId)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM alert_dispatch WHERE rule_id = ?1")
                .setParameter(1, ruleId)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM alert_count WHERE rule_id = ?1")
                .setParameter(1, ruleId)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM alert_rule WHERE id = ?1")
                .setParameter(1, ruleId)
                .executeUpdate();
        changed.fire(new RulesChanged(projectId));
    }

    /** A rule for the audit log: what it does, never its webhook's address or secret. */
    private static String describe(AlertRule rule) {
        StringBuilder text = new StringBuilder("{name '")
                .append(rule.name())
                .append("', trigger ")
                .append(rule.trigger().wire());
        if (rule.viewSlug() != null) {
            text.append(", view ").append(rule.viewSlug());
        }
        if (rule.query() != null) {
            text.append(", query '").append(rule.query()).append('\'');
        }
        if (rule.trigger().counts()) {
            text.append(", threshold ")
                    .append(rule.thresholdEvents())
                    .append(" in ")
                    .append(rule.thresholdMinutes())
                    .append(" min");
        }
        text.append(", e-mail ").append(rule.emails().size()).append(" addresses");
        if (rule.emailMembers()) {
            text.append(" and the members");
        }
        if (rule.webhookUrl() != null) {
            text.append(", webhook (").append(rule.webhookFormat()).append(')');
        }
        return text.append(", quiet ")
                .append(rule.quietMinutes())
                .append(" min, ")
                .append(rule.enabled() ? "enabled" : "disabled")
                .append('}')
                .toString();
    }

    private void checkView(long projectId, RuleSpec spec) throws Problem {
        if (spec.viewSlug() != null && views.find(projectId, spec.viewSlug()).isEmpty()) {
            throw Problem.invalid("view", ProblemCode.NO_VIEW, spec.viewSlug(), projectId);
        }
    }

    private List<AlertRule> rules(String rest, Object... parameters) {
        return RULE.select(em, rest, parameters).stream().map(AlertRules::rule).toList();
    }

    /** A rule from a row of {@link #RULE_COLUMNS} (with or without a table's prefix). */
    static AlertRule rule(SqlRow row) {
        return new AlertRule(
                row.number("id"),
                row.number("project_id"),
                row.text("name"),
                Trigger.of(row.text("trigger_kind")).orElseThrow(),
                row.text("view_slug"),
                row.text("query"),
                (int) row.number("threshold_events"),
                (int) row.number("threshold_minutes"),
                emails(row.text("email")),
                row.flag("email_members"),
                row.text("language"),
                row.text("webhook_url"),
                row.text("webhook_format"),
                (int) row.number("quiet_minutes"),
                row.flag("enabled"),
                row.time("created_at"),
                row.time("updated_at"));
    }

    static List<String> emails(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try (var reader = JsonFactories.READERS.createReader(new StringReader(json))) {
            return reader.readArray().getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString)
                    .toList();
        }
    }

    private static String emailsJson(List<String> emails) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        emails.forEach(array::add);
        return array.build().toString();
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
