package io.lookout.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Numbers and counts as a page in English or German shows them. */
class FormatsTest {

    @Test
    void numbersFollowThePagesLanguage() {
        assertEquals("5,045", Formats.number(5045L, Locale.ENGLISH));
        assertEquals("5.045", Formats.number(5045L, Locale.GERMAN));
        assertEquals("60.1", Formats.millis(60.125, Locale.ENGLISH));
        assertEquals("60,1", Formats.millis(60.125, Locale.GERMAN));
        assertEquals("1.200", Formats.millis(1200.0, Locale.GERMAN));
        assertEquals("", Formats.millis(null, Locale.GERMAN));
    }

    @Test
    void aCountChoosesSingularOrPlural() {
        assertEquals("0 events", Formats.count("common.eventCount", 0L, Locale.ENGLISH));
        assertEquals("1 event", Formats.count("common.eventCount", 1L, Locale.ENGLISH));
        assertEquals("5,045 events", Formats.count("common.eventCount", 5045L, Locale.ENGLISH));
        assertEquals("1 Ereignis", Formats.count("common.eventCount", 1L, Locale.GERMAN));
        assertEquals("5.045 Ereignisse", Formats.count("common.eventCount", 5045L, Locale.GERMAN));
        assertEquals("0 Gruppen", Formats.count("common.groupCount", 0L, Locale.GERMAN));
        assertEquals("1 Gruppe", Formats.count("common.groupCount", 1, Locale.GERMAN));
        assertEquals("1 Bibliotheks-Frame", Formats.count("event.frames.library", 1, Locale.GERMAN));
        assertEquals("2 library frames", Formats.count("event.frames.library", 2, Locale.ENGLISH));
        assertEquals("1 attempt", Formats.count("alerts.attempts", 1, Locale.ENGLISH));
        assertEquals("(1 Ereignis)", Formats.count("alerts.events", 1L, Locale.GERMAN));
    }

    @Test
    void relativeTimesInBothLanguages() {
        java.time.Instant now = java.time.Instant.parse("2026-12-05T12:00:00Z");
        assertEquals("just now", Formats.ago(now.minusSeconds(20), now, Locale.ENGLISH));
        assertEquals("gerade eben", Formats.ago(now.minusSeconds(20), now, Locale.GERMAN));
        assertEquals("3 min ago", Formats.ago(now.minusSeconds(3 * 60 + 30), now, Locale.ENGLISH));
        assertEquals("vor 3 Min.", Formats.ago(now.minusSeconds(3 * 60 + 30), now, Locale.GERMAN));
        assertEquals("5 h ago", Formats.ago(now.minusSeconds(5 * 3600), now, Locale.ENGLISH));
        assertEquals("vor 5 Std.", Formats.ago(now.minusSeconds(5 * 3600), now, Locale.GERMAN));
        assertEquals("1 day ago", Formats.ago(now.minusSeconds(26 * 3600), now, Locale.ENGLISH));
        assertEquals("vor 1 Tag", Formats.ago(now.minusSeconds(26 * 3600), now, Locale.GERMAN));
        assertEquals("12 days ago", Formats.ago(now.minusSeconds(12 * 24 * 3600), now, Locale.ENGLISH));
        assertEquals("vor 12 Tagen", Formats.ago(now.minusSeconds(12 * 24 * 3600), now, Locale.GERMAN));
        // past a month, and in the future: the date
        assertEquals("2026-10-01", Formats.ago(java.time.Instant.parse("2026-10-01T08:00:00Z"), now, Locale.GERMAN));
        assertEquals("2026-12-06", Formats.ago(now.plusSeconds(24 * 3600), now, Locale.ENGLISH));
    }
}
