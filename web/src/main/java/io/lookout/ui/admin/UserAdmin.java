package io.lookout.ui.admin;

import io.lookout.Problem;
import io.lookout.project.Project;
import io.lookout.project.Projects;
import io.lookout.security.LoginThrottles;
import io.lookout.security.NewUser;
import io.lookout.security.Roles;
import io.lookout.security.User;
import io.lookout.security.UserChange;
import io.lookout.security.UserInfo;
import io.lookout.security.Users;
import io.lookout.web.security.ValidatedCredentials;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The administration's users page, {@code /admin/users.xhtml} (admins only, also by web.xml): the
 * users with their roles and the projects they are members of (each a link to its page); create
 * one with a password and roles, change a user's roles, password, e-mail address (for the alert
 * mails to a project's members) or language (of those mails), delete one.
 */
@Named
@ViewScoped
public class UserAdmin implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The form of the users table and its editing panel. */
    private static final String USERS = "users";

    /** The form that creates a user. */
    private static final String NEW_USER = "newUser";

    @Inject
    private transient Users users;

    @Inject
    private transient Projects projects;

    @Inject
    private transient SecurityContext security;

    @Inject
    private transient ValidatedCredentials validated;

    @Inject
    private transient Feedback feedback;

    @Inject
    private transient LoginThrottles throttles;

    private java.util.Set<String> locked = java.util.Set.of();

    private List<UserInfo> rows = List.of();
    private Map<Long, String> projectNames = Map.of();

    private String newUsername;
    private String newPassword;
    private List<String> newRoles = new ArrayList<>(List.of(Roles.MEMBER));
    private String newEmail;
    private String newLanguage = "en";

    private String editing;
    private List<String> editRoles = new ArrayList<>();
    private String editPassword;
    private String editEmail;
    private String editLanguage;

    @PostConstruct
    void init() {
        load();
    }

    void load() {
        if (!security.isCallerInRole(Roles.ADMIN)) {
            rows = List.of();
            return;
        }
        Map<Long, String> names = new HashMap<>();
        for (Project project : projects.list()) {
            names.put(project.getId(), project.getName());
        }
        projectNames = names;
        rows = users.list();
        locked = throttles.lockedUsers();
    }

    public void create() throws Problem {
        requireAdmin();
        try {
            User user = users.create(NewUser.of(
                    newUsername == null ? "" : newUsername.strip(),
                    newPassword == null ? "" : newPassword,
                    newRoles == null ? List.of() : newRoles,
                    newEmail == null || newEmail.isBlank() ? null : newEmail.strip(),
                    newLanguage == null ? "en" : newLanguage));
            feedback.info(NEW_USER, "admin.users.created", user.getUsername());
            newUsername = null;
            newPassword = null;
            newRoles = new ArrayList<>(List.of(Roles.MEMBER));
            newEmail = null;
            newLanguage = "en";
        } catch (Problem problem) {
            feedback.problem(NEW_USER, problem);
        }
        load();
    }

    public void edit(String username) throws Problem {
        requireAdmin();
        User user = users.require(username);
        editing = user.getUsername();
        editRoles = new ArrayList<>(user.getRoles());
        editPassword = null;
        editEmail = user.getEmail();
        editLanguage = user.getLanguage() == null ? "en" : user.getLanguage();
    }

    public void cancelEdit() {
        editing = null;
        editPassword = null;
    }

    public void saveEdit() throws Problem {
        requireAdmin();
        try {
            users.update(
                    editing,
                    UserChange.of(
                            editing,
                            editPassword == null || editPassword.isEmpty() ? null : editPassword,
                            editRoles == null ? List.of() : editRoles,
                            true,
                            editEmail == null || editEmail.isBlank() ? null : editEmail.strip(),
                            editLanguage == null ? "en" : editLanguage));
            validated.forgetAll();
            feedback.info(USERS, "admin.users.saved", editing);
            editing = null;
            editPassword = null;
        } catch (Problem problem) {
            feedback.problem(USERS, problem);
        }
        load();
    }

    /** Whether failed sign-ins locked the user name now. */
    public boolean isLocked(String username) {
        return LoginThrottles.isAmong(locked, username);
    }

    /** Unlocks a user name locked by failed sign-ins. */
    public void unlock(String username) throws Problem {
        requireAdmin();
        users.require(username);
        throttles.unlock(username);
        feedback.info(USERS, "admin.users.unlocked", username);
        load();
    }

    public void delete(String username) throws Problem {
        requireAdmin();
        try {
            users.delete(username);
            validated.forgetAll();
            feedback.info(USERS, "admin.users.deleted", username);
            if (username.equals(editing)) {
                editing = null;
            }
        } catch (Problem problem) {
            feedback.problem(USERS, problem);
        }
        load();
    }

    /** A project a user is a member of, by name, for a link to its page. */
    public record Membership(long project, String name) implements Serializable {}

    /** The projects a user is a member of, by name. */
    public List<Membership> projectsOf(UserInfo user) {
        List<Membership> memberships = new ArrayList<>();
        for (long id : user.projects()) {
            memberships.add(new Membership(id, projectNames.getOrDefault(id, String.valueOf(id))));
        }
        return memberships;
    }

    private void requireAdmin() throws Problem {
        if (!security.isCallerInRole(Roles.ADMIN)) {
            throw Problem.notFound("administration");
        }
    }

    public List<String> getRoles() {
        return Roles.ALL;
    }

    public List<UserInfo> getRows() {
        return rows;
    }

    public String getNewUsername() {
        return newUsername;
    }

    public void setNewUsername(String newUsername) {
        this.newUsername = newUsername;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }

    public List<String> getNewRoles() {
        return newRoles;
    }

    public void setNewRoles(List<String> newRoles) {
        this.newRoles = newRoles;
    }

    public String getEditing() {
        return editing;
    }

    public List<String> getEditRoles() {
        return editRoles;
    }

    public void setEditRoles(List<String> editRoles) {
        this.editRoles = editRoles;
    }

    public List<String> getLanguages() {
        return List.of("en", "de");
    }

    public String getNewEmail() {
        return newEmail;
    }

    public void setNewEmail(String newEmail) {
        this.newEmail = newEmail;
    }

    public String getNewLanguage() {
        return newLanguage;
    }

    public void setNewLanguage(String newLanguage) {
        this.newLanguage = newLanguage;
    }

    public String getEditEmail() {
        return editEmail;
    }

    public void setEditEmail(String editEmail) {
        this.editEmail = editEmail;
    }

    public String getEditLanguage() {
        return editLanguage;
    }

    public void setEditLanguage(String editLanguage) {
        this.editLanguage = editLanguage;
    }

    public String getEditPassword() {
        return editPassword;
    }

    public void setEditPassword(String editPassword) {
        this.editPassword = editPassword;
    }
}
