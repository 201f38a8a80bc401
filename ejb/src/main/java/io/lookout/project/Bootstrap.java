package io.lookout.project;

import io.lookout.operations.LookoutLog;
import io.lookout.security.Passwords;
import io.lookout.security.Roles;
import io.lookout.security.User;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * First start on an empty database: creates the user {@code admin} and project {@code 1}
 * ({@code default}) from configuration, generating (and logging once) what is not configured.
 *
 * <p>Several nodes may start together on one empty database: each creation is a transaction of
 * its own, and the database's unique constraints (the user name, the project id) let one node's
 * commit through; the other node's insert fails, it finds the row the first one committed, says so
 * ({@code LOOKOUT0124}) and starts. A generated password is logged only by the node whose admin was
 * committed.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionManagement(TransactionManagementType.BEAN)
public class Bootstrap {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Resource
    private UserTransaction transaction;

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
            Optional<String> configured = adminPassword.filter(p -> !p.isBlank());
            String password = configured.orElseGet(() -> randomHex(12));
            if (create(
                    "User.countAll",
                    "user 'admin'",
                    () -> em.persist(new User("admin", passwords.hash(password), Set.of(Roles.ADMIN))))) {
                if (configured.isEmpty()) {
                    LookoutLog.LOG.adminCreatedWithGeneratedPassword(password);
                }
                LookoutLog.LOG.adminCreated();
            }
        }
        if (count("Project.countAll") == 0) {
            String key = projectKey.filter(k -> !k.isBlank()).orElseGet(Projects::newPublicKey);
            Project project = new Project(1L, "default", "Default", key);
            if (create("Project.countAll", "project 1 'default'", () -> em.persist(project))) {
                LookoutLog.LOG.defaultProjectCreated(projects.dsn(project));
            }
        }
    }

    /**
     * Runs {@code insert} in a transaction of its own; {@code false} when another node committed
     * the same first row meanwhile (then {@code countQuery} finds it), the insert's failure otherwise.
     */
    private boolean create(String countQuery, String what, Runnable insert) {
        try {
            transaction.begin();
            insert.run();
            em.flush();
            transaction.commit();
            return true;
        } catch (Exception e) {
            rollback();
            if (count(countQuery) > 0) {
                LookoutLog.LOG.bootstrapDoneElsewhere(what);
                return false;
            }
            throw new IllegalStateException("cannot create " + what, e);
        }
    }

    private void rollback() {
        try {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transaction.rollback();
            }
        } catch (SystemException | RuntimeException e) {
            // the transaction is gone already; the count decides
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
