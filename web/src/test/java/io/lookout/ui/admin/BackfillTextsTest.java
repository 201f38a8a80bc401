package io.lookout.ui.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lookout.ui.session.Messages;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** A view's backfill state reads as words with the page language's numbers and plurals. */
class BackfillTextsTest {

    private static String text(Locale locale, String state, long done, long total) {
        String pattern = ResourceBundle.getBundle(Messages.BUNDLE, locale).getString("admin.views.backfill." + state);
        return new MessageFormat(pattern, locale).format(new Object[] {done, total});
    }

    @Test
    void englishGroupsThousandsWithCommas() {
        assertEquals("Backfilled: 4,076 of 4,076 events", text(Locale.ENGLISH, "done", 4076, 4076));
        assertEquals("Waiting (0 of 114 events counted)", text(Locale.ENGLISH, "pending", 0, 114));
        assertEquals("Backfilling: 1,500 of 12,000 events counted", text(Locale.ENGLISH, "running", 1500, 12000));
        assertEquals("Backfilled: 1 of 1 event", text(Locale.ENGLISH, "done", 1, 1));
    }

    @Test
    void germanGroupsThousandsWithDots() {
        assertEquals("Nachgezählt: 4.076 von 4.076 Ereignissen", text(Locale.GERMAN, "done", 4076, 4076));
        assertEquals("Wartet (0 von 114 Ereignissen gezählt)", text(Locale.GERMAN, "pending", 0, 114));
        assertEquals(
                "Wird nachgezählt: 1.500 von 12.000 Ereignissen gezählt", text(Locale.GERMAN, "running", 1500, 12000));
        assertEquals("Nachgezählt: 1 von 1 Ereignis", text(Locale.GERMAN, "done", 1, 1));
        assertEquals("Nachgezählt: 0 von 0 Ereignissen", text(Locale.GERMAN, "done", 0, 0));
    }
}
