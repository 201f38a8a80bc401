package io.lookout.ui;

import io.lookout.ui.session.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.ResourceBundle;

/** Formatting for pages: times in UTC, numbers and counts in the page's language, sparkline points. */
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

    /**
     * An instant relative to now in the page's language ("3 min ago", "vor 3 Min."); pages show it with
     * {@link #time} as its title (the exact time on hover). Past 30 days, and for times in the future
     * beyond a minute, the date.
     */
    public String ago(Object value) {
        Instant instant = value instanceof Instant i ? i : value instanceof String text ? parse(text) : null;
        return instant == null ? time(value) : ago(instant, Instant.now(), locale());
    }

    static String ago(Instant instant, Instant now, Locale locale) {
        long seconds = java.time.Duration.between(instant, now).getSeconds();
        if (seconds < -60 || seconds >= 30L * 24 * 3600) {
            return DATE.format(instant);
        }
        if (seconds < 60) {
            return count("time.justNow", 0, locale);
        }
        if (seconds < 3600) {
            return count("time.minutesAgo", seconds / 60, locale);
        }
        if (seconds < 24 * 3600) {
            return count("time.hoursAgo", seconds / 3600, locale);
        }
        return count("time.daysAgo", seconds / (24 * 3600), locale);
    }

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
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

    /** Milliseconds with at most one decimal in the page's language: 60.1 in English, 60,1 in German. */
    public String millis(Object value) {
        return millis(value, locale());
    }

    static String millis(Object value, Locale locale) {
        if (value instanceof Number number) {
            NumberFormat format = NumberFormat.getNumberInstance(locale);
            format.setMaximumFractionDigits(1);
            return format.format(number.doubleValue());
        }
        return "";
    }

    /** A number in the page's language: 5,045 in English, 5.045 in German. */
    public String number(Object value) {
        return number(value, locale());
    }

    static String number(Object value, Locale locale) {
        return value instanceof Number number
                ? NumberFormat.getNumberInstance(locale).format(number)
                : "";
    }

    /**
     * A count with its noun from the bundle, whose text chooses singular or plural ({@code {0,choice,...}}):
     * "1 event", "5,045 events", "5.045 Ereignisse".
     */
    public String count(String key, Object count) {
        return count(key, count, locale());
    }

    static String count(String key, Object count, Locale locale) {
        String text = ResourceBundle.getBundle(Messages.BUNDLE, locale).getString(key);
        return new MessageFormat(text, locale).format(new Object[] {count == null ? 0 : count});
    }

    private static Locale locale() {
        FacesContext faces = FacesContext.getCurrentInstance();
        return faces == null || faces.getViewRoot() == null
                ? Locale.ENGLISH
                : faces.getViewRoot().getLocale();
    }
}
