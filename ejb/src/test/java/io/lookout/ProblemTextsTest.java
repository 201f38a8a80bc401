package io.lookout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.query.language.QueryParser;
import io.lookout.query.language.QuerySyntaxException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every problem has its sentence in English and German with the same placeholders, every field a
 * service names has words, and the API keeps its English while a page speaks the user's language.
 */
class ProblemTextsTest {

    private static final Path BUNDLES = Path.of("src/main/resources/io/lookout");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[,}]");
    /**
     * A literal field of a problem: {@code Problem.invalid("name"}, {@code ("keys[" + i}; not a prefix
     * such as {@code "webhook." + key}, whose key the sender made up.
     */
    private static final Pattern LITERAL_FIELD =
            Pattern.compile("Problem\\.(?:invalid|conflict)\\(\\s*\"([A-Za-z.]*[A-Za-z])(\\[)?\"");

    private static Properties bundle(String suffix) throws IOException {
        Properties properties = new Properties();
        try (Reader reader =
                Files.newBufferedReader(BUNDLES.resolve("problems" + suffix + ".properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void everyCodeHasASentenceInBothLanguages() throws IOException {
        for (String suffix : new String[] {"", "_de"}) {
            Properties texts = bundle(suffix);
            for (ProblemCode code : ProblemCode.values()) {
                assertTrue(texts.containsKey(code.key()), "problems" + suffix + " lacks " + code.key());
            }
        }
    }

    @Test
    void bothBundlesHaveTheSameKeysWithTheSamePlaceholders() throws IOException {
        Properties en = bundle("");
        Properties de = bundle("_de");
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(de.stringPropertyNames()));
        TreeMap<String, String> differ = new TreeMap<>();
        for (String key : en.stringPropertyNames()) {
            Set<String> english = placeholders(en.getProperty(key));
            Set<String> german = placeholders(de.getProperty(key));
            if (!english.equals(german)) {
                differ.put(key, english + " ≠ " + german);
            }
        }
        assertTrue(differ.isEmpty(), "placeholders differ: " + differ);
    }

    @Test
    void everySentenceFormatsInBothLanguages() {
        Object[] arguments = {"a", 2, "c", "d", "e"};
        for (ProblemCode code : ProblemCode.values()) {
            for (Locale locale : new Locale[] {Locale.ENGLISH, Locale.GERMAN}) {
                String text = ProblemTexts.page(code, "name", arguments, locale);
                assertFalse(text.isBlank() || text.contains("{"), code + " in " + locale + ": " + text);
            }
            assertFalse(code.api("name", arguments).matches(".*\\{\\d+}.*"), code + " API: " + code.apiPattern());
        }
    }

    @Test
    void noSentenceHasAnApostropheThatMessageFormatWouldSwallow() throws IOException {
        for (String suffix : new String[] {"", "_de"}) {
            Properties texts = bundle(suffix);
            for (String key : texts.stringPropertyNames()) {
                assertFalse(texts.getProperty(key).contains("'"), "problems" + suffix + " " + key + " has a '");
            }
        }
    }

    @Test
    void everyFieldTheServicesNameHasWords() throws IOException {
        Properties en = bundle("");
        Set<String> missing = new TreeSet<>();
        for (Path sources : new Path[] {Path.of("src/main/java"), Path.of("../web/src/main/java")}) {
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = LITERAL_FIELD.matcher(Files.readString(file, StandardCharsets.UTF_8));
                    while (m.find()) {
                        String key = "field." + m.group(1) + (m.group(2) == null ? "" : "[]");
                        if (!en.containsKey(key)) {
                            missing.add(file.getFileName() + ": " + key);
                        }
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "fields without words: " + missing);
    }

    @Test
    void theApiKeepsItsEnglishAndAPageSpeaksItsLanguage() {
        Problem required = Problem.invalid("name", ProblemCode.REQUIRED);
        assertEquals("name is required", required.describe());
        assertEquals("The name is required.", ProblemTexts.page(required, Locale.ENGLISH));
        assertEquals("Der Name fehlt.", ProblemTexts.page(required, Locale.GERMAN));

        Problem exists = Problem.conflict("slug", ProblemCode.VIEW_EXISTS, "errors", 1L);
        assertEquals(409, exists.status());
        assertEquals("slug a view 'errors' exists already in project 1", exists.describe());
        assertEquals(
                "A view with the slug “errors” exists already in this project.",
                ProblemTexts.page(exists, Locale.ENGLISH));
        assertEquals(
                "In diesem Projekt gibt es schon eine Ansicht mit dem Kürzel „errors“.",
                ProblemTexts.page(exists, Locale.GERMAN));
    }

    @Test
    void aFieldWithAnIndexIsNamedByItsPositionAndNumbersFollowTheLocale() {
        Problem repeated = Problem.invalid("keys[1]", ProblemCode.REPEATED, "url");
        assertEquals("keys[1] repeats 'url'", repeated.describe());
        assertEquals("Key 2 repeats “url”.", ProblemTexts.page(repeated, Locale.ENGLISH));
        assertEquals("Schlüssel Nr. 2 wiederholt „url“.", ProblemTexts.page(repeated, Locale.GERMAN));

        Problem range = Problem.invalid("retentionDays", ProblemCode.RETENTION_RANGE, 1, 3650);
        assertEquals("retentionDays must be between 1 and 3650 days", range.describe());
        assertEquals("The retention must be between 1 and 3,650 days.", ProblemTexts.page(range, Locale.ENGLISH));
        assertEquals(
                "Die Aufbewahrungsdauer muss zwischen 1 und 3.650 Tagen liegen.",
                ProblemTexts.page(range, Locale.GERMAN));
    }

    @Test
    void aFieldTheBundleDoesNotKnowIsQuoted() {
        Problem unknown = Problem.invalid("colour", ProblemCode.UNKNOWN_FIELD, "name, trigger");
        assertEquals("colour is not a field here (name, trigger)", unknown.describe());
        assertEquals(
                "Das Feld „colour“ ist hier unbekannt; bekannt sind name, trigger.",
                ProblemTexts.page(unknown, Locale.GERMAN));
    }

    @Test
    void aQueryMistakeKeepsItsEnglishForTheApiAndIsGermanOnAPage() {
        QuerySyntaxException mistake = null;
        try {
            QueryParser.parse("is:open");
        } catch (QuerySyntaxException e) {
            mistake = e;
        }
        assertEquals("'is:' expects unresolved, resolved, ignored or bookmarked, not 'open'", mistake.getMessage());
        assertEquals(3, mistake.position());
        assertEquals(
                "„is:“ erwartet unresolved, resolved, ignored oder bookmarked, nicht „open“.",
                ProblemTexts.page(mistake.code(), null, mistake.arguments(), Locale.GERMAN));
        Problem problem = Problem.invalid("query", mistake.code(), mistake.arguments());
        assertEquals("query 'is:' expects unresolved, resolved, ignored or bookmarked, not 'open'", problem.describe());
    }

    @Test
    void theGermanBundleIsFoundWhateverTheServerSpeaks() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMAN);
            assertEquals(
                    "The name is required.",
                    ProblemTexts.page(Problem.invalid("name", ProblemCode.REQUIRED), Locale.ENGLISH));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aProblemWithATextOfItsOwnKeepsIt() {
        Problem own = Problem.notFound("administration");
        assertEquals(404, own.status());
        assertEquals("administration", ProblemTexts.page(own, Locale.GERMAN));
    }
}
