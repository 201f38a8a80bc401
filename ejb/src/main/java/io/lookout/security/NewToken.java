package io.lookout.security;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A token to create ({@code POST /api/tokens}, the tokens page), checked alike from a request body
 * ({@link #of(JsonObject, Instant)}) and from a form ({@link #of(String, Set, List, OffsetDateTime,
 * Instant)}): a 400 names the field.
 *
 * @param projects the projects it is restricted to, ascending; {@code null}: none
 * @param expiresAt {@code null}: never
 */
public record NewToken(String name, Set<TokenScope> scopes, List<Long> projects, OffsetDateTime expiresAt) {

    private static final Set<String> FIELDS = Set.of("name", "scopes", "projects", "expiresAt");

    /** The longest name. */
    public static final int NAME_LENGTH = 100;

    /** At most this many projects. */
    public static final int MAX_PROJECTS = 100;

    public static NewToken of(
            String name, Set<TokenScope> scopes, List<Long> projects, OffsetDateTime expiresAt, Instant now)
            throws Problem {
        if (name == null || name.isBlank()) {
            throw Problem.invalid("name", ProblemCode.REQUIRED);
        }
        String trimmed = name.strip();
        if (trimmed.length() > NAME_LENGTH) {
            throw Problem.invalid("name", ProblemCode.TOO_LONG, NAME_LENGTH);
        }
        if (scopes == null || scopes.isEmpty()) {
            throw Problem.invalid("scopes", ProblemCode.TOKEN_SCOPES);
        }
        List<Long> restricted = null;
        if (projects != null && !projects.isEmpty()) {
            if (scopes.contains(TokenScope.ADMIN)) {
                throw Problem.invalid("projects", ProblemCode.TOKEN_ADMIN_PROJECTS);
            }
            if (projects.size() > MAX_PROJECTS) {
                throw Problem.invalid("projects", ProblemCode.TOKEN_PROJECTS);
            }
            restricted = List.copyOf(new TreeSet<>(projects));
        }
        if (expiresAt != null && !expiresAt.toInstant().isAfter(now)) {
            throw Problem.invalid("expiresAt", ProblemCode.TOKEN_EXPIRY);
        }
        return new NewToken(
                trimmed,
                Set.copyOf(scopes),
                restricted,
                expiresAt == null ? null : expiresAt.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /**
     * {@code {"name": "…", "scopes": ["read"|"write"|"admin", …], "projects": [ids]?, "expiresAt": "ISO
     * 8601"?}}.
     */
    public static NewToken of(JsonObject json, Instant now) throws Problem {
        Users.unknownFields(json, FIELDS);
        JsonValue name = json.get("name");
        if (name != null && name.getValueType() != JsonValue.ValueType.NULL && !(name instanceof JsonString)) {
            throw Problem.invalid("name", ProblemCode.NOT_A_STRING);
        }
        Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
        JsonValue scopeList = json.get("scopes");
        if (scopeList == null || scopeList.getValueType() != JsonValue.ValueType.ARRAY) {
            throw Problem.invalid("scopes", ProblemCode.TOKEN_SCOPES);
        }
        for (JsonValue value : scopeList.asJsonArray()) {
            TokenScope scope = value instanceof JsonString text ? TokenScope.of(text.getString()) : null;
            if (scope == null) {
                throw Problem.invalid("scopes", ProblemCode.TOKEN_SCOPES);
            }
            scopes.add(scope);
        }
        List<Long> projects = null;
        JsonValue projectList = json.get("projects");
        if (projectList != null && projectList.getValueType() != JsonValue.ValueType.NULL) {
            if (projectList.getValueType() != JsonValue.ValueType.ARRAY) {
                throw Problem.invalid("projects", ProblemCode.TOKEN_PROJECTS);
            }
            projects = new ArrayList<>();
            for (JsonValue value : projectList.asJsonArray()) {
                if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 1) {
                    throw Problem.invalid("projects", ProblemCode.TOKEN_PROJECTS);
                }
                projects.add(number.longValue());
            }
        }
        OffsetDateTime expiresAt = null;
        JsonValue expiry = json.get("expiresAt");
        if (expiry != null && expiry.getValueType() != JsonValue.ValueType.NULL) {
            if (!(expiry instanceof JsonString text)) {
                throw Problem.invalid("expiresAt", ProblemCode.TOKEN_EXPIRY);
            }
            try {
                expiresAt = OffsetDateTime.parse(text.getString());
            } catch (DateTimeParseException e) {
                throw Problem.invalid("expiresAt", ProblemCode.TOKEN_EXPIRY);
            }
        }
        return of(name instanceof JsonString text ? text.getString() : null, scopes, projects, expiresAt, now);
    }
}
