package io.lookout.views;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.grouping.ViewDefinition;
import io.lookout.processing.ProcessorRegistry;
import io.lookout.project.Project;
import io.lookout.security.Audit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Creates, changes and removes views at run time. A change of a view's types or keys is a new
 * definition: its groups are rebuilt from the stored events, in the background.
 */
@ApplicationScoped
@Transactional
public class Views {

    public static final int MAX_KEYS = 8;

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Audit audit;

    @Inject
    private ProcessorRegistry processors;

    /** The views ingestion applies to events of a project. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ViewDefinition> forIngest(long projectId) {
        return em.createNamedQuery("View.byProject", View.class)
                .setParameter("projectId", projectId)
                .getResultStream()
                .map(Views::definition)
                .toList();
    }

    public List<View> list(long projectId) {
        return em.createNamedQuery("View.byProject", View.class)
                .setParameter("projectId", projectId)
                .getResultList();
    }

    public Optional<View> find(long projectId, String slug) {
        return em.createNamedQuery("View.bySlug", View.class)
                .setParameter("projectId", projectId)
                .setParameter("slug", slug)
                .getResultStream()
                .findFirst();
    }

    public View create(long projectId, ViewSpec spec) throws Problem {
        handledTypes(spec);
        if (find(projectId, spec.slug()).isPresent()) {
            throw Problem.conflict("slug", ProblemCode.VIEW_EXISTS, spec.slug(), projectId);
        }
        View view = insert(projectId, spec);
        audit.record("view.create", "project " + projectId + " view " + spec.slug(), auditText(spec));
        return view;
    }

    private static String auditText(View view) {
        return auditText(new ViewSpec(
                view.getName(),
                view.getSlug(),
                view.getTypes() == null ? null : List.of(view.getTypes().split(",")),
                keys(view)));
    }

    private static String auditText(ViewSpec spec) {
        return "name '" + spec.name() + "', slug " + spec.slug() + ", types "
                + (spec.types() == null ? "all" : spec.types()) + ", keys " + spec.keys();
    }

    /**
     * Replaces a view's definition; its groups are rebuilt. The spec was read with the view's slug
     * ({@link ViewSpec#of}: a spec without one keeps it).
     */
    public View update(long projectId, String slug, ViewSpec spec) throws Problem {
        handledTypes(spec);
        View existing = find(projectId, slug).orElseThrow(() -> Problem.notFound(ProblemCode.NO_VIEW, slug, projectId));
        if (!spec.slug().equals(slug) && find(projectId, spec.slug()).isPresent()) {
            throw Problem.conflict("slug", ProblemCode.VIEW_EXISTS, spec.slug(), projectId);
        }
        String before = auditText(existing);
        em.remove(existing);
        em.flush();
        if (!spec.slug().equals(slug)) {
            // the alert rules scoped to the view follow it (io.lookout.alerts, docs/alerts.md)
            em.createNativeQuery("UPDATE alert_rule SET view_slug = ?1 WHERE project_id = ?2 AND view_slug = ?3")
                    .setParameter(1, spec.slug())
                    .setParameter(2, projectId)
                    .setParameter(3, slug)
                    .executeUpdate();
        }
        View view = insert(projectId, spec);
        String after = auditText(spec);
        audit.record(
                "view.change",
                "project " + projectId + " view " + slug,
                before.equals(after) ? "nothing changed" : before + " → " + after);
        return view;
    }

    /** Removes a view; 409 while alert rules are scoped to it (they would silently widen to the whole project). */
    public void delete(long projectId, String slug) throws Problem {
        View view = find(projectId, slug).orElseThrow(() -> Problem.notFound(ProblemCode.NO_VIEW, slug, projectId));
        @SuppressWarnings("unchecked")
        List<String> rules = em.createNativeQuery(
                        "SELECT name FROM alert_rule WHERE project_id = ?1 AND view_slug = ?2 ORDER BY id")
                .setParameter(1, projectId)
                .setParameter(2, slug)
                .getResultList();
        if (!rules.isEmpty()) {
            throw Problem.conflict(null, ProblemCode.VIEW_IN_USE, slug, String.join(", ", rules));
        }
        em.remove(view);
        audit.record("view.delete", "project " + projectId + " view " + slug, null);
    }

    /** A view of a type no processor handles would stay empty: 400 naming the type and the known ones. */
    private void handledTypes(ViewSpec spec) throws Problem {
        if (spec.types() == null) {
            return;
        }
        Set<String> known = processors.types();
        for (int i = 0; i < spec.types().size(); i++) {
            String type = spec.types().get(i);
            if (!known.contains(type)) {
                throw Problem.invalid(
                        "types[" + i + "]", ProblemCode.UNKNOWN_EVENT_TYPE, type, String.join(", ", known));
            }
        }
    }

    private View insert(long projectId, ViewSpec spec) {
        Project project = em.find(Project.class, projectId, LockModeType.PESSIMISTIC_WRITE);
        long generation = project.nextViewGeneration();
        long total = countEvents(projectId, spec.types());
        View view = new View(
                projectId,
                spec.slug(),
                spec.name(),
                spec.types() == null ? null : String.join(",", spec.types()),
                keysJson(spec.keys()),
                generation,
                OffsetDateTime.now(ZoneOffset.UTC),
                total == 0 ? View.DONE : View.PENDING,
                total);
        em.persist(view);
        return view;
    }

    private long countEvents(long projectId, List<String> types) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM event WHERE project_id = ?1");
        if (types != null) {
            sql.append(" AND type IN (");
            for (int i = 0; i < types.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append('?').append(i + 2);
            }
            sql.append(')');
        }
        var query = em.createNativeQuery(sql.toString()).setParameter(1, projectId);
        if (types != null) {
            for (int i = 0; i < types.size(); i++) {
                query.setParameter(i + 2, types.get(i));
            }
        }
        return ((Number) query.getSingleResult()).longValue();
    }

    public static ViewDefinition definition(View view) {
        Set<String> types = view.getTypes() == null
                ? null
                : Set.copyOf(Arrays.asList(view.getTypes().split(",")));
        return new ViewDefinition(view.getId(), view.getGeneration(), types, keys(view));
    }

    public static List<String> keys(View view) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(view.getTagKeys()))) {
            return reader.readArray().getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString)
                    .toList();
        }
    }

    /** The view as the API answers it and the administration page lists it. */
    public static ViewInfo describe(View view) {
        return new ViewInfo(
                view.getName(),
                view.getSlug(),
                view.getTypes() == null ? null : List.of(view.getTypes().split(",")),
                keys(view),
                view.getCreatedAt().toInstant(),
                new ViewInfo.BackfillProgress(
                        view.getBackfillState(), view.getBackfillDone(), view.getBackfillTotal()));
    }

    private static String keysJson(List<String> keys) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        keys.forEach(array::add);
        return array.build().toString();
    }
}
