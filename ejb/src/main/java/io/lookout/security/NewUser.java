package io.lookout.security;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user to create ({@code POST /api/admin/users}, the administration page). Built by
 * {@link #of(JsonObject)} from a request body or by {@link #of(String, String, List, String, String)}
 * from a form, which check it alike: a 400 names the field.
 *
 * @param roles known roles, at least one
 * @param email null: none
 * @param language of the mails the user gets; null: {@code en}
 */
public record NewUser(String username, String password, Set<String> roles, String email, String language) {

    private static final Set<String> FIELDS = Set.of("username", "password", "roles", "email", "language");

    /**
     * The user checked: a name that is safe in URLs, a password that is not weak, known roles.
     *
     * @param roles null: member
     */
    public static NewUser of(String username, String password, List<String> roles, String email, String language)
            throws Problem {
        String name = username(username);
        Passwords.check(name, password);
        Set<String> checkedRoles = roles == null ? Set.of(Roles.MEMBER) : Users.checkRoles(roles);
        return new NewUser(
                name,
                password,
                checkedRoles,
                email == null ? null : Users.checkEmail(email),
                language == null ? null : Users.checkLanguage(language));
    }

    /**
     * {@code {"username": "bob", "password": "…", "roles": ["member"]?, "email": "…"?, "language": "en"?}}
     * (roles default to member); a field not named here is a 400.
     */
    public static NewUser of(JsonObject json) throws Problem {
        Users.unknownFields(json, FIELDS);
        String name = username(json.get("username") instanceof JsonString text ? text.getString() : null);
        String password = Users.password(json.get("password"));
        Passwords.check(name, password);
        Set<String> roles = json.containsKey("roles") ? Users.roles(json.get("roles")) : Set.of(Roles.MEMBER);
        String email = json.containsKey("email") ? Users.email(json.get("email")) : null;
        String language = json.containsKey("language") ? Users.language(json.get("language")) : null;
        return new NewUser(name, password, roles, email, language);
    }

    private static String username(String username) throws Problem {
        if (username == null || username.isEmpty()) {
            throw Problem.invalid("username", ProblemCode.REQUIRED);
        }
        if (!Users.USERNAME.matcher(username).matches()) {
            throw Problem.invalid("username", ProblemCode.USERNAME);
        }
        return username;
    }

    @Override
    public String toString() {
        return "NewUser[username=" + username + ", roles=" + new TreeSet<>(roles) + "]";
    }
}
