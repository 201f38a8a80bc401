package io.lookout.ui.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lookout.query.language.Query;
import io.lookout.query.language.QueryParser;
import io.lookout.query.language.TagTerm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each tag value of the event page links to the group list's search for exactly that value. */
class EventPageTest {

    @Test
    void aTagLinkSearchesForExactlyItsValueHoweverItIsWritten() throws Exception {
        for (String value : List.of(
                "2.3.0", "shop@2.3.0", "two words", "say \"hi\"", "C:\\temp\\", "a:b:c", "!not", "", "ünïcødé ✓")) {
            String query = EventPage.tagQuery("release", value);
            Query parsed = QueryParser.parse(query);
            assertEquals(List.of(new TagTerm("release", value, false)), parsed.terms(), query);
        }
    }

    @Test
    void noLinkWhenNoTermCanSayIt() {
        assertNull(EventPage.tagQuery("release", null), "a null tag");
        assertNull(EventPage.tagQuery("a key", "x"), "a key the language cannot write");
        assertNull(EventPage.tagQuery("is", "resolved"), "a key the language keeps for itself");
        assertNull(EventPage.tagQuery("url", "x".repeat(201)), "a value over the language's limit");
    }
}
