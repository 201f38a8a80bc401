package io.lookout.scrubbing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A project's scrubbing settings, compiled once (they travel in the project's snapshot, so the edge
 * never reads them per request): whether to scrub, which keys are sensitive (the defaults plus the
 * project's own), which keys are safe, and whether client IP addresses are kept. Keys are compared
 * without letter case and without the separators {@code - _ . } and space, so {@code X-Auth-Token},
 * {@code db_password}, {@code apiKey} and {@code x-api-key} all count.
 */
public final class ScrubbingRules {

    /** The sensitive key parts every project has; a key containing one of them is sensitive. */
    public static final List<String> DEFAULT_SENSITIVE_KEYS = List.of(
            "password",
            "passwd",
            "secret",
            "token",
            "api_key",
            "apikey",
            "auth",
            "authorization",
            "cookie",
            "set-cookie",
            "session",
            "csrf",
            "credentials",
            "private_key");

    /** Keys whose values are client IP addresses (whole keys, normalised). */
    static final Set<String> IP_ADDRESS_KEYS = Set.of(
            "ipaddress",
            "ip",
            "remoteaddr",
            "clientip",
            "xforwardedfor",
            "xrealip",
            "forwarded",
            "forwardedfor",
            "trueclientip",
            "cfconnectingip",
            "xclientip");

    /** Scrubbing with the defaults, as every project starts. */
    public static final ScrubbingRules DEFAULT = new ScrubbingRules(true, List.of(), List.of(), false);

    private final boolean enabled;
    private final List<String> extraSensitiveKeys;
    private final List<String> safeKeys;
    private final boolean keepIpAddresses;
    private final String[] sensitiveParts;
    private final Set<String> safe;
    /** Keys repeat from event to event (headers, frame fields): each is classified once. */
    private final ConcurrentMap<String, KeyKind> kinds = new ConcurrentHashMap<>();

    private static final int MAX_REMEMBERED_KEYS = 4096;

    /**
     * @param enabled whether anything is scrubbed
     * @param extraSensitiveKeys the project's sensitive key parts besides the defaults
     * @param safeKeys keys whose values are never scrubbed (whole keys)
     * @param keepIpAddresses whether client IP address fields are kept as sent
     */
    public ScrubbingRules(
            boolean enabled, List<String> extraSensitiveKeys, List<String> safeKeys, boolean keepIpAddresses) {
        this.enabled = enabled;
        this.extraSensitiveKeys = List.copyOf(extraSensitiveKeys);
        this.safeKeys = List.copyOf(safeKeys);
        this.keepIpAddresses = keepIpAddresses;
        Set<String> parts = new LinkedHashSet<>();
        DEFAULT_SENSITIVE_KEYS.forEach(key -> parts.add(normalize(key)));
        extraSensitiveKeys.forEach(key -> parts.add(normalize(key)));
        parts.remove("");
        // a part that contains another is redundant ("setcookie" contains "cookie")
        List<String> minimal = new ArrayList<>();
        for (String part : parts) {
            if (parts.stream().noneMatch(other -> !other.equals(part) && part.contains(other))) {
                minimal.add(part);
            }
        }
        this.sensitiveParts = minimal.toArray(String[]::new);
        Set<String> safeSet = new LinkedHashSet<>();
        safeKeys.forEach(key -> safeSet.add(normalize(key)));
        this.safe = Set.copyOf(safeSet);
    }

    public boolean enabled() {
        return enabled;
    }

    public List<String> extraSensitiveKeys() {
        return extraSensitiveKeys;
    }

    public List<String> safeKeys() {
        return safeKeys;
    }

    public boolean keepIpAddresses() {
        return keepIpAddresses;
    }

    /** What a key means for its value. */
    enum KeyKind {
        /** scanned for the patterns only */
        PLAIN,
        /** replaced whole */
        SENSITIVE,
        /** a client IP address, replaced unless the project keeps them */
        IP_ADDRESS,
        /** never touched, nor anything below it */
        SAFE
    }

    KeyKind kind(String key) {
        KeyKind kind = kinds.get(key);
        if (kind == null) {
            kind = classify(key);
            if (kinds.size() < MAX_REMEMBERED_KEYS) {
                kinds.put(key, kind);
            }
        }
        return kind;
    }

    private KeyKind classify(String key) {
        String normalized = normalize(key);
        if (!safe.isEmpty() && safe.contains(normalized)) {
            return KeyKind.SAFE;
        }
        if (isSensitiveNormalized(normalized)) {
            return KeyKind.SENSITIVE;
        }
        if (!keepIpAddresses && IP_ADDRESS_KEYS.contains(normalized)) {
            return KeyKind.IP_ADDRESS;
        }
        return KeyKind.PLAIN;
    }

    /** Whether the characters {@code text[from, to)} name a sensitive, not safe, key. */
    boolean sensitiveName(CharSequence text, int from, int to) {
        String normalized = normalize(text.subSequence(from, to).toString());
        return !safe.contains(normalized) && isSensitiveNormalized(normalized);
    }

    private boolean isSensitiveNormalized(String normalized) {
        for (String part : sensitiveParts) {
            if (normalized.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, without {@code - _ .} and spaces; returns {@code key} itself when nothing changes. */
    static String normalize(String key) {
        boolean plain = true;
        for (int i = 0; i < key.length() && plain; i++) {
            char c = key.charAt(i);
            plain = c == '-' || c == '_' || c == '.' || c == ' ' || Character.isUpperCase(c) ? false : true;
        }
        if (plain) {
            return key;
        }
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '-' && c != '_' && c != '.' && c != ' ') {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScrubbingRules rules
                && enabled == rules.enabled
                && keepIpAddresses == rules.keepIpAddresses
                && extraSensitiveKeys.equals(rules.extraSensitiveKeys)
                && safeKeys.equals(rules.safeKeys);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(enabled) * 31
                + extraSensitiveKeys.hashCode() * 7
                + safeKeys.hashCode()
                + Boolean.hashCode(keepIpAddresses);
    }
}
