package io.lookout.alerts;

import io.lookout.query.language.Query;
import io.lookout.query.language.QueryParser;
import io.lookout.query.language.QuerySyntaxException;
import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The enabled rules of each project as the store evaluates them (scope compiled, view resolved to
 * its id), kept like the project snapshots for {@code lookout.ingest.project-cache-millis}: every
 * stored batch needs them. A change on this node takes effect at once; other nodes see it within
 * the cache time. A rule whose view no longer exists is left out.
 */
@ApplicationScoped
public class ActiveRules {

    /** A rule ready for evaluation. */
    record Active(AlertRule rule, Scope scope) {}

    private record Entry(List<Active> rules, long readAtNanos) {}

    /** A rule's columns and the id of the view it names ({@code null}: no view, or not there any more). */
    private static final Columns RULE_AND_VIEW = new Columns(Arrays.stream(AlertRules.RULE_COLUMNS)
                    .map(column -> "r." + column)
                    .toArray(String[]::new))
            .and("v.id AS view_id");

    private final ConcurrentMap<Long, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    @ConfigProperty(name = "lookout.ingest.project-cache-millis", defaultValue = "2000")
    private long cacheMillis;

    /** The project's enabled rules; read in the caller's transaction when not cached. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Active> of(long projectId) {
        long now = System.nanoTime();
        Entry entry = entries.get(projectId);
        if (entry != null && now - entry.readAtNanos() < cacheMillis * 1_000_000L) {
            return entry.rules();
        }
        long before = changes.get();
        List<Active> rules = read(projectId);
        if (cacheMillis > 0 && changes.get() == before) {
            entries.put(projectId, new Entry(rules, now));
        }
        return rules;
    }

    private List<Active> read(long projectId) {
        List<SqlRow> rows = RULE_AND_VIEW.select(
                em,
                "FROM alert_rule r LEFT JOIN lookout_view v ON v.project_id = r.project_id AND v.slug = r.view_slug"
                        + " WHERE r.project_id = ?1 AND r.enabled = TRUE ORDER BY r.id",
                projectId);
        List<Active> rules = new ArrayList<>(rows.size());
        for (SqlRow row : rows) {
            AlertRule rule = AlertRules.rule(row);
            Long viewId = row.numberOrNull("view_id");
            if (rule.viewSlug() != null && viewId == null) {
                continue;
            }
            Query query;
            try {
                query = rule.query() == null ? Query.EMPTY : QueryParser.parse(rule.query());
            } catch (QuerySyntaxException e) {
                continue; // checked when saved; a later change of the language could refuse it
            }
            rules.add(new Active(rule, new Scope(viewId, query)));
        }
        return List.copyOf(rules);
    }

    void changed(@Observes(during = TransactionPhase.AFTER_COMPLETION) AlertRules.RulesChanged change) {
        changes.incrementAndGet();
        entries.remove(change.projectId());
    }
}
