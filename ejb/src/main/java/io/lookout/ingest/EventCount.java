package io.lookout.ingest;

/**
 * How many events a native request body holds, without parsing it: one for an object, the number of
 * top-level elements for an array. For a request refused before it is read ({@code Quotas.checkFull}):
 * its events are counted as dropped. It only skips over strings and nested values, so it costs a pass
 * over the characters and no allocation; a body that is not JSON counts as one event.
 */
public final class EventCount {

    private EventCount() {}

    public static int of(String body) {
        int i = skipSpace(body, 0);
        if (i >= body.length() || body.charAt(i) != '[') {
            return 1;
        }
        int depth = 0;
        int elements = 0;
        boolean inString = false;
        boolean valueSeen = false;
        for (; i < body.length(); i++) {
            char c = body.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    valueSeen |= depth == 1;
                }
                case '[', '{' -> {
                    depth++;
                    valueSeen |= depth == 2;
                }
                case ']', '}' -> {
                    depth--;
                    if (depth == 0) {
                        return valueSeen ? elements + 1 : elements;
                    }
                }
                case ',' -> {
                    if (depth == 1) {
                        elements++;
                        valueSeen = false;
                    }
                }
                case ' ', '\t', '\n', '\r' -> {}
                default -> valueSeen |= depth == 1;
            }
        }
        // an array that never closes: what was seen
        return valueSeen ? elements + 1 : elements;
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
