package io.lookout.grouping;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words a group is found by (the full-text search of free words, docs/api.md "Query syntax"),
 * made here and nowhere else so that H2 and PostgreSQL find the same groups: PostgreSQL indexes the
 * stored words as they are ({@code array_to_tsvector}, no parser, no stemming), H2 compares them as
 * they are.
 *
 * <p>A word is a run of letters, digits, {@code _}, {@code $} and inner dots, in lower case. A dotted
 * name {@code com.acme.CartService$Inner} is stored whole, with each of its dotted tails
 * ({@code acme.cartservice$inner}, {@code cartservice$inner}), each part between {@code .}, {@code $}
 * and {@code _} ({@code com}, {@code acme}, {@code cartservice}, {@code inner}) and each camel-case
 * hump of a part ({@code cart}, {@code service}): it is found by its simple name, by its full name
 * and by a word inside a camel-case name. A query's word matches a stored word that starts with it.
 *
 * <p>The words come from the group's summary (message and culprit) and, from the event's data, an
 * exception's {@code type}, {@code value}, its frames' {@code module} and {@code function}, and the
 * same of its causes. At most {@value #MAX_LENGTH} characters are kept (whole words, first come
 * first kept): the message and the exception's type come first.
 */
public final class SearchText {

    /** Most characters of the stored words. */
    public static final int MAX_LENGTH = 4000;
    /** Longest word kept; a longer one (a hash, a blob) is left out. */
    static final int MAX_WORD = 100;

    private static final int MAX_CAUSES = 10;
    private static final int MAX_FRAMES = 200;

    private SearchText() {}

    /**
     * The stored words of a group ({@code event_group.search_words}), separated by one space; empty
     * when there is none.
     */
    public static String of(String message, String culprit, JsonObject data) {
        Set<String> words = new LinkedHashSet<>();
        add(words, message);
        add(words, culprit);
        JsonObject exception = data;
        for (int depth = 0; exception != null && depth <= MAX_CAUSES; depth++) {
            add(words, string(exception, "type"));
            add(words, string(exception, "value"));
            add(words, string(exception, "module"));
            add(words, string(exception, "function"));
            JsonValue frames = exception.get("frames");
            if (frames instanceof JsonArray array) {
                for (int i = array.size() - 1, n = 0; i >= 0 && n < MAX_FRAMES; i--, n++) {
                    if (array.get(i) instanceof JsonObject frame) {
                        add(words, string(frame, "module"));
                        add(words, string(frame, "function"));
                    }
                }
            }
            exception = exception.get("cause") instanceof JsonObject cause ? cause : null;
        }
        StringBuilder text = new StringBuilder();
        for (String word : words) {
            int added = text.isEmpty() ? word.length() : word.length() + 1;
            if (text.length() + added > MAX_LENGTH) {
                break;
            }
            text.append(text.isEmpty() ? "" : " ").append(word);
        }
        return text.toString();
    }

    /**
     * The stored words of a free word of a query: every one of them must be a word of the group. A
     * dotted name gives itself only (its parts are stored with it); {@code Error:} gives
     * {@code error}; text without letters or digits gives none.
     */
    public static List<String> ofQueryWord(String text) {
        List<String> words = new ArrayList<>();
        for (String written : split(text)) {
            String word = written.toLowerCase(Locale.ROOT);
            if (!words.contains(word)) {
                words.add(word);
            }
        }
        return words;
    }

    private static void add(Set<String> words, String text) {
        if (text == null) {
            return;
        }
        for (String written : split(text)) {
            String word = written.toLowerCase(Locale.ROOT);
            words.add(word);
            // the dotted tails: acme.cart, cart of com.acme.Cart
            for (int i = 0; i < word.length(); i++) {
                if (word.charAt(i) == '.' && i + 1 < word.length()) {
                    words.add(word.substring(i + 1));
                }
            }
            // the parts between '.', '$' and '_', and their camel-case humps: SocketTimeoutException
            // gives sockettimeoutexception, socket, timeout and exception
            int start = 0;
            for (int i = 0; i <= written.length(); i++) {
                if (i == written.length() || isSeparator(written.charAt(i))) {
                    if (i > start) {
                        String part = written.substring(start, i);
                        words.add(part.toLowerCase(Locale.ROOT));
                        humps(words, part);
                    }
                    start = i + 1;
                }
            }
        }
    }

    private static boolean isSeparator(char c) {
        return c == '.' || c == '$' || c == '_';
    }

    /** The camel-case humps of a part, when it has more than one: {@code HTTPServerError} gives http, server, error. */
    private static void humps(Set<String> words, String part) {
        List<String> humps = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < part.length(); i++) {
            char before = part.charAt(i - 1);
            char c = part.charAt(i);
            boolean upper = Character.isUpperCase(c);
            boolean boundary = upper && (Character.isLowerCase(before) || Character.isDigit(before))
                    || upper
                            && Character.isUpperCase(before)
                            && i + 1 < part.length()
                            && Character.isLowerCase(part.charAt(i + 1));
            if (boundary) {
                humps.add(part.substring(start, i));
                start = i;
            }
        }
        if (start > 0) {
            humps.add(part.substring(start));
            humps.forEach(hump -> words.add(hump.toLowerCase(Locale.ROOT)));
        }
    }

    /** The words of a text as written: runs of word characters and dots, without leading or trailing dots. */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && !isWordChar(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && (isWordChar(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            int end = i;
            while (end > start && text.charAt(end - 1) == '.') {
                end--;
            }
            if (end > start && end - start <= MAX_WORD) {
                words.add(text.substring(start, end));
            }
        }
        return words;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static String string(JsonObject object, String key) {
        return object.get(key) instanceof JsonString s ? s.getString() : null;
    }
}
