package io.lookout.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;

/** Who may read a project: admins all of them, members the projects they belong to. */
@ApplicationScoped
public class ProjectAccess {

    @Inject
    private SecurityContext security;

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private TokenRestriction restriction;

    /** The calling user's name, or null when nobody is logged in. */
    public String callerName() {
        Principal caller = security.getCallerPrincipal();
        return caller == null || "anonymous".equals(caller.getName()) ? null : caller.getName();
    }

    /**
     * Whether the user (by id) may read the project: an admin, or a member of it. Who may be assigned
     * a group of the project.
     */
    public boolean userMayRead(long userId, long projectId) {
        Number count = (Number) em.createNativeQuery("SELECT COUNT(*) FROM app_user u WHERE u.id = ?1 AND (EXISTS"
                        + " (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = ?2) OR EXISTS"
                        + " (SELECT 1 FROM project_member m WHERE m.user_id = u.id AND m.project_id = ?3))")
                .setParameter(1, userId)
                .setParameter(2, Roles.ADMIN)
                .setParameter(3, projectId)
                .getSingleResult();
        return count.longValue() > 0;
    }

    /**
     * Whether the caller may read the project: an admin, or a member of it — and, with an API token
     * restricted to some projects, only those ({@link TokenRestriction}).
     */
    public boolean mayRead(long projectId) {
        if (!restriction.allows(projectId)) {
            return false;
        }
        if (security.isCallerInRole(Roles.ADMIN)) {
            return true;
        }
        Principal caller = security.getCallerPrincipal();
        if (caller == null || !security.isCallerInRole(Roles.MEMBER)) {
            return false;
        }
        Number count = (Number)
                em.createNativeQuery("SELECT COUNT(*) FROM project_member m JOIN app_user u ON u.id = m.user_id"
                                + " WHERE m.project_id = ?1 AND u.username = ?2")
                        .setParameter(1, projectId)
                        .setParameter(2, caller.getName())
                        .getSingleResult();
        return count.longValue() > 0;
    }
}
