package io.lookout.event;

/** The sizes an event's fields may have (docs/api.md); the edge refuses more, the mappings cut back to them. */
public final class Limits {

    public static final int MAX_TAG_KEY_LENGTH = 64;
    public static final int MAX_TAG_VALUE_LENGTH = 200;
    public static final int MAX_TAGS = 100;
    public static final int MAX_MESSAGE_LENGTH = 8192;
    public static final int MAX_CORRELATION_ID_LENGTH = 200;
    public static final int MAX_FINGERPRINT_PARTS = 32;
    public static final int MAX_DATA_CHARS = 1_048_576;
    /** Characters of a stored summary (message, culprit) of an event or group. */
    public static final int MAX_SUMMARY_LENGTH = 1000;
    /** Types and slugs: a letter or digit, then up to 63 more. */
    public static final int MAX_NAME_LENGTH = 64;

    private Limits() {}
}
