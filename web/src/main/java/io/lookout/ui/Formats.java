package io.lookout.ui;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Formatting for pages: times in UTC, sparkline points. */
@Named("fmt")
@ApplicationScoped
public class Formats {

    public static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** An instant, or ISO-8601 text from the services. */
    public String time(Object value) {
        if (value instanceof Instant instant) {
            return TIME.format(instant);
        }
        if (value instanceof String text) {
            try {
                return TIME.format(Instant.parse(text));
            } catch (DateTimeParseException e) {
                return text;
            }
        }
        return value == null ? "" : value.toString();
    }

    /** Items of a list, comma-separated. */
    public String join(Object items) {
        if (items instanceof java.util.Collection<?> collection) {
            return String.join(", ", collection.stream().map(String::valueOf).toList());
        }
        return items == null ? "" : items.toString();
    }

    public String spark(long[] counts) {
        return Sparkline.points(counts);
    }

    public long total(long[] counts) {
        return Sparkline.total(counts);
    }

    /** Milliseconds with at most one decimal. */
    public String millis(Object value) {
        if (value instanceof Number number) {
            double ms = number.doubleValue();
            return ms == Math.rint(ms) ? Long.toString((long) ms) : String.format(java.util.Locale.ROOT, "%.1f", ms);
        }
        return "";
    }
}
