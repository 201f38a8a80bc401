package io.lookout.processing.rules;

import java.util.List;

/** What a matcher looks at. */
public enum Field {
    /** The event type. */
    TYPE("type", false, true),
    /** The event's summary as stored (the processor's message). */
    MESSAGE("message", false, false),
    /** The type of any exception of the chain ({@code exception} events). */
    ERROR_TYPE("error.type", false, true),
    /** The value of any exception of the chain ({@code exception} events). */
    ERROR_VALUE("error.value", false, true),
    /** The module of a frame. */
    STACK_MODULE("stack.module", true, true),
    /** The function of a frame. */
    STACK_FUNCTION("stack.function", true, true),
    /** The event's level as stored. */
    LEVEL("level", false, false),
    /** A tag as stored: {@code tags.KEY}. */
    TAG("tags.KEY", false, false);

    /** The names as the syntax error lists them. */
    static final String KNOWN = "type, message, error.type, error.value, stack.module, stack.function, level, tags.KEY";

    private final String syntax;
    private final boolean frame;
    private final boolean beforeProcessor;

    Field(String syntax, boolean frame, boolean beforeProcessor) {
        this.syntax = syntax;
        this.frame = frame;
        this.beforeProcessor = beforeProcessor;
    }

    /** The name as written ({@code tags.KEY} for tags). */
    public String syntax() {
        return syntax;
    }

    /** Whether it looks at one frame ({@code stack.*}). */
    public boolean frame() {
        return frame;
    }

    /**
     * Whether it is known before the processor runs, so that {@code +app}/{@code -app} rules may
     * use it: the message, level and tags are settled by the processor, after the frames are marked.
     */
    public boolean beforeProcessor() {
        return beforeProcessor;
    }

    static Field named(String name) {
        for (Field field : values()) {
            if (field != TAG && field.syntax.equals(name)) {
                return field;
            }
        }
        return name.startsWith("tags.") ? TAG : null;
    }

    static List<String> beforeProcessorNames() {
        return List.of(TYPE.syntax, ERROR_TYPE.syntax, ERROR_VALUE.syntax, STACK_MODULE.syntax, STACK_FUNCTION.syntax);
    }
}
