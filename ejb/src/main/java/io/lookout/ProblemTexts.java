package io.lookout;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sentences pages show for problems, from the bundle {@code io/lookout/problems} (English is
 * the root bundle, German {@code problems_de}): the key of a {@link ProblemCode} gives a
 * {@link MessageFormat} whose {@code {0}} is the field in words ({@code field.<name>}, with
 * {@code []} for an index) and whose {@code {1}} on are the code's arguments.
 */
public final class ProblemTexts {

    public static final String BUNDLE = "io.lookout.problems";

    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private ProblemTexts() {}

    /** The bundle of {@code locale}; never that of the server's default locale. */
    public static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(
                BUNDLE,
                locale,
                ProblemTexts.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The problem as a page in {@code locale} shows it; a problem without a code keeps its own text. */
    public static String page(Problem problem, Locale locale) {
        if (problem.code() == null) {
            return problem.describe();
        }
        return page(problem.code(), problem.field(), problem.arguments(), locale);
    }

    /** The sentence of {@code code} about {@code field} (may be null) in {@code locale}. */
    public static String page(ProblemCode code, String field, Object[] arguments, Locale locale) {
        ResourceBundle bundle = bundle(locale);
        Object[] all = new Object[arguments.length + 1];
        all[0] = field == null ? "" : fieldWords(field, bundle, locale);
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return new MessageFormat(bundle.getString(code.key()), locale).format(all);
    }

    /** "The name", "Key 2" for {@code keys[1]}, or "The field “x”" for a field the bundle does not name. */
    static String fieldWords(String field, ResourceBundle bundle, Locale locale) {
        Matcher index = INDEX.matcher(field);
        String key = "field." + index.replaceAll("[]");
        if (!bundle.containsKey(key)) {
            return new MessageFormat(bundle.getString("field"), locale).format(new Object[] {field});
        }
        index.reset();
        Object[] positions = index.results()
                .map(m -> (Object) (Integer.parseInt(m.group(1)) + 1))
                .toArray();
        return new MessageFormat(bundle.getString(key), locale).format(positions);
    }
}
