package io.lookout.security;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;

/**
 * Hashes passwords for storage with the parameters the identity store verifies them with
 * ({@link Roles}), and says which passwords are acceptable.
 */
@ApplicationScoped
public class Passwords {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 200;

    @Inject
    private Pbkdf2PasswordHash hash;

    @PostConstruct
    void configure() {
        hash.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", value(Roles.HASH_ALGORITHM),
                "Pbkdf2PasswordHash.Iterations", value(Roles.HASH_ITERATIONS),
                "Pbkdf2PasswordHash.SaltSizeBytes", value(Roles.HASH_SALT_BYTES),
                "Pbkdf2PasswordHash.KeySizeBytes", value(Roles.HASH_KEY_BYTES)));
    }

    /** The stored form of a password: PBKDF2 with a fresh salt. */
    public String hash(String password) {
        return hash.generate(password.toCharArray());
    }

    /**
     * A password a user may choose: {@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters, not
     * only one character repeated, not the user name. 400 naming {@code password} otherwise.
     */
    public static void check(String username, String password) throws Problem {
        if (password == null || password.isEmpty()) {
            throw Problem.invalid("password", ProblemCode.REQUIRED);
        }
        if (password.length() < MIN_LENGTH) {
            throw Problem.invalid("password", ProblemCode.PASSWORD_TOO_SHORT, MIN_LENGTH);
        }
        if (password.length() > MAX_LENGTH) {
            throw Problem.invalid("password", ProblemCode.TOO_LONG, MAX_LENGTH);
        }
        if (password.chars().distinct().count() == 1) {
            throw Problem.invalid("password", ProblemCode.PASSWORD_REPEATED);
        }
        if (username != null && password.equalsIgnoreCase(username)) {
            throw Problem.invalid("password", ProblemCode.PASSWORD_USERNAME);
        }
    }

    private static String value(String parameter) {
        return parameter.substring(parameter.indexOf('=') + 1);
    }
}
