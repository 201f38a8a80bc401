package io.lookout.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.event.Patterns;
import org.junit.jupiter.api.Test;

class ProjectsTest {

    @Test
    void theSlugDefaultsToTheNameInLowerCaseWithDashes() {
        assertEquals("web-shop-eu", Projects.slugOf("  Web Shop (EU) "));
        assertEquals("project", Projects.slugOf("Ω"));
        String longSlug = Projects.slugOf("a".repeat(63) + " b");
        assertEquals("a".repeat(63), longSlug, "cut to 64 without a trailing dash");
        assertTrue(Patterns.SLUG.matcher(longSlug).matches());
    }

    @Test
    void aDsnIsTheBaseUrlWithKeyAndProjectId() {
        Project project = new Project(7L, "shop", "Shop", "0123456789abcdef0123456789abcdef");
        assertEquals(
                "https://0123456789abcdef0123456789abcdef@lookout.example.org/7",
                Projects.dsn("https://lookout.example.org/", project));
        assertEquals(
                "http://0123456789abcdef0123456789abcdef@localhost:8080/lookout/7",
                Projects.dsn("http://localhost:8080/lookout", project));
    }

    @Test
    void publicKeysAre32RandomHexCharacters() {
        String key = Projects.newPublicKey();
        assertTrue(key.matches("[0-9a-f]{32}"), key);
        assertNotEquals(key, Projects.newPublicKey());
    }
}
