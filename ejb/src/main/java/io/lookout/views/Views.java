package io.lookout.views;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.event.Patterns;
import io.lookout.grouping.ViewDefinition;
import io.lookout.project.Project;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

    public View create(long projectId, JsonObject json) throws Problem {
        Spec spec = Spec.of(json, null);
        if (find(projectId, spec.slug()).isPresent()) {
            throw new Problem(409, "slug", "a view '" + spec.slug() + "' exists already in project " + projectId);
        }
        return insert(projectId, spec);
    }

    /** Replaces a view's definition; its groups are rebuilt. */
    public View update(long projectId, String slug, JsonObject json) throws Problem {
        View existing = find(projectId, slug)
                .orElseThrow(() -> Problem.notFound("no view '" + slug + "' in project " + projectId));
        Spec spec = Spec.of(json, slug);
        if (!spec.slug().equals(slug) && find(projectId, spec.slug()).isPresent()) {
            throw new Problem(409, "slug", "a view '" + spec.slug() + "' exists already in project " + projectId);
        }
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
        return insert(projectId, spec);
    }

    /** Removes a view; 409 while alert rules are scoped to it (they would silently widen to the whole project). */
    public void delete(long projectId, String slug) throws Problem {
        View view = find(projectId, slug)
                .orElseThrow(() -> Problem.notFound("no view '" + slug + "' in project " + projectId));
        @SuppressWarnings("unchecked")
        List<String> rules = em.createNativeQuery(
                        "SELECT name FROM alert_rule WHERE project_id = ?1 AND view_slug = ?2 ORDER BY id")
                .setParameter(1, projectId)
                .setParameter(2, slug)
                .getResultList();
        if (!rules.isEmpty()) {
            throw new Problem(
                    409,
                    null,
                    "view '" + slug + "' is the scope of alert rules " + String.join(", ", rules)
                            + ": change or delete them first");
        }
        em.remove(view);
    }

    private View insert(long projectId, Spec spec) {
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

    public static JsonObject toJson(View view) {
        JsonArrayBuilder keys = JsonFactories.BUILDERS.createArrayBuilder();
        keys(view).forEach(keys::add);
        JsonObjectBuilder json = JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("name", view.getName())
                .add("slug", view.getSlug());
        if (view.getTypes() == null) {
            json.addNull("types");
        } else {
            JsonArrayBuilder types = JsonFactories.BUILDERS.createArrayBuilder();
            Arrays.stream(view.getTypes().split(",")).forEach(types::add);
            json.add("types", types);
        }
        return json.add("keys", keys)
                .add("createdAt", view.getCreatedAt().toInstant().toString())
                .add(
                        "backfill",
                        JsonFactories.BUILDERS
                                .createObjectBuilder()
                                .add("state", view.getBackfillState())
                                .add("done", view.getBackfillDone())
                                .add("total", view.getBackfillTotal()))
                .build();
    }

    private static String keysJson(List<String> keys) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        keys.forEach(array::add);
        return array.build().toString();
    }

    /** A view definition as a client sent it, checked. */
    record Spec(String name, String slug, List<String> types, List<String> keys) {

        static Spec of(JsonObject json, String currentSlug) throws Problem {
            JsonValue nameValue = json.get("name");
            if (!(nameValue instanceof JsonString nameString)
                    || nameString.getString().isBlank()) {
                throw Problem.invalid("name", "is required");
            }
            String name = nameString.getString().strip();
            if (name.length() > 200) {
                throw Problem.invalid("name", "is longer than 200 characters");
            }
            String slug;
            JsonValue slugValue = json.get("slug");
            if (slugValue == null || slugValue.getValueType() == JsonValue.ValueType.NULL) {
                slug = currentSlug != null ? currentSlug : slugOf(name);
            } else if (slugValue instanceof JsonString slugString) {
                slug = slugString.getString();
            } else {
                throw Problem.invalid("slug", "must be a string");
            }
            if (!Patterns.SLUG.matcher(slug).matches()) {
                throw Problem.invalid(
                        "slug", "must be 1 to 64 lower-case letters, digits or '-', starting with a letter or digit");
            }
            return new Spec(name, slug, types(json.get("types")), keys(json.get("keys")));
        }

        private static List<String> types(JsonValue value) throws Problem {
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            if (value.getValueType() != JsonValue.ValueType.ARRAY
                    || value.asJsonArray().isEmpty()) {
                throw Problem.invalid("types", "must be null (all types) or a non-empty array of event types");
            }
            Set<String> types = new LinkedHashSet<>();
            JsonArray array = value.asJsonArray();
            for (int i = 0; i < array.size(); i++) {
                if (!(array.get(i) instanceof JsonString type)
                        || !Patterns.TYPE.matcher(type.getString()).matches()) {
                    throw Problem.invalid(
                            "types[" + i + "]", "must be an event type (lower-case letters, digits, '-', '_')");
                }
                types.add(type.getString());
            }
            return List.copyOf(types);
        }

        private static List<String> keys(JsonValue value) throws Problem {
            if (value == null
                    || value.getValueType() != JsonValue.ValueType.ARRAY
                    || value.asJsonArray().isEmpty()) {
                throw Problem.invalid("keys", "must be a non-empty array of tag keys");
            }
            JsonArray array = value.asJsonArray();
            if (array.size() > MAX_KEYS) {
                throw Problem.invalid("keys", "has more than " + MAX_KEYS + " keys");
            }
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                if (!(array.get(i) instanceof JsonString key)
                        || !Patterns.TAG_KEY.matcher(key.getString()).matches()) {
                    throw Problem.invalid(
                            "keys[" + i + "]", "must be a tag key (1 to 64 letters, digits, '_', '.', ':', '-')");
                }
                if (keys.contains(key.getString())) {
                    throw Problem.invalid("keys[" + i + "]", "repeats '" + key.getString() + "'");
                }
                keys.add(key.getString());
            }
            return List.copyOf(keys);
        }

        private static String slugOf(String name) {
            String slug =
                    name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
            return slug.isEmpty() ? "view" : slug.substring(0, Math.min(64, slug.length()));
        }
    }
}
