package io.lookout.project;

import io.lookout.operations.LookoutLog;
import io.lookout.security.Passwords;
import io.lookout.security.Roles;
import io.lookout.security.User;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * First start on an empty database: creates the user {@code admin} and project {@code 1}
 * ({@code default}) from configuration, generating (and logging once) what is not configured.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class Bootstrap {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Passwords passwords;

    @Inject
    private Projects projects;

    @Inject
    @ConfigProperty(name = "lookout.bootstrap.admin-password")
    private Optional<String> adminPassword;

    @Inject
    @ConfigProperty(name = "lookout.bootstrap.project-key")
    private Optional<String> projectKey;

    @PostConstruct
    void bootstrap() {
        if (count("User.countAll") == 0) {
            String password = adminPassword.filter(p -> !p.isBlank()).orElseGet(() -> {
                String generated = randomHex(12);
                LookoutLog.LOG.adminCreatedWithGeneratedPassword(generated);
                return generated;
            });
            em.persist(new User("admin", passwords.hash(password), Set.of(Roles.ADMIN)));
            LookoutLog.LOG.adminCreated();
        }
        if (count("Project.countAll") == 0) {
            String key = projectKey.filter(k -> !k.isBlank()).orElseGet(Projects::newPublicKey);
            Project project = new Project(1L, "default", "Default", key);
            em.persist(project);
            LookoutLog.LOG.defaultProjectCreated(projects.dsn(project));
        }
    }

    private long count(String namedQuery) {
        return em.createNamedQuery(namedQuery, Long.class).getSingleResult();
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
