package io.lookout.security;

import io.lookout.operations.LookoutLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Login throttling (docs/security.md): failed sign-ins are counted per user name and per address in
 * the database, so all nodes count together; while either is locked, attempts are refused before
 * any password is checked, with the same answer for known and unknown user names. A successful
 * sign-in costs one read by primary key (and a delete when the user name had failures).
 */
@ApplicationScoped
public class LoginThrottles {

    /** The longest user name kept as a subject; longer ones are cut (and still counted). */
    static final int SUBJECT_LENGTH = 150;

    @Inject
    private ThrottleStore store;

    @Inject
    private Audit audit;

    /** Failures for one user name within the window that lock it. */
    @Inject
    @ConfigProperty(name = "lookout.login-throttle.user-failures", defaultValue = "5")
    private int userLimit;

    /**
     * Failures from one address within the window that lock it. Behind a reverse proxy that hides the
     * clients' addresses, every client shares one address (docs/security.md).
     */
    @Inject
    @ConfigProperty(name = "lookout.login-throttle.address-failures", defaultValue = "5")
    private int addressLimit;

    private final Clock clock = Clock.systemUTC();

    /** What a sign-in attempt may do. */
    public record Verdict(Duration retryAfter, boolean userHasFailures) {
        public boolean refused() {
            return retryAfter != null;
        }

        /** Whole minutes to wait, at least 1. */
        public long minutes() {
            return Math.max(1, (retryAfter.toSeconds() + 59) / 60);
        }

        /** Whole seconds to wait, at least 1 (for {@code Retry-After}). */
        public long seconds() {
            return Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
        }
    }

    static String userSubject(String username) {
        String name = username == null ? "" : username.toLowerCase(Locale.ROOT);
        return "user:" + (name.length() > SUBJECT_LENGTH ? name.substring(0, SUBJECT_LENGTH) : name);
    }

    static String addressSubject(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }

    /** Before checking a password: whether the user name or the address is locked now. */
    public Verdict check(String username, String address) {
        String user = userSubject(username);
        Map<String, ThrottlePolicy.State> states = store.states(List.of(user, addressSubject(address)));
        Instant now = clock.instant();
        Duration wait = null;
        for (ThrottlePolicy.State state : states.values()) {
            Duration remaining = ThrottlePolicy.remaining(state, now);
            if (remaining != null && (wait == null || remaining.compareTo(wait) > 0)) {
                wait = remaining;
            }
        }
        ThrottlePolicy.State userState = states.get(user);
        return new Verdict(wait, userState != null && userState.failures() > 0);
    }

    /**
     * After a wrong password (or an unknown user name): counts it for the user name and the address,
     * logs and audits it, and a lock that begins now.
     */
    public void failed(String username, String address) {
        Instant now = clock.instant();
        String name = username == null ? "" : username;
        LookoutLog.LOG.loginFailed(name, address);
        audit.record(name, address, "login.failed", "user " + name, null);
        for (String subject : List.of(userSubject(username), addressSubject(address))) {
            int limit = subject.startsWith("user:") ? userLimit : addressLimit;
            ThrottlePolicy.State state;
            try {
                state = store.fail(subject, now, limit);
            } catch (RuntimeException e) {
                // another node inserted the first row at the same moment: now there is one to update
                state = store.fail(subject, now, limit);
            }
            if (state.failures() == 0 && state.lockedUntil() != null) {
                Duration lock = Duration.between(now, state.lockedUntil());
                LookoutLog.LOG.loginLocked(subject, lock.toMinutes(), address);
                audit.record(
                        name,
                        address,
                        "login.locked",
                        subject.startsWith("user:") ? "user " + name : "address " + address,
                        "refused for " + lock.toMinutes() + " min after repeated failures");
            }
        }
    }

    /** After a successful sign-in: the user name's failures are forgotten (the address's stay). */
    public void succeeded(String username, Verdict verdict) {
        if (verdict.userHasFailures()) {
            store.clear(userSubject(username));
        }
    }

    /** An admin unlocks a user name: its failures and lock are forgotten. Answers whether it was locked. */
    public boolean unlock(String username) {
        String subject = userSubject(username);
        boolean locked = ThrottlePolicy.remaining(store.states(List.of(subject)).get(subject), clock.instant()) != null;
        store.clear(subject);
        audit.record("login.unlock", "user " + username, locked ? "was locked" : "was not locked");
        return locked;
    }

    /** An admin unlocks an address (all user names signing in from it). Answers whether it was locked. */
    public boolean unlockAddress(String address) {
        String subject = addressSubject(address);
        boolean locked = ThrottlePolicy.remaining(store.states(List.of(subject)).get(subject), clock.instant()) != null;
        store.clear(subject);
        audit.record("login.unlock", "address " + address, locked ? "was locked" : "was not locked");
        return locked;
    }

    /** Whether each of these user names is locked now (the administration's users page). */
    public java.util.Set<String> lockedUsers() {
        return store.lockedUsers(clock.instant());
    }

    /** Whether the user name is locked now. */
    public static boolean isAmong(java.util.Set<String> locked, String username) {
        return locked.contains(userSubject(username).substring(5));
    }

    /** Deletes state that no longer matters (the retention run). */
    public int sweep() {
        return store.sweep(clock.instant());
    }
}
