package io.lookout.event;

import java.util.Locale;
import java.util.regex.Pattern;

/** The one definition of each name Lookout checks: tag keys, event types, slugs, event ids. */
public final class Patterns {

    /** The characters of a tag key, as a character class body. */
    private static final String TAG_KEY_CHARACTERS = "A-Za-z0-9_.:-";
    /** A tag key (also a filterable data key and a view's key): 1 to 64 letters, digits, '_', '.', ':' or '-'. */
    public static final Pattern TAG_KEY =
            Pattern.compile("[" + TAG_KEY_CHARACTERS + "]{1," + Limits.MAX_TAG_KEY_LENGTH + "}");
    /** One character that cannot be in a tag key (the Sentry mapping repairs keys with it). */
    public static final Pattern NOT_TAG_KEY_CHARACTER = Pattern.compile("[^" + TAG_KEY_CHARACTERS + "]");
    /** An event type (and a processor's): lower-case letters, digits, '-' or '_'. */
    public static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9_-]{0," + (Limits.MAX_NAME_LENGTH - 1) + "}");
    /** A project's or a view's slug: lower-case letters, digits or '-'. */
    public static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0," + (Limits.MAX_NAME_LENGTH - 1) + "}");
    /** An event id as sent: 32 hex digits, or a UUID with its dashes (what some SDKs send). */
    public static final Pattern EVENT_ID = Pattern.compile(
            "[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Patterns() {}

    /** The normalised event id (32 lower-case hex digits), or {@code null} when {@code text} is not one. */
    public static String eventId(String text) {
        return text != null && EVENT_ID.matcher(text).matches()
                ? text.replace("-", "").toLowerCase(Locale.ROOT)
                : null;
    }
}
