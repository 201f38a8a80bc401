package io.lookout.security;

/** The roles of Lookout's users, and how their passwords are hashed. */
public final class Roles {

    /** Sees and administers everything. */
    public static final String ADMIN = "admin";
    /** Sees the projects they are a member of. */
    public static final String MEMBER = "member";
    /** Every role a user can have. */
    public static final java.util.List<String> ALL = java.util.List.of(ADMIN, MEMBER);

    /**
     * Parameters of {@code Pbkdf2PasswordHash}, shared by the identity store that verifies passwords
     * and by the code that stores them.
     */
    public static final String HASH_ALGORITHM = "Pbkdf2PasswordHash.Algorithm=PBKDF2WithHmacSHA256";

    public static final String HASH_ITERATIONS = "Pbkdf2PasswordHash.Iterations=210000";
    public static final String HASH_SALT_BYTES = "Pbkdf2PasswordHash.SaltSizeBytes=32";
    public static final String HASH_KEY_BYTES = "Pbkdf2PasswordHash.KeySizeBytes=32";

    private Roles() {}
}
