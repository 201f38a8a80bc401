package io.lookout.ui.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The built-in processors' "grouped by" words, said in the page's language; data stays as it is. */
class GroupingWordsTest {

    private static final Locale GERMAN = Locale.GERMAN;

    @Test
    void theEnglishPageShowsTheStoredPhrasesAsTheProcessorWroteThemWithNumbersInItsFormat() {
        for (String label : List.of(
                "type",
                "caused by",
                "frame",
                "frames",
                "variable parts",
                "normalised query",
                "parameter 2",
                "part 1")) {
            assertEquals(label, GroupingWords.label(label, Locale.ENGLISH));
        }
        for (String reason : List.of(
                "not in-app",
                "repeats the frame before (recursion)",
                "a tag, not part of the group",
                "replaced by the event's fingerprint",
                "replaced by <num>",
                "not in-app (rule line 3)",
                "stripped by rule line 12",
                "replaced by rule line 2")) {
            assertEquals(reason, GroupingWords.reason(reason, Locale.ENGLISH));
        }
        assertEquals("rule", GroupingWords.label("rule", Locale.ENGLISH));
        assertEquals("stripped", GroupingWords.label("stripped", Locale.ENGLISH));
        assertEquals(
                "a.B.c … d.E.f (12 frames)",
                GroupingWords.value("frames", "a.B.c … d.E.f (12 frames)", Locale.ENGLISH));
        assertEquals(
                "x.Y.z … x.Y.z (1 frame)", GroupingWords.value("frames", "x.Y.z … x.Y.z (1 frames)", Locale.ENGLISH));
    }

    @Test
    void theGermanPageSaysTheKnownPhrasesWithTheirNumbersAndNames() {
        assertEquals("verursacht durch", GroupingWords.label("caused by", GERMAN));
        assertEquals("Parameter 2", GroupingWords.label("parameter 2", GERMAN));
        assertEquals("nicht im Anwendungscode", GroupingWords.reason("not in-app", GERMAN));
        assertEquals(
                "jenseits der Grenze von 1.000 Frames",
                GroupingWords.reason("beyond the limit of 1000 frames", GERMAN));
        assertEquals("ersetzt durch <num>", GroupingWords.reason("replaced by <num>", GERMAN));
        assertEquals("Regel", GroupingWords.label("rule", GERMAN));
        assertEquals(
                "nicht im Anwendungscode (Gruppierungsregel, Zeile 3)",
                GroupingWords.reason("not in-app (rule line 3)", GERMAN));
        assertEquals(
                "entfernt durch die Gruppierungsregel in Zeile 12",
                GroupingWords.reason("stripped by rule line 12", GERMAN));
        assertEquals(
                "ersetzt durch die Gruppierungsregel in Zeile 2",
                GroupingWords.reason("replaced by rule line 2", GERMAN));
        assertEquals(
                "durch den Fingerabdruck des Ereignisses ersetzt",
                GroupingWords.reason("replaced by the event's fingerprint", GERMAN));
        assertEquals("3 in der Mitte der Kette", GroupingWords.value("causes", "3 in the middle of the chain", GERMAN));
        assertEquals("a … b (12 Frames)", GroupingWords.value("frames", "a … b (12 frames)", GERMAN));
    }

    @Test
    void aPlugInsOwnWordsAndTheEventsDataStayAsTheyAre() {
        assertEquals("checkout step", GroupingWords.label("checkout step", GERMAN));
        assertEquals("cached for the tenant", GroupingWords.reason("cached for the tenant", GERMAN));
        assertEquals("3 more", GroupingWords.value("message", "3 more", GERMAN), "a message that reads like a count");
        assertEquals(null, GroupingWords.reason(null, GERMAN));
    }
}
