package io.lookout.project;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.processing.rules.GroupingRules;
import io.lookout.processing.rules.RuleSyntaxException;
import io.lookout.security.Audit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;

/**
 * A project's grouping rules as admins read and write them (docs/grouping.md, "Rules"): saved only
 * when they parse; a save reaches the consumers' {@link ProjectSnapshots} through {@link ProjectChanged}.
 */
@ApplicationScoped
public class ProjectGroupingRules {

    /** The field of the rules in requests and problems. */
    public static final String FIELD = "rules";

    /**
     * @param rules the text as written, {@code ""} for none
     * @param updatedAt when it last changed, or {@code null} when it never did
     */
    public record Rules(String rules, OffsetDateTime updatedAt) {}

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Event<ProjectChanged> changes;

    @Inject
    private Audit audit;

    /** How the audit log names a text of rules: how many lines hold a rule. */
    static String rulesCount(String text) {
        if (text == null || text.isBlank()) {
            return "no rules";
        }
        long rules = text.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .count();
        return rules == 1 ? "1 rule" : rules + " rules";
    }

    public Rules get(long projectId) throws Problem {
        Project project = em.find(Project.class, projectId);
        if (project == null) {
            throw Problem.notFound(ProblemCode.NO_PROJECT, projectId);
        }
        return rulesOf(project);
    }

    /** Saves the rules (blank: none); 400 naming line and column when they do not parse. */
    @Transactional
    public Rules save(long projectId, String text) throws Problem {
        compile(text);
        Project project = em.find(Project.class, projectId, LockModeType.PESSIMISTIC_WRITE);
        if (project == null) {
            throw Problem.notFound(ProblemCode.NO_PROJECT, projectId);
        }
        String before = project.getGroupingRules();
        project.setGroupingRules(text);
        changes.fire(new ProjectChanged(projectId));
        audit.record("project.grouping-rules", "project " + projectId, rulesCount(before) + " → " + rulesCount(text));
        return rulesOf(project);
    }

    /** The rules compiled, or a 400 on the field {@value #FIELD} naming line, column and problem. */
    public static GroupingRules compile(String text) throws Problem {
        try {
            return GroupingRules.parse(text);
        } catch (RuleSyntaxException e) {
            throw e.line() > 0
                    ? Problem.invalid(FIELD, ProblemCode.RULES_SYNTAX, e.line(), e.column(), e.problem())
                    : Problem.invalid(FIELD, ProblemCode.RULES_INVALID, e.problem());
        }
    }

    /** The rules of a request body {@code {"rules": "..." | null}}: a string, or null for none. */
    public static String text(JsonObject body) throws Problem {
        JsonValue value = body.get(FIELD);
        if (value == null) {
            throw Problem.invalid(FIELD, ProblemCode.REQUIRED);
        }
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        if (!(value instanceof JsonString text)) {
            throw Problem.invalid(FIELD, ProblemCode.NOT_A_STRING);
        }
        if (text.getString().length() > GroupingRules.MAX_LENGTH) {
            throw Problem.invalid(FIELD, ProblemCode.TOO_LONG, GroupingRules.MAX_LENGTH);
        }
        return text.getString();
    }

    private static Rules rulesOf(Project project) {
        String text = project.getGroupingRules();
        return new Rules(text == null ? "" : text, project.getGroupingRulesUpdatedAt());
    }
}
