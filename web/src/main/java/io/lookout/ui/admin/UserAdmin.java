package io.lookout.ui.admin;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.project.Project;
import io.lookout.project.Projects;
import io.lookout.security.Roles;
import io.lookout.security.User;
import io.lookout.security.Users;
import io.lookout.ui.Plain;
import io.lookout.ui.session.Messages;
import io.lookout.web.security.ValidatedCredentials;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.security.enterprise.SecurityContext;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users part of the administration page (admins only): the users with their roles and
 * projects; create one with a password and roles, change a user's roles, password, e-mail address
 * (for the alert mails to a project's members) or language (of those mails), delete one.
 */
@Named
@ViewScoped
public class UserAdmin implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Users users;

    @Inject
    private transient Projects projects;

    @Inject
    private transient SecurityContext security;

    @Inject
    private transient Messages messages;

    @Inject
    private transient ValidatedCredentials validated;

    /** The project part of the page, whose member lists change with the users. */
    @Inject
    private AdminPage adminPage;

    private List<Map<String, Object>> rows = List.of();
    private Map<Long, String> projectSlugs = Map.of();

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
        Map<Long, String> slugs = new HashMap<>();
        for (Project project : projects.list()) {
            slugs.put(project.getId(), project.getSlug());
        }
        projectSlugs = slugs;
        List<Map<String, Object>> list = new ArrayList<>();
        users.list().forEach(user -> list.add(Plain.map(user)));
        rows = list;
    }

    public void create() throws Problem {
        requireAdmin();
        JsonObjectBuilder json = JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("username", newUsername == null ? "" : newUsername.strip())
                .add("password", newPassword == null ? "" : newPassword)
                .add("roles", array(newRoles))
                .add("language", newLanguage == null ? "en" : newLanguage);
        if (newEmail != null && !newEmail.isBlank()) {
            json.add("email", newEmail.strip());
        }
        try {
            User user = users.create(json.build());
            messages.info("admin.users.created", user.getUsername());
            newUsername = null;
            newPassword = null;
            newRoles = new ArrayList<>(List.of(Roles.MEMBER));
            newEmail = null;
            newLanguage = "en";
        } catch (Problem problem) {
            messages.error(null, problem.describe());
        }
        reloadAll();
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
        JsonObjectBuilder json = JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("roles", array(editRoles))
                .add("language", editLanguage == null ? "en" : editLanguage);
        if (editEmail == null || editEmail.isBlank()) {
            json.addNull("email");
        } else {
            json.add("email", editEmail.strip());
        }
        if (editPassword != null && !editPassword.isEmpty()) {
            json.add("password", editPassword);
        }
        try {
            users.update(editing, json.build());
            validated.forgetAll();
            messages.info("admin.users.saved", editing);
            editing = null;
            editPassword = null;
        } catch (Problem problem) {
            messages.error(null, problem.describe());
        }
        reloadAll();
    }

    public void delete(String username) throws Problem {
        requireAdmin();
        try {
            users.delete(username);
            validated.forgetAll();
            messages.info("admin.users.deleted", username);
            if (username.equals(editing)) {
                editing = null;
            }
        } catch (Problem problem) {
            messages.error(null, problem.describe());
        }
        reloadAll();
    }

    private void reloadAll() throws Problem {
        load();
        adminPage.load();
    }

    /** The slugs of a user's projects, for the table. */
    public String projectsOf(Map<String, Object> row) {
        List<String> slugs = new ArrayList<>();
        for (Object id : Plain.asList(row.get("projects"))) {
            slugs.add(projectSlugs.getOrDefault(((Number) id).longValue(), String.valueOf(id)));
        }
        return String.join(", ", slugs);
    }

    /** User names for the "add a member" choice. */
    public List<String> getUsernames() {
        return rows.stream().map(row -> (String) row.get("username")).toList();
    }

    private static JsonArrayBuilder array(List<String> values) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        if (values != null) {
            values.forEach(array::add);
        }
        return array;
    }

    private void requireAdmin() throws Problem {
        if (!security.isCallerInRole(Roles.ADMIN)) {
            throw Problem.notFound("administration");
        }
    }

    public List<String> getRoles() {
        return Roles.ALL;
    }

    public List<Map<String, Object>> getRows() {
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
