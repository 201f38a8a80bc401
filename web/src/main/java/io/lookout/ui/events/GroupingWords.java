package io.lookout.ui.events;

import io.lookout.ui.session.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of the built-in processors' "grouped by" descriptions in the page's language. The
 * processors store their labels, reasons and counted values in English (they are data, written
 * at ingest); the page says the ones it knows from the bundle ({@code grouping.*}) and shows a
 * plug-in's own words as they are.
 */
@Named("groupingWords")
@ApplicationScoped
public class GroupingWords {

    private record Phrase(Pattern pattern, String key) {}

    private static final List<Phrase> LABELS = List.of(
            phrase(
                    "(type|value|frame|frames|causes|caused by|method|route|path|status|host|engine|message"
                            + "|template|fingerprint|rule|stripped|more parts|variable part|variable parts|normalised query)",
                    "label"),
            phrase("parameter (\\d+)", "label.parameter"),
            phrase("part (\\d+)", "label.part"));

    private static final List<Phrase> REASONS = List.of(
            phrase("not in-app", "reason.notInApp"),
            phrase("not in-app \\(rule line (\\d+)\\)", "reason.notInAppByRule"),
            phrase("stripped by rule line (\\d+)", "reason.strippedByRule"),
            phrase("replaced by rule line (\\d+)", "reason.replacedByRule"),
            phrase("repeats the frame before \\(recursion\\)", "reason.recursion"),
            phrase("beyond the limit of (\\d+) frames", "reason.frameLimit"),
            phrase("beyond the limit of (\\d+) exceptions", "reason.chainLimit"),
            phrase("not used: the exception has frames", "reason.valueNotUsed"),
            phrase("its ids are templated in the route", "reason.templated"),
            phrase("a tag, not part of the group", "reason.tag"),
            phrase("a parameter of the template", "reason.parameter"),
            phrase("replaced by their placeholders", "reason.placeholders"),
            phrase("replaced by the event's fingerprint", "reason.fingerprint"),
            phrase("not stored: a description is kept to (\\d+) characters", "reason.notStored"),
            phrase("replaced by (.+)", "reason.replacedBy"));

    private static final List<Phrase> VALUES = List.of(
            phrase("(\\d+) in the middle of the chain", "value.middleOfChain"),
            phrase("(\\d+) in the middle of the trace", "value.middleOfTrace"),
            phrase("(\\d+) more", "value.more"),
            phrase("(.+) \\((\\d+) frames\\)", "value.frames"));

    private static final java.util.Set<String> COUNTED = java.util.Set.of("causes", "frames", "variable parts");

    public String label(String label) {
        return label(label, locale());
    }

    public String reason(String reason) {
        return reason(reason, locale());
    }

    /** A value: the counts the processors write for runs of parts; anything else is the event's data. */
    public String value(String label, String value) {
        return value(label, value, locale());
    }

    static String label(String label, Locale locale) {
        return say(LABELS, label, locale);
    }

    static String reason(String reason, Locale locale) {
        return say(REASONS, reason, locale);
    }

    static String value(String label, String value, Locale locale) {
        return COUNTED.contains(label) ? say(VALUES, value, locale) : value;
    }

    /**
     * The text in the language: a known phrase from the bundle, with the numbers and names it
     * carries; anything else as it is. A one-group label pattern names its key by the word itself.
     */
    private static String say(List<Phrase> phrases, String text, Locale locale) {
        if (text == null) {
            return null;
        }
        for (Phrase phrase : phrases) {
            Matcher matcher = phrase.pattern().matcher(text);
            if (!matcher.matches()) {
                continue;
            }
            String key = "grouping." + phrase.key();
            Object[] arguments = new Object[matcher.groupCount()];
            if (phrase.key().equals("label")) {
                key = key + "." + text.replace(' ', '-');
                arguments = new Object[0];
            } else {
                for (int i = 0; i < arguments.length; i++) {
                    String group = matcher.group(i + 1);
                    arguments[i] = group.chars().allMatch(Character::isDigit) && group.length() < 10
                            ? (Object) Long.parseLong(group)
                            : group;
                }
            }
            try {
                String pattern =
                        ResourceBundle.getBundle(Messages.BUNDLE, locale).getString(key);
                return new MessageFormat(pattern, locale).format(arguments);
            } catch (MissingResourceException e) {
                return text;
            }
        }
        return text;
    }

    private static Phrase phrase(String regex, String key) {
        return new Phrase(Pattern.compile(regex), key);
    }

    private static Locale locale() {
        FacesContext faces = FacesContext.getCurrentInstance();
        return faces == null || faces.getViewRoot() == null
                ? Locale.ENGLISH
                : faces.getViewRoot().getLocale();
    }
}
