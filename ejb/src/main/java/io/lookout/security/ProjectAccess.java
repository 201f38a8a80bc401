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

    public boolean mayRead(long projectId) {
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
