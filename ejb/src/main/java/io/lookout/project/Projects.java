package io.lookout.project;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.scrubbing.ScrubCounts;
import io.lookout.security.Audit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Finds, creates and lists projects, hands out and checks their public keys, and writes their DSNs. */
@ApplicationScoped
public class Projects {

    /** A project's slug: it is the {@code project} tag of its events, so it never changes. */
    public static final int MAX_NAME_LENGTH = 200;

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Audit audit;

    @Inject
    private Event<ProjectChanged> changes;

    @Inject
    private ScrubCounts scrubCounts;

    @Inject
    @ConfigProperty(name = "lookout.public-url", defaultValue = "http://localhost:8080")
    private String publicUrl;

    public Optional<Project> find(long id) {
        return Optional.ofNullable(em.find(Project.class, id));
    }

    /** Every project, by id. */
    public List<Project> list() {
        return em.createQuery("SELECT p FROM Project p ORDER BY p.id", Project.class)
                .getResultList();
    }

    /** A new project with a generated public key; 409 when a project has its slug already. */
    @Transactional
    public Project create(NewProject command) throws Problem {
        String slug = command.slug();
        String name = command.name();
        long existing = em.createQuery("SELECT COUNT(p) FROM Project p WHERE p.slug = :slug", Long.class)
                .setParameter("slug", slug)
                .getSingleResult();
        if (existing > 0) {
            throw Problem.conflict("slug", ProblemCode.PROJECT_EXISTS, slug);
        }
        Project project = new Project(null, slug, name, newPublicKey());
        em.persist(project);
        em.flush();
        audit.record("project.create", "project " + project.getId(), "name '" + name + "', slug " + slug);
        return project;
    }

    /** Gives the project a new public key; the old one stops working at once (senders need the new DSN). */
    @Transactional
    public Project rotateKey(long projectId) throws Problem {
        Project project = em.find(Project.class, projectId, LockModeType.PESSIMISTIC_WRITE);
        if (project == null) {
            throw Problem.notFound(ProblemCode.NO_PROJECT, projectId);
        }
        project.setPublicKey(newPublicKey());
        changes.fire(new ProjectChanged(projectId));
        audit.record("project.key-rotate", "project " + projectId, "a new public key; the old one no longer works");
        return project;
    }

    /** The DSN of the Sentry SDKs: {@code lookout.public-url} with the project's key and id. */
    public String dsn(Project project) {
        return dsn(publicUrl, project);
    }

    static String dsn(String baseUrl, Project project) {
        String url = baseUrl.replaceFirst("/+$", "");
        int scheme = url.indexOf("://");
        return url.substring(0, scheme + 3) + project.getPublicKey() + "@" + url.substring(scheme + 3) + "/"
                + project.getId();
    }

    /** The project as the administration API answers it: with its key, DSN and these members. */
    public AdminProject describe(Project project, List<String> members) {
        return new AdminProject(
                project.getId(),
                project.getSlug(),
                project.getName(),
                project.getPublicKey(),
                dsn(project),
                project.getRetentionDays(),
                project.getCreatedAt().toString(),
                new AdminProject.ScrubbingSummary(project.getScrubbing().enabled(), scrubCounts.count(project.getId())),
                members);
    }

    /** A new public key: 32 random hex characters. */
    public static String newPublicKey() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    static String slugOf(String name) {
        String slug =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty()
                ? "project"
                : slug.substring(0, Math.min(64, slug.length())).replaceAll("-+$", "");
    }

    /** Parses a project id as it appears in a URL or a message property; empty when it is not one. */
    public static Optional<Long> parseId(String text) {
        if (text == null
                || text.isEmpty()
                || text.length() > 18
                || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    /** The project id of a URL, or 404 when the text is not one. */
    public static long require(String text) throws Problem {
        return parseId(text).orElseThrow(() -> Problem.notFound(ProblemCode.NO_PROJECT, text));
    }
}
