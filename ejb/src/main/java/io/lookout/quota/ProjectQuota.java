package io.lookout.quota;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.project.Project;
import io.lookout.project.ProjectChanged;
import io.lookout.project.QuotaSettings;
import io.lookout.security.Audit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * A project's quota settings as admins read and write them ({@code /api/admin/projects/{id}/quota} and
 * the admin project page): a save is audited ({@code project.quota}) and reaches every node's
 * {@link io.lookout.project.ProjectSnapshots} through {@link ProjectChanged} (other nodes within
 * their cache time).
 */
@ApplicationScoped
public class ProjectQuota {

    public static final String PER_MINUTE = "eventsPerMinute";
    public static final String PER_DAY = "eventsPerDay";
    public static final String SPIKE_FACTOR = "spikeFactor";
    static final List<String> FIELDS = List.of(PER_MINUTE, PER_DAY, SPIKE_FACTOR);
    /** The largest count a limit may be. */
    public static final long MAX_EVENTS = 1_000_000_000_000L;

    public static final double MAX_SPIKE_FACTOR = 1000;

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Event<ProjectChanged> changes;

    @Inject
    private Audit audit;

    @Inject
    private Quotas quotas;

    public QuotaInfo get(long projectId) throws Problem {
        return quotas.describe(projectId, project(projectId, LockModeType.NONE).getQuota());
    }

    /** Replaces the settings (a field left out or null: the server's default). */
    @Transactional
    public QuotaInfo save(long projectId, QuotaSettings settings) throws Problem {
        Project project = project(projectId, LockModeType.PESSIMISTIC_WRITE);
        QuotaSettings before = project.getQuota();
        project.setQuota(settings);
        changes.fire(new ProjectChanged(projectId));
        audit.record("project.quota", "project " + projectId, describe(before) + " → " + describe(settings));
        return quotas.describe(projectId, settings);
    }

    /** The settings of a body {@code {"eventsPerMinute": n|null, "eventsPerDay": n|null, "spikeFactor": x|null}}. */
    public static QuotaSettings settings(JsonObject body) throws Problem {
        for (String key : body.keySet()) {
            if (!FIELDS.contains(key)) {
                throw Problem.invalid(key, ProblemCode.UNKNOWN_FIELD, String.join(", ", FIELDS));
            }
        }
        return new QuotaSettings(events(body, PER_MINUTE), events(body, PER_DAY), factor(body));
    }

    /** A setting typed into a form: blank is the default, otherwise a whole number of events. */
    public static Long events(String field, String text) throws Problem {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return checkEvents(field, Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            throw Problem.invalid(field, ProblemCode.WHOLE_NUMBER_RANGE, 0, MAX_EVENTS);
        }
    }

    /** A spike factor typed into a form: blank is the default. */
    public static Double factor(String field, String text) throws Problem {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return checkFactor(field, Double.parseDouble(text.strip()));
        } catch (NumberFormatException e) {
            throw Problem.invalid(field, ProblemCode.BETWEEN, 0, MAX_SPIKE_FACTOR);
        }
    }

    private static Long events(JsonObject body, String field) throws Problem {
        JsonValue value = body.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw Problem.invalid(field, ProblemCode.WHOLE_NUMBER_RANGE, 0, MAX_EVENTS);
        }
        try {
            return checkEvents(field, number.longValueExact());
        } catch (ArithmeticException e) {
            throw Problem.invalid(field, ProblemCode.WHOLE_NUMBER_RANGE, 0, MAX_EVENTS);
        }
    }

    private static Double factor(JsonObject body) throws Problem {
        JsonValue value = body.get(SPIKE_FACTOR);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number)) {
            throw Problem.invalid(SPIKE_FACTOR, ProblemCode.BETWEEN, 0, MAX_SPIKE_FACTOR);
        }
        return checkFactor(SPIKE_FACTOR, number.doubleValue());
    }

    private static long checkEvents(String field, long events) throws Problem {
        if (events < 0 || events > MAX_EVENTS) {
            throw Problem.invalid(field, ProblemCode.WHOLE_NUMBER_RANGE, 0, MAX_EVENTS);
        }
        return events;
    }

    private static double checkFactor(String field, double factor) throws Problem {
        if (!(factor >= 0 && factor <= MAX_SPIKE_FACTOR)) {
            throw Problem.invalid(field, ProblemCode.BETWEEN, 0, MAX_SPIKE_FACTOR);
        }
        return factor;
    }

    /** How the audit log writes settings: {@code 600/min, default/day, spike ×3}. */
    static String describe(QuotaSettings settings) {
        return (settings.perMinute() == null ? "default" : settings.perMinute()) + "/min, "
                + (settings.perDay() == null ? "default" : settings.perDay()) + "/day, spike "
                + (settings.spikeFactor() == null ? "default" : "×" + settings.spikeFactor());
    }

    private Project project(long projectId, LockModeType lock) throws Problem {
        Project project = em.find(Project.class, projectId, lock);
        if (project == null) {
            throw Problem.notFound(ProblemCode.NO_PROJECT, projectId);
        }
        return project;
    }
}
