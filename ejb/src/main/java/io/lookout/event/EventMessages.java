package io.lookout.event;

/**
 * The event queue's messages (API.md), where the edge and the consumer meet: a {@code TextMessage}
 * holding one event or an array in the native format, with the string properties
 * {@link #PROJECT_PROPERTY} and {@link #KEY_PROPERTY}. Enterprise applications send the same.
 */
public final class EventMessages {

    public static final String QUEUE = "java:/jms/queue/lookout/events";
    public static final String DEAD_LETTER_QUEUE = "java:/jms/queue/lookout/events-dlq";
    public static final String PROJECT_PROPERTY = "lookoutProject";
    public static final String KEY_PROPERTY = "lookoutKey";
    /**
     * Set by the edge: how many values it scrubbed from each event of the message, comma-separated
     * ({@code 2,0,1}); absent when none. The consumer adds them to the project's count.
     */
    public static final String SCRUBBED_PROPERTY = "lookoutScrubbed";
    /** On a dead-lettered message: why it could not be stored. */
    public static final String ERROR_PROPERTY = "lookoutError";

    private EventMessages() {}

    /** {@code "2,0,1"}, or {@code null} when nothing was scrubbed. */
    public static String scrubbedCounts(int[] scrubbed) {
        boolean any = false;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < scrubbed.length; i++) {
            any |= scrubbed[i] > 0;
            text.append(i == 0 ? "" : ",").append(scrubbed[i]);
        }
        return any ? text.toString() : null;
    }

    /**
     * The counts of {@link #SCRUBBED_PROPERTY} for a message of {@code events} events; zeros when
     * absent or unreadable (a JMS sender may set anything: at worst it moves its own project's count).
     */
    public static int[] scrubbedCounts(String property, int events) {
        int[] counts = new int[events];
        if (property == null) {
            return counts;
        }
        String[] parts = property.split(",", -1);
        if (parts.length != events) {
            return counts;
        }
        try {
            for (int i = 0; i < events; i++) {
                counts[i] = Math.max(0, Math.min(Integer.parseInt(parts[i].strip()), 1_000_000));
            }
        } catch (NumberFormatException e) {
            return new int[events];
        }
        return counts;
    }
}
