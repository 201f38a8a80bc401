package io.lookout.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * API tokens as text: {@code lkt_} and 32 random bytes in base64url (43 characters), and the
 * SHA-256 that is all Lookout keeps of one. A token is as random as a key, so a fast hash is
 * enough (docs/security.md): nobody can guess 256 bits, and a stolen table of hashes gives no token.
 */
public final class TokenSecrets {

    /** Every token starts with it: recognisable in a script, a log or a secret scanner. */
    public static final String PREFIX = "lkt_";

    static final int RANDOM_BYTES = 32;

    private static final Pattern FORMAT = Pattern.compile("lkt_[A-Za-z0-9_-]{43}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {}

    /** A new token. */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code text} has a token's shape (says nothing of whether it is valid). */
    public static boolean wellFormed(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    /** Whether a bearer credential is meant as an API token (and not, say, a project key). */
    public static boolean meantAsToken(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /** The stored form: the hex SHA-256 of the token's text. */
    public static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
