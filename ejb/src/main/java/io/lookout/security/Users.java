package io.lookout.security;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.schema.Columns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Lookout's users: created with a password (stored as a PBKDF2 hash) and roles, changed, deleted.
 * There is always at least one admin: removing the role from, or deleting, the last one is a 409.
 */
@ApplicationScoped
public class Users {

    private static final Columns MEMBERSHIPS = new Columns("user_id", "project_id");

    /** Letters, digits, {@code . _ @ -}, starting with a letter or digit: it appears in URLs. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    /** An e-mail address as Lookout takes one: a user's, and an alert rule's recipients. */
    public static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Passwords passwords;

    @Inject
    private Audit audit;

    /** For tests outside a container. */
    void use(EntityManager em) {
        this.em = em;
    }

    public Optional<User> find(String username) {
        return em.createNamedQuery("User.byUsername", User.class)
                .setParameter("username", username)
                .getResultStream()
                .findFirst();
    }

    public User require(String username) throws Problem {
        return find(username).orElseThrow(() -> Problem.notFound(ProblemCode.NO_USER, username));
    }

    /** Every user by name, each with the ids of the projects they are a member of. */
    public List<UserInfo> list() {
        Map<Long, List<Long>> projects = new HashMap<>();
        MEMBERSHIPS
                .rows(em.createNativeQuery("SELECT " + MEMBERSHIPS.list() + " FROM project_member ORDER BY project_id")
                        .getResultList())
                .forEach(row -> projects.computeIfAbsent(row.number("user_id"), id -> new ArrayList<>())
                        .add(row.number("project_id")));
        return em.createNamedQuery("User.all", User.class).getResultList().stream()
                .map(user -> describe(user, projects.getOrDefault(user.getId(), List.of())))
                .toList();
    }

    /** The user as the administration API answers it; never the password hash. */
    public UserInfo describe(User user) {
        @SuppressWarnings("unchecked")
        List<Number> projects = em.createNativeQuery(
                        "SELECT project_id FROM project_member WHERE user_id = ?1 ORDER BY project_id")
                .setParameter(1, user.getId())
                .getResultList();
        return describe(user, projects.stream().map(Number::longValue).toList());
    }

    private static UserInfo describe(User user, List<Long> projects) {
        return new UserInfo(
                user.getUsername(),
                List.copyOf(new TreeSet<>(user.getRoles())),
                List.copyOf(projects),
                user.getEmail(),
                user.getLanguage(),
                user.getCreatedAt().toString());
    }

    /** Creates the user ({@link NewUser#of} checked it): 409 when the name is taken (in any letter case). */
    @Transactional
    public User create(NewUser command) throws Problem {
        String username = command.username();
        long taken = em.createNamedQuery("User.countByUsernameIgnoringCase", Long.class)
                .setParameter("username", username)
                .getSingleResult();
        if (taken > 0) {
            throw Problem.conflict("username", ProblemCode.USER_EXISTS, username);
        }
        User user = new User(username, passwords.hash(command.password()), command.roles());
        if (command.email() != null) {
            user.setEmail(command.email());
        }
        if (command.language() != null) {
            user.setLanguage(command.language());
        }
        em.persist(user);
        em.flush();
        audit.record(
                "user.create",
                "user " + username,
                "roles " + new TreeSet<>(user.getRoles()) + ", language " + user.getLanguage()
                        + (user.getEmail() == null ? "" : ", with an e-mail address"));
        return user;
    }

    /**
     * Applies the change ({@link UserChange#of} checked it); nothing changes unless all of it does.
     * Taking {@code admin} from the last admin is a 409.
     */
    @Transactional
    public User update(String username, UserChange change) throws Problem {
        User user = require(username);
        List<String> changed = new ArrayList<>();
        if (change.roles() != null && !change.roles().equals(user.getRoles())) {
            changed.add("roles " + new TreeSet<>(user.getRoles()) + " → " + new TreeSet<>(change.roles()));
        }
        if (change.password() != null) {
            changed.add("password reset");
        }
        if (change.changesEmail() && !Objects.equals(change.email(), user.getEmail())) {
            changed.add(change.email() == null ? "e-mail address removed" : "e-mail address changed");
        }
        if (change.language() != null && !change.language().equals(user.getLanguage())) {
            changed.add("language " + user.getLanguage() + " → " + change.language());
        }
        if (change.changesEmail()) {
            user.setEmail(change.email());
        }
        if (change.language() != null) {
            user.setLanguage(change.language());
        }
        Set<String> roles = change.roles();
        if (roles != null && user.getRoles().contains(Roles.ADMIN) && !roles.contains(Roles.ADMIN)) {
            keepAnotherAdmin(user, ProblemCode.LAST_ADMIN_ROLE);
        }
        if (change.password() != null) {
            user.setPasswordHash(passwords.hash(change.password()));
        }
        if (roles != null) {
            user.setRoles(roles);
        }
        em.flush();
        audit.record(
                changed.size() != 1
                        ? "user.change"
                        : changed.get(0).startsWith("roles")
                                ? "user.roles"
                                : change.password() != null ? "user.password-reset" : "user.change",
                "user " + username,
                changed.isEmpty() ? "nothing changed" : String.join("; ", changed));
        return user;
    }

    /** An e-mail address, or null to remove it. */
    static String email(JsonValue value) throws Problem {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            throw notAnEmail();
        }
        return checkEmail(text.getString());
    }

    static String checkEmail(String address) throws Problem {
        if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
            throw notAnEmail();
        }
        return address;
    }

    private static Problem notAnEmail() {
        return Problem.invalid("email", ProblemCode.NOT_AN_EMAIL);
    }

    static String language(JsonValue value) throws Problem {
        return checkLanguage(value instanceof JsonString text ? text.getString() : null);
    }

    static String checkLanguage(String language) throws Problem {
        if (language == null || !Set.of("en", "de").contains(language)) {
            throw Problem.invalid("language", ProblemCode.LANGUAGE);
        }
        return language;
    }

    /** Deletes the user and their project memberships; deleting the last admin is a 409. */
    @Transactional
    public void delete(String username) throws Problem {
        User user = require(username);
        if (user.getRoles().contains(Roles.ADMIN)) {
            keepAnotherAdmin(user, ProblemCode.LAST_ADMIN_DELETE);
        }
        Set<String> roles = new TreeSet<>(user.getRoles());
        em.remove(user);
        em.flush();
        audit.record("user.delete", "user " + username, "roles " + roles);
    }

    /**
     * The user's current roles, empty when the user is gone (or has none): signed-in page sessions
     * are checked against this, so a deleted user or a taken role stops counting at once.
     */
    public Set<String> currentRoles(String username) {
        @SuppressWarnings("unchecked")
        List<String> roles = em.createNativeQuery(
                        "SELECT r.role FROM user_role r JOIN app_user u ON u.id = r.user_id WHERE u.username = ?1")
                .setParameter(1, username)
                .getResultList();
        return Set.copyOf(roles);
    }

    /**
     * 409 unless an admin other than {@code user} remains. Locks every admin's row first (in id
     * order, so two such changes queue instead of deadlocking), then counts in a new statement, which
     * sees what a change that held the locks before committed: two admins cannot demote each other.
     */
    private void keepAnotherAdmin(User user, ProblemCode problem) throws Problem {
        em.createNativeQuery("SELECT u.id FROM app_user u WHERE u.id IN"
                        + " (SELECT r.user_id FROM user_role r WHERE r.role = ?1) ORDER BY u.id FOR UPDATE")
                .setParameter(1, Roles.ADMIN)
                .getResultList();
        Number others =
                (Number) em.createNativeQuery("SELECT COUNT(*) FROM user_role WHERE role = ?1 AND user_id <> ?2")
                        .setParameter(1, Roles.ADMIN)
                        .setParameter(2, user.getId())
                        .getSingleResult();
        if (others.longValue() == 0) {
            throw Problem.conflict(null, problem, user.getUsername());
        }
    }

    static String password(JsonValue value) throws Problem {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw Problem.invalid("password", ProblemCode.REQUIRED);
        }
        if (!(value instanceof JsonString password)) {
            throw Problem.invalid("password", ProblemCode.NOT_A_STRING);
        }
        return password.getString();
    }

    /** A non-empty array of known roles. */
    static Set<String> roles(JsonValue value) throws Problem {
        if (value == null
                || value.getValueType() != JsonValue.ValueType.ARRAY
                || value.asJsonArray().isEmpty()) {
            throw rolesRequired();
        }
        List<String> roles = new ArrayList<>();
        for (JsonValue role : value.asJsonArray()) {
            roles.add(role instanceof JsonString text ? text.getString() : null);
        }
        return checkRoles(roles);
    }

    /** Known roles, at least one. */
    static Set<String> checkRoles(List<String> given) throws Problem {
        if (given.isEmpty()) {
            throw rolesRequired();
        }
        Set<String> roles = new TreeSet<>();
        for (int i = 0; i < given.size(); i++) {
            String role = given.get(i);
            if (role == null || !Roles.ALL.contains(role)) {
                throw Problem.invalid("roles[" + i + "]", ProblemCode.NOT_A_ROLE, String.join(" or ", Roles.ALL));
            }
            roles.add(role);
        }
        return Set.copyOf(roles);
    }

    private static Problem rolesRequired() {
        return Problem.invalid("roles", ProblemCode.ROLES, String.join(", ", Roles.ALL));
    }

    static void unknownFields(JsonObject json, Set<String> known) throws Problem {
        for (String field : json.keySet()) {
            if (!known.contains(field)) {
                throw Problem.invalid(field, ProblemCode.UNKNOWN_FIELD, String.join(", ", new TreeSet<>(known)));
            }
        }
    }
}
