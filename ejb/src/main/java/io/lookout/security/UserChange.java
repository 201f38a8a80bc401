package io.lookout.security;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * A change of a user ({@code PATCH /api/admin/users/{username}}, the administration page): a new
 * password, roles, e-mail address or language; what is null stays as it is. Built by
 * {@link #of(String, JsonObject)} from a request body or by {@link #of(String, String, List, boolean,
 * String, String)} from a form, which check it alike: a 400 names the field.
 *
 * @param changesEmail whether {@code email} is the new address (null: none) or the address stays
 */
public record UserChange(String password, Set<String> roles, boolean changesEmail, String email, String language) {

    private static final Set<String> FIELDS = Set.of("password", "roles", "email", "language");

    /**
     * The change checked.
     *
     * @param username the user's name: a password may not be it
     * @param changesEmail whether to set {@code email} (null removes the address)
     */
    public static UserChange of(
            String username, String password, List<String> roles, boolean changesEmail, String email, String language)
            throws Problem {
        if (password == null && roles == null && !changesEmail && language == null) {
            throw nothing();
        }
        if (password != null) {
            Passwords.check(username, password);
        }
        return new UserChange(
                password,
                roles == null ? null : Users.checkRoles(roles),
                changesEmail,
                email == null ? null : Users.checkEmail(email),
                language == null ? null : Users.checkLanguage(language));
    }

    /** {@code {"password": "…"?, "roles": [...]?, "email": "…" | null?, "language": "en" | "de"?}}. */
    public static UserChange of(String username, JsonObject json) throws Problem {
        Users.unknownFields(json, FIELDS);
        if (json.isEmpty()) {
            throw nothing();
        }
        String password = null;
        if (json.containsKey("password")) {
            password = Users.password(json.get("password"));
            Passwords.check(username, password);
        }
        Set<String> roles = json.containsKey("roles") ? Users.roles(json.get("roles")) : null;
        String email = json.containsKey("email") ? Users.email(json.get("email")) : null;
        String language = json.containsKey("language") ? Users.language(json.get("language")) : null;
        return new UserChange(password, roles, json.containsKey("email"), email, language);
    }

    private static Problem nothing() {
        return Problem.invalid(null, ProblemCode.NOTHING_TO_CHANGE);
    }

    @Override
    public String toString() {
        return "UserChange[password=" + (password == null ? "unchanged" : "new") + ", roles=" + roles
                + ", changesEmail=" + changesEmail + ", email=" + email + ", language=" + language + "]";
    }
}
