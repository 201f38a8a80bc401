package io.lookout.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Successful HTTP Basic checks, remembered for {@link #TTL} on this node under a SHA-256 of user and
 * password (checking a password costs a deliberately slow PBKDF2 hash). Changing, or deleting, a
 * user forgets them all on the node that made the change; other nodes follow within {@link #TTL}.
 */
@ApplicationScoped
public class ValidatedCredentials {

    /** How long a successful Basic check is remembered. */
    static final Duration TTL = Duration.ofSeconds(60);

    static final int SIZE = 10_000;

    private record Entry(CredentialValidationResult result, long at) {}

    private final Map<String, Entry> validated = new ConcurrentHashMap<>();

    /** The remembered result under {@code key}, or {@code null} when none or too old. */
    CredentialValidationResult find(String key, long nanoTime) {
        Entry hit = validated.get(key);
        return hit != null && nanoTime - hit.at() < TTL.toNanos() ? hit.result() : null;
    }

    void remember(String key, CredentialValidationResult result, long nanoTime) {
        if (validated.size() >= SIZE) {
            validated.clear();
        }
        validated.put(key, new Entry(result, nanoTime));
    }

    void forget(String key) {
        validated.remove(key);
    }

    /** After a user's password, roles or existence changed. */
    public void forgetAll() {
        validated.clear();
    }
}
