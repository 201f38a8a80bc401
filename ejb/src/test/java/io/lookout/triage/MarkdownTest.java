package io.lookout.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void rendersMarkdown() {
        assertEquals("<p><strong>bold</strong> and <code>code</code></p>\n", Markdown.html("**bold** and `code`"));
        assertTrue(Markdown.html("- one\n- two").contains("<li>one</li>"));
        assertTrue(Markdown.html("```\nx < y\n```").contains("<pre><code>x &lt; y\n</code></pre>"));
    }

    @Test
    void rawHtmlIsText() {
        String html = Markdown.html("<script>alert(1)</script>");
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        String inline = Markdown.html("a <img src=x onerror=alert(1)> b");
        assertFalse(inline.contains("<img"), inline);
        assertTrue(inline.contains("&lt;img src=x onerror=alert(1)&gt;"), inline);
    }

    @Test
    void onlyHttpHttpsAndMailtoLinks() {
        assertEquals(
                "<p><a rel=\"nofollow noopener noreferrer\" href=\"https://example.com/a?b=1\">x</a></p>\n",
                Markdown.html("[x](https://example.com/a?b=1)"));
        assertTrue(Markdown.html("[m](mailto:a@example.com)").contains("href=\"mailto:a@example.com\""));
        for (String bad : new String[] {
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>x</script>",
            "vbscript:msgbox",
            "jav&#x09;ascript:alert(1)"
        }) {
            String html = Markdown.html("[x](" + bad + ")").toLowerCase(Locale.ROOT);
            assertFalse(html.contains("script:"), bad + " → " + html);
            assertFalse(html.contains("data:"), bad + " → " + html);
        }
        String auto = Markdown.html("<javascript:alert(1)>").toLowerCase(Locale.ROOT);
        assertFalse(auto.contains("href=\"javascript"), auto);
    }

    @Test
    void imagesBecomeLinksAndLoadNothing() {
        String html = Markdown.html("![logo](https://example.com/a.png)");
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("href=\"https://example.com/a.png\""), html);
        assertTrue(html.contains(">logo</a>"), html);
        String bad = Markdown.html("![x](javascript:alert(1))");
        assertFalse(bad.contains("javascript"), bad);
    }

    @Test
    void attributesCannotBeBrokenOutOf() {
        String html = Markdown.html("[x](https://e.com/\"onmouseover=\"alert(1))");
        assertFalse(html.contains("\" onmouseover"), html);
        assertFalse(html.contains("\"onmouseover=\""), html);
    }
}
