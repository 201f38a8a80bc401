package io.lookout.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every text of the pages is in both bundles, and every key a page names exists. */
class MessageBundlesTest {

    private static final Path BUNDLES = Path.of("src/main/resources/io/lookout/ui/i18n");
    private static final Path PAGES = Path.of("src/main/webapp");
    private static final Pattern KEY_IN_PAGE = Pattern.compile("msg\\['([A-Za-z0-9_.]+)'\\]");

    private static Properties bundle(String language) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                BUNDLES.resolve("messages_" + language + ".properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    @Test
    void englishAndGermanHaveTheSameKeys() throws IOException {
        assertEquals(
                new TreeSet<>(bundle("en").stringPropertyNames()),
                new TreeSet<>(bundle("de").stringPropertyNames()));
    }

    @Test
    void everyTextWithPlaceholdersIsAValidMessageFormat() throws IOException {
        for (String language : new String[] {"en", "de"}) {
            Properties texts = bundle(language);
            for (String key : texts.stringPropertyNames()) {
                String text = texts.getProperty(key);
                if (text.contains("{")) {
                    java.text.MessageFormat format =
                            new java.text.MessageFormat(text, java.util.Locale.forLanguageTag(language));
                    assertTrue(format.getFormats().length > 0, language + " " + key);
                }
            }
        }
    }

    @Test
    void everyKeyAPageNamesIsInTheBundles() throws IOException {
        Set<String> keys = bundle("en").stringPropertyNames();
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.walk(PAGES)) {
            for (Path page :
                    files.filter(file -> file.toString().endsWith(".xhtml")).toList()) {
                Matcher matcher = KEY_IN_PAGE.matcher(Files.readString(page, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    if (!keys.contains(matcher.group(1))) {
                        missing.add(PAGES.relativize(page) + ": " + matcher.group(1));
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "keys missing from the bundles: " + missing);
        for (String role : io.lookout.security.Roles.ALL) {
            assertTrue(keys.contains("role." + role), "role." + role);
        }
    }
}
