package io.lookout.processing.rules;

import jakarta.json.JsonObject;

/** What rules look at of an event after its processor ran. */
public interface EventFacts {

    String type();

    /** The summary as stored, or {@code null}. */
    String message();

    /** The level as stored, or {@code null}. */
    String level();

    /** A tag as stored, or {@code null}. */
    String tag(String key);

    /** The event's data (for {@code exception} events: the exception, its frames and causes). */
    JsonObject data();
}
