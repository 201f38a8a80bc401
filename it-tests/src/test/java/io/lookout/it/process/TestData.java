package io.lookout.it.process;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/** Small things the process tests make or read: words their events can be found by, a mail's text. */
final class TestData {

    private TestData() {}

    /**
     * A random word of {@code length} letters from g to z: no hex digit, so it is never taken for an id,
     * and it is a word of its own for the full-text search.
     */
    static String letters(int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append((char) ('g' + ThreadLocalRandom.current().nextInt(20)));
        }
        return word.toString();
    }

    /** The text of a multipart mail's first part (Lookout's notification mails: text, then HTML). */
    static String mailText(MimeMessage message) {
        try {
            return String.valueOf(
                    ((MimeMultipart) message.getContent()).getBodyPart(0).getContent());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
