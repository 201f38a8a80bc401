package io.lookout.project;

import io.lookout.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Finds projects and checks their public keys. */
@ApplicationScoped
public class Projects {

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    public Optional<Project> find(long id) {
        return Optional.ofNullable(em.find(Project.class, id));
    }

    /** Parses a project id as it appears in a URL or a message property; empty when it is not one. */
    public static Optional<Long> parseId(String text) {
        if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    /** The project id of a URL, or 404 when the text is not one. */
    public static long require(String text) throws Problem {
        return parseId(text).orElseThrow(() -> Problem.notFound("no project " + text));
    }

    /** Whether {@code key} is the project's public key (compared in constant time). */
    public static boolean keyMatches(Project project, String key) {
        return key != null && MessageDigest.isEqual(
                project.getPublicKey().getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    }
}
