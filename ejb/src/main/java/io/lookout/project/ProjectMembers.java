package io.lookout.project;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.security.Audit;
import io.lookout.security.User;
import io.lookout.security.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Who belongs to a project: members (role {@code member}) read the projects they belong to
 * ({@code io.lookout.security.ProjectAccess}); admins read every project anyway.
 */
@ApplicationScoped
public class ProjectMembers {

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Audit audit;

    @Inject
    private Projects projects;

    @Inject
    private Users users;

    /** The user names of the project's members, sorted; 404 for an unknown project. */
    public List<String> list(long projectId) throws Problem {
        requireProject(projectId);
        @SuppressWarnings("unchecked")
        List<String> names = em.createNativeQuery(
                        "SELECT u.username FROM project_member m JOIN app_user u ON u.id = m.user_id"
                                + " WHERE m.project_id = ?1 ORDER BY u.username")
                .setParameter(1, projectId)
                .getResultList();
        return names;
    }

    /** Whether the user belongs to the project; 404 for an unknown project or user. */
    public boolean isMember(long projectId, String username) throws Problem {
        requireProject(projectId);
        return isMember(projectId, users.require(username));
    }

    /** Adds the user to the project; {@code false} when they were a member already. 404 for an unknown project or user. */
    @Transactional
    public boolean add(long projectId, String username) throws Problem {
        requireProject(projectId);
        User user = users.require(username);
        // one change of a user's memberships at a time: a repeated add finds the first one's row
        em.find(User.class, user.getId(), LockModeType.PESSIMISTIC_WRITE);
        if (isMember(projectId, user)) {
            return false;
        }
        em.createNativeQuery("INSERT INTO project_member (project_id, user_id) VALUES (?1, ?2)")
                .setParameter(1, projectId)
                .setParameter(2, user.getId())
                .executeUpdate();
        audit.record("project.member-add", "project " + projectId, "user " + user.getUsername());
        return true;
    }

    /** Removes the user from the project; {@code false} when they were not a member. 404 for an unknown project or user. */
    @Transactional
    public boolean remove(long projectId, String username) throws Problem {
        requireProject(projectId);
        User user = users.require(username);
        boolean removed = em.createNativeQuery("DELETE FROM project_member WHERE project_id = ?1 AND user_id = ?2")
                        .setParameter(1, projectId)
                        .setParameter(2, user.getId())
                        .executeUpdate()
                > 0;
        if (removed) {
            audit.record("project.member-remove", "project " + projectId, "user " + user.getUsername());
        }
        return removed;
    }

    private boolean isMember(long projectId, User user) {
        Number count = (Number)
                em.createNativeQuery("SELECT COUNT(*) FROM project_member WHERE project_id = ?1 AND user_id = ?2")
                        .setParameter(1, projectId)
                        .setParameter(2, user.getId())
                        .getSingleResult();
        return count.longValue() > 0;
    }

    private void requireProject(long projectId) throws Problem {
        if (projects.find(projectId).isEmpty()) {
            throw Problem.notFound(ProblemCode.NO_PROJECT, projectId);
        }
    }
}
