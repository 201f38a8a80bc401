package io.lookout.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MailChannelTest {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("lookout", "right-password"));

    private static MailChannel channel(String tls) {
        return new MailChannel(
                "127.0.0.1", GREEN_MAIL.getSmtp().getPort(), "Lookout <alerts@lookout.test>", tls, null, null);
    }

    /** GreenMail stores a copy per recipient: the distinct messages by Message-ID. */
    private static Map<String, MimeMessage> distinct() throws MessagingException {
        Map<String, MimeMessage> messages = new TreeMap<>();
        for (MimeMessage message : GREEN_MAIL.getReceivedMessages()) {
            messages.put(message.getMessageID(), message);
        }
        return messages;
    }

    private static String to(MimeMessage message) throws MessagingException {
        return Arrays.stream(message.getRecipients(MimeMessage.RecipientType.TO))
                .map(Address::toString)
                .sorted()
                .collect(Collectors.joining(","));
    }

    private static MimeMultipart parts(MimeMessage message) throws MessagingException, IOException {
        return (MimeMultipart) message.getContent();
    }

    @Test
    void oneMultipartMailPerLanguage() throws Exception {
        channel("none")
                .send(
                        TestDigests.many(3),
                        List.of(
                                new Recipient("anna@example.com", Locale.ENGLISH),
                                new Recipient("bert@example.com", Locale.GERMANY),
                                new Recipient("carl@example.com", Locale.forLanguageTag("en-GB")),
                                new Recipient("dora@example.com", Locale.forLanguageTag("fr"))));

        assertEquals(4, GREEN_MAIL.getReceivedMessages().length);
        Map<String, MimeMessage> byTo = distinct().values().stream()
                .collect(Collectors.toMap(
                        message -> {
                            try {
                                return to(message);
                            } catch (MessagingException e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        message -> message));
        assertEquals(2, byTo.size(), byTo.keySet().toString());

        MimeMessage english = byTo.get("anna@example.com,carl@example.com,dora@example.com");
        assertEquals("[Lookout] shop · 3 new alerts: Broken 1 …", english.getSubject());
        assertEquals("alerts@lookout.test", ((InternetAddress) english.getFrom()[0]).getAddress());
        assertEquals("556", english.getHeader("X-Lookout-Dispatch", null));
        assertEquals("auto-generated", english.getHeader("Auto-Submitted", null));
        assertTrue(english.getContentType().startsWith("multipart/alternative"), english.getContentType());
        MimeMultipart parts = parts(english);
        assertEquals(2, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(
                parts.getBodyPart(0).getContentType().toUpperCase(Locale.ROOT).contains("UTF-8"));
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
        String text = (String) parts.getBodyPart(0).getContent();
        assertTrue(text.contains("Regression"), text);
        assertTrue(text.contains("120 events in 5 minutes"), text);
        assertTrue(text.contains("First seen: 2026-05-04T10:00:00Z"), text);
        assertTrue(text.contains("release: null"), text);
        assertTrue(text.contains("environment: production"), text);
        assertTrue(text.contains(TestDigests.PUBLIC_URL + "/group.xhtml?project=7&id=102"), text);
        assertTrue(text.contains(TestDigests.PUBLIC_URL + "/alerts.xhtml?project=7"), text);
        assertTrue(text.contains("Checkout errors"), text);

        MimeMessage german = byTo.get("bert@example.com");
        assertEquals("[Lookout] shop · 3 neue Alarme: Broken 1 …", german.getSubject());
        String germanText = (String) parts(german).getBodyPart(0).getContent();
        String germanHtml = (String) parts(german).getBodyPart(1).getContent();
        assertTrue(germanText.contains("120 Ereignisse in 5 Minuten"), germanText);
        assertTrue(germanText.contains("Zuerst gesehen: 2026-05-04T10:00:00Z"), germanText);
        assertTrue(germanText.contains("Gesendet von der Alarmregel „Checkout errors“."), germanText);
        assertTrue(germanHtml.contains("Gruppe öffnen"), germanHtml);
        assertTrue(germanHtml.contains("lang=\"de\""), germanHtml);
    }

    @Test
    void hostileTextIsEscapedInHtml() throws Exception {
        channel("none").send(TestDigests.one(), List.of(new Recipient("anna@example.com", Locale.ENGLISH)));

        MimeMessage message = GREEN_MAIL.getReceivedMessages()[0];
        assertEquals(
                "[Lookout] shop · ERROR · NullPointerException: <script>alert(1)</script> & more",
                message.getSubject());
        String html = (String) parts(message).getBodyPart(1).getContent();
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("NullPointerException: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"), html);
        assertTrue(html.contains("user&lt;script&gt;"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;tag&#39;)&lt;/script&gt;"), html);
        assertTrue(
                html.contains("<a href=\"" + TestDigests.PUBLIC_URL
                        + "/group.xhtml?project=7&amp;id=101\">Open the group</a>"),
                html);
        assertTrue(html.contains("<a href=\"" + TestDigests.PUBLIC_URL + "/alerts.xhtml?project=7\">"), html);
        assertTrue(html.contains("New group"), html);
        assertTrue(html.contains(">null</td>"), html);
    }

    @Test
    void testAndSuppressedSubjects() throws Exception {
        channel("none")
                .send(
                        TestDigests.test(),
                        List.of(
                                new Recipient("anna@example.com", Locale.ENGLISH),
                                new Recipient("bert@example.com", Locale.GERMAN)));
        channel("none")
                .send(
                        TestDigests.suppressed(),
                        List.of(
                                new Recipient("anna@example.com", Locale.ENGLISH),
                                new Recipient("bert@example.com", Locale.GERMAN)));

        List<String> subjects = distinct().values().stream()
                .map(message -> {
                    try {
                        return message.getSubject();
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .sorted()
                .toList();
        assertEquals(
                List.of(
                        "[Lookout] shop · 17 more notifications suppressed",
                        "[Lookout] shop · 17 weitere Benachrichtigungen unterdrückt",
                        "[Lookout] shop · Test notification of \"Checkout errors\"",
                        "[Lookout] shop · Testbenachrichtigung für „Checkout errors“"),
                subjects);
    }

    @Test
    void atMostFiftyItems() throws Exception {
        channel("none").send(TestDigests.many(55), List.of(new Recipient("anna@example.com", Locale.ENGLISH)));
        String html = (String)
                parts(GREEN_MAIL.getReceivedMessages()[0]).getBodyPart(1).getContent();
        assertEquals(50, html.split("<h3", -1).length - 1);
        assertTrue(html.contains("… and 5 more"), html);
    }

    @Test
    void login() throws Exception {
        new MailChannel(
                        "127.0.0.1",
                        GREEN_MAIL.getSmtp().getPort(),
                        "alerts@lookout.test",
                        "none",
                        "lookout",
                        "right-password")
                .send(TestDigests.one(), List.of(new Recipient("anna@example.com", Locale.ENGLISH)));
        assertEquals(1, GREEN_MAIL.getReceivedMessages().length);

        DeliveryFailure failure = assertThrows(
                DeliveryFailure.class,
                () -> new MailChannel(
                                "127.0.0.1",
                                GREEN_MAIL.getSmtp().getPort(),
                                "alerts@lookout.test",
                                "none",
                                "lookout",
                                "wrong")
                        .send(TestDigests.one(), List.of(new Recipient("anna@example.com", Locale.ENGLISH))));
        assertFalse(failure.retryable(), failure.getMessage());
        assertTrue(
                failure.getMessage()
                        .contains("127.0.0.1:" + GREEN_MAIL.getSmtp().getPort()),
                failure.getMessage());
    }

    @Test
    void serverDownIsRetryable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DeliveryFailure failure = assertThrows(
                DeliveryFailure.class,
                () -> new MailChannel("127.0.0.1", port, "alerts@lookout.test", "none", null, null)
                        .send(TestDigests.one(), List.of(new Recipient("anna@example.com", Locale.ENGLISH))));
        assertTrue(failure.retryable(), failure.getMessage());
        assertTrue(failure.getMessage().contains("127.0.0.1:" + port), failure.getMessage());
        assertTrue(failure.getMessage().toLowerCase(Locale.ROOT).contains("connect"), failure.getMessage());
    }

    @Test
    void badTlsModeIsNotRetryable() {
        DeliveryFailure failure = assertThrows(
                DeliveryFailure.class,
                () -> channel("ssl")
                        .send(TestDigests.one(), List.of(new Recipient("anna@example.com", Locale.ENGLISH))));
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("lookout.mail.tls"), failure.getMessage());
        assertEquals(0, GREEN_MAIL.getReceivedMessages().length);
    }

    @Test
    void tlsModesSetTheSessionProperties() throws DeliveryFailure {
        var starttls = channel("starttls").sessionProperties();
        assertEquals("true", starttls.getProperty("mail.smtp.starttls.enable"));
        assertEquals("true", starttls.getProperty("mail.smtp.starttls.required"));
        assertEquals(null, starttls.getProperty("mail.smtp.ssl.enable"));
        assertEquals("10000", starttls.getProperty("mail.smtp.connectiontimeout"));
        assertEquals("10000", starttls.getProperty("mail.smtp.timeout"));
        assertEquals("10000", starttls.getProperty("mail.smtp.writetimeout"));
        assertEquals(null, starttls.getProperty("mail.smtp.auth"));
        var tls = new MailChannel("h", 465, "f@x", "TLS", "me", "pw").sessionProperties();
        assertEquals("true", tls.getProperty("mail.smtp.ssl.enable"));
        assertEquals(null, tls.getProperty("mail.smtp.starttls.enable"));
        assertEquals("true", tls.getProperty("mail.smtp.auth"));
    }

    @Test
    void refusalClassification() throws Exception {
        InternetAddress anna = new InternetAddress("anna@example.com");
        InternetAddress bert = new InternetAddress("bert@example.com");

        SendFailedException permanent = new SendFailedException(
                "Invalid Addresses",
                new SMTPAddressFailedException(anna, "RCPT TO:<anna@example.com>", 550, "550 5.1.1 no such user"),
                null,
                null,
                new Address[] {anna});
        DeliveryFailure failure = MailChannel.failure("mx:25", permanent);
        assertFalse(failure.retryable(), failure.getMessage());
        assertTrue(failure.getMessage().contains("mx:25"), failure.getMessage());
        assertTrue(failure.getMessage().contains("550"), failure.getMessage());

        SMTPAddressFailedException first =
                new SMTPAddressFailedException(anna, "RCPT TO:<anna@example.com>", 550, "550 no such user");
        first.setNextException(
                new SMTPAddressFailedException(bert, "RCPT TO:<bert@example.com>", 452, "452 mailbox full"));
        SendFailedException mixed =
                new SendFailedException("Invalid Addresses", first, null, null, new Address[] {anna, bert});
        assertTrue(MailChannel.failure("mx:25", mixed).retryable());

        SendFailedException temporary = new SendFailedException(
                "Invalid Addresses",
                new SMTPAddressFailedException(anna, "RCPT TO:<anna@example.com>", 451, "451 try later"),
                null,
                null,
                new Address[] {anna});
        assertTrue(MailChannel.failure("mx:25", temporary).retryable());
    }
}
