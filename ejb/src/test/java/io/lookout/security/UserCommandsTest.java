package io.lookout.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.Problem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A new user and a change of one, from a request body and from the administration page: the same checks. */
class UserCommandsTest {

    private static final String PASSWORD = "correct horse battery";

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void aNewUserIsAMemberUnlessToldOtherwise() throws Problem {
        NewUser body = NewUser.of(json("{\"username\": \"bob\", \"password\": \"" + PASSWORD + "\"}"));
        assertEquals(new NewUser("bob", PASSWORD, Set.of(Roles.MEMBER), null, null), body);
        assertEquals(body, NewUser.of("bob", PASSWORD, null, null, null));
        NewUser admin = NewUser.of("anna", PASSWORD, List.of("admin", "member", "admin"), "anna@example.org", "de");
        assertEquals(Set.of("admin", "member"), admin.roles());
        assertEquals("anna@example.org", admin.email());
        assertEquals("de", admin.language());
        assertFalse(admin.toString().contains(PASSWORD), "the password stays out of logs");
    }

    @Test
    void aNewUsersProblemsNameTheirFieldAlikeFromBodyAndForm() {
        assertSame(
                "{\"username\": \"\", \"password\": \"" + PASSWORD + "\"}",
                () -> NewUser.of("", PASSWORD, null, null, null),
                "username");
        assertSame(
                "{\"username\": \"-bob\", \"password\": \"" + PASSWORD + "\"}",
                () -> NewUser.of("-bob", PASSWORD, null, null, null),
                "username");
        assertSame(
                "{\"username\": \"bob\", \"password\": \"\"}",
                () -> NewUser.of("bob", "", null, null, null),
                "password");
        assertSame("{\"username\": \"bob\"}", () -> NewUser.of("bob", null, null, null, null), "password");
        assertSame(
                "{\"username\": \"bob\", \"password\": \"" + PASSWORD + "\", \"roles\": []}",
                () -> NewUser.of("bob", PASSWORD, List.of(), null, null),
                "roles");
        assertSame(
                "{\"username\": \"bob\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"member\", \"root\"]}",
                () -> NewUser.of("bob", PASSWORD, List.of("member", "root"), null, null),
                "roles[1]");
        assertSame(
                "{\"username\": \"bob\", \"password\": \"" + PASSWORD + "\", \"email\": \"bob\"}",
                () -> NewUser.of("bob", PASSWORD, null, "bob", null),
                "email");
        assertSame(
                "{\"username\": \"bob\", \"password\": \"" + PASSWORD + "\", \"language\": \"fr\"}",
                () -> NewUser.of("bob", PASSWORD, null, null, "fr"),
                "language");
        assertEquals(
                "admin",
                assertThrows(Problem.class, () -> NewUser.of(json("{\"username\": \"bob\", \"admin\": true}")))
                        .field(),
                "a field not named is refused");
        assertEquals(
                "password",
                assertThrows(
                                Problem.class,
                                () -> NewUser.of(json("{\"username\": \"bob\", \"password\": 12345678901}")))
                        .field());
    }

    @Test
    void aChangeSaysWhetherItSetsTheAddress() throws Problem {
        UserChange remove = UserChange.of("bob", json("{\"email\": null}"));
        assertTrue(remove.changesEmail());
        assertNull(remove.email());
        UserChange roles = UserChange.of("bob", json("{\"roles\": [\"admin\"]}"));
        assertFalse(roles.changesEmail());
        assertEquals(Set.of("admin"), roles.roles());
        assertEquals(remove, UserChange.of("bob", null, null, true, null, null));
        assertEquals(roles, UserChange.of("bob", null, List.of("admin"), false, null, null));
        UserChange password = UserChange.of("bob", PASSWORD, null, false, null, null);
        assertFalse(password.toString().contains(PASSWORD), "the password stays out of logs");
    }

    @Test
    void aChangesProblemsNameTheirFieldAlikeFromBodyAndForm() {
        assertSame("{}", () -> UserChange.of("bob", null, null, false, null, null), null);
        assertSame(
                "{\"password\": \"Bob.Smith1\"}",
                () -> UserChange.of("bob.smith1", "Bob.Smith1", null, false, null, null),
                "password",
                "bob.smith1");
        assertSame(
                "{\"roles\": [\"x\"]}", () -> UserChange.of("bob", null, List.of("x"), false, null, null), "roles[0]");
        assertSame(
                "{\"email\": \"not an address\"}",
                () -> UserChange.of("bob", null, null, true, "not an address", null),
                "email");
        assertSame("{\"language\": \"fr\"}", () -> UserChange.of("bob", null, null, false, null, "fr"), "language");
        assertEquals(
                "username",
                assertThrows(Problem.class, () -> UserChange.of("bob", json("{\"username\": \"anna\"}")))
                        .field(),
                "the name cannot be changed");
    }

    private static void assertSame(String body, Executable form, String field) {
        assertSame(body, form, field, "bob");
    }

    private static void assertSame(String body, Executable form, String field, String username) {
        JsonObject json = json(body);
        // the bodies of new users name one; those of changes do not
        Problem fromBody = assertThrows(
                Problem.class,
                () -> {
                    if (json.containsKey("username")) {
                        NewUser.of(json);
                    } else {
                        UserChange.of(username, json);
                    }
                },
                body);
        Problem fromForm = assertThrows(Problem.class, form, body);
        assertEquals(field, fromBody.field(), body);
        assertEquals(400, fromBody.status(), body);
        assertEquals(fromBody.field(), fromForm.field(), body);
        assertEquals(fromBody.describe(), fromForm.describe(), body);
    }
}
