package io.lookout.project;

import io.lookout.operations.LookoutLog;
import io.lookout.security.Roles;
import io.lookout.security.User;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
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
    private Pbkdf2PasswordHash passwordHash;

    @Inject
    @ConfigProperty(name = "lookout.bootstrap.admin-password")
    private Optional<String> adminPassword;

    @Inject
    @ConfigProperty(name = "lookout.bootstrap.project-key")
    private Optional<String> projectKey;

    @Inject
    @ConfigProperty(name = "lookout.public-url", defaultValue = "http://localhost:8080")
    private String publicUrl;

    @PostConstruct
    void bootstrap() {
        if (count("User.countAll") == 0) {
            String password = adminPassword.filter(p -> !p.isBlank()).orElseGet(() -> {
                String generated = randomHex(12);
                LookoutLog.LOG.adminCreatedWithGeneratedPassword(generated);
                return generated;
            });
            passwordHash.initialize(Map.of(
                    "Pbkdf2PasswordHash.Algorithm", value(Roles.HASH_ALGORITHM),
                    "Pbkdf2PasswordHash.Iterations", value(Roles.HASH_ITERATIONS),
                    "Pbkdf2PasswordHash.SaltSizeBytes", value(Roles.HASH_SALT_BYTES),
                    "Pbkdf2PasswordHash.KeySizeBytes", value(Roles.HASH_KEY_BYTES)));
            em.persist(new User("admin", passwordHash.generate(password.toCharArray()), Set.of(Roles.ADMIN)));
            LookoutLog.LOG.adminCreated();
        }
        if (count("Project.countAll") == 0) {
            String key = projectKey.filter(k -> !k.isBlank()).orElseGet(() -> randomHex(16));
            em.persist(new Project(1L, "default", "Default", key));
            LookoutLog.LOG.defaultProjectCreated(dsn(key, 1));
        }
    }

    private String dsn(String key, long projectId) {
        String url = publicUrl.replaceFirst("/+$", "");
        int scheme = url.indexOf("://");
        return url.substring(0, scheme + 3) + key + "@" + url.substring(scheme + 3) + "/" + projectId;
    }

    private long count(String namedQuery) {
        return em.createNamedQuery(namedQuery, Long.class).getSingleResult();
    }

    private static String value(String parameter) {
        return parameter.substring(parameter.indexOf('=') + 1);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
