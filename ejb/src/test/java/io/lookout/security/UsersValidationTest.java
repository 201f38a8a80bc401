package io.lookout.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.Problem;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsersValidationTest {

    private static Problem passwordProblem(String username, String password) {
        return assertThrows(Problem.class, () -> Passwords.check(username, password));
    }

    @Test
    void aPasswordMustBeLongEnoughAndNotTrivial() throws Problem {
        assertEquals("password is required", passwordProblem("bob", "").describe());
        assertEquals("password is required", passwordProblem("bob", null).describe());
        assertTrue(passwordProblem("bob", "short-pw1").describe().contains("at least 10 characters"));
        assertTrue(passwordProblem("bob", "aaaaaaaaaaaa").describe().contains("one character repeated"));
        assertTrue(passwordProblem("bob.smith1", "Bob.Smith1").describe().contains("user name"));
        assertTrue(passwordProblem("bob", "x".repeat(100) + "y".repeat(101))
                .describe()
                .contains("longer than 200"));
        assertEquals("password", passwordProblem("bob", "").field());
        Passwords.check("bob", "correct horse battery");
        Passwords.check("bob", "0123456789");
    }

    @Test
    void rolesAreANonEmptyArrayOfKnownRoles() throws Problem {
        assertEquals(
                Set.of("admin", "member"),
                Users.roles(Json.createArrayBuilder()
                        .add("member")
                        .add("admin")
                        .add("member")
                        .build()));
        Problem unknown = assertThrows(
                Problem.class,
                () -> Users.roles(
                        Json.createArrayBuilder().add("member").add("root").build()));
        assertEquals("roles[1]", unknown.field());
        assertEquals(400, unknown.status());
        assertEquals(
                "roles",
                assertThrows(Problem.class, () -> Users.roles(JsonValue.EMPTY_JSON_ARRAY))
                        .field());
        assertEquals(
                "roles",
                assertThrows(Problem.class, () -> Users.roles(Json.createValue("admin")))
                        .field());
        assertEquals(
                "roles", assertThrows(Problem.class, () -> Users.roles(null)).field());
    }

    @Test
    void userNamesAreSafeInUrls() {
        assertTrue(Users.USERNAME.matcher("anna.schmidt@example.org").matches());
        assertTrue(Users.USERNAME.matcher("b").matches());
        assertTrue(!Users.USERNAME.matcher("-bob").matches());
        assertTrue(!Users.USERNAME.matcher("bob smith").matches());
        assertTrue(!Users.USERNAME.matcher("bob/../admin").matches());
        assertTrue(!Users.USERNAME.matcher("b".repeat(101)).matches());
    }
}
