package io.lookout.processing.rules;

import java.util.List;
import java.util.regex.Pattern;

/** What a rule does when its matchers match. */
public sealed interface Action {

    /** {@code fingerprint PART...}: the group's checksum parts, overriding the sender's fingerprint. */
    record Fingerprint(List<Part> parts) implements Action {
        public Fingerprint {
            parts = List.copyOf(parts);
        }
    }

    /** {@code strip "REGEX"}: matches are replaced by {@link GroupingRules#STRIPPED} in the checksum's parts. */
    record Strip(Pattern pattern) implements Action {}

    /** {@code +app} / {@code -app}: the selected frames become in-app / not in-app. */
    record App(boolean inApp) implements Action {}

    /** One part of a {@code fingerprint} action: a literal, or a value of the event. */
    sealed interface Part {}

    /** A literal part, hashed as written. */
    record Literal(String text) implements Part {}

    /** {@code {{ default }}}: the processor's checksum parts. */
    record Default() implements Part {}

    /** {@code {{ type }}}, {@code {{ error.type }}}, {@code {{ message }}} or {@code {{ tags.KEY }}}. */
    record Value(Field field, String tagKey) implements Part {}
}
