package io.lookout.alerts;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Delivers a {@link Digest} by e-mail: one {@code multipart/alternative} message (text and HTML,
 * UTF-8) per language among the recipients, all recipients of a language in {@code To}, over one
 * SMTP connection.
 *
 * <p>The server comes from WildFly's mail session {@code java:jboss/mail/lookout} (host, port and
 * sender: {@code lookout.mail.host}, {@code lookout.mail.port}, {@code lookout.mail.from}, see
 * {@code lookout.cli}); TLS and credentials from MicroProfile Config ({@code lookout.mail.tls} =
 * {@code none|starttls|tls}, {@code lookout.mail.user}, {@code lookout.mail.password}).
 *
 * <p>Failures: the server unreachable, a timeout or a 4xx reply are {@linkplain DeliveryFailure#retryable() retryable};
 * a 5xx reply refusing every recipient, a refused login or a bad {@code lookout.mail.tls} are not.
 */
@ApplicationScoped
public class MailChannel {

    /** Connect, read and write timeout of the SMTP connection. */
    static final int TIMEOUT_MILLIS = 10_000;

    @Resource(lookup = "java:jboss/mail/lookout")
    private Session serverSession;

    @Inject
    @ConfigProperty(name = "lookout.mail.tls", defaultValue = "none")
    private String tls;

    @Inject
    @ConfigProperty(name = "lookout.mail.user")
    private Optional<String> user;

    @Inject
    @ConfigProperty(name = "lookout.mail.password")
    private Optional<String> password;

    /** Base properties given directly (tests); null: those of the WildFly session. */
    private Properties baseProperties;

    /** For CDI. */
    public MailChannel() {}

    /** Without WildFly (unit tests): the server, sender, TLS mode and optional credentials directly. */
    MailChannel(String host, int port, String from, String tls, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", "smtp");
        properties.setProperty("mail.smtp.host", host);
        properties.setProperty("mail.smtp.port", String.valueOf(port));
        properties.setProperty("mail.from", from);
        this.baseProperties = properties;
        this.tls = tls;
        this.user = Optional.ofNullable(user);
        this.password = Optional.ofNullable(password);
    }

    /**
     * Sends the digest to the recipients (nothing when there are none).
     *
     * @throws DeliveryFailure naming the server ({@code host:port}) and the cause
     */
    public void send(Digest digest, List<Recipient> recipients) throws DeliveryFailure {
        if (recipients.isEmpty()) {
            return;
        }
        Properties properties = sessionProperties();
        String server = properties.getProperty("mail.smtp.host", "localhost") + ":"
                + properties.getProperty("mail.smtp.port", "25");
        Session session = Session.getInstance(properties);

        Map<Locale, List<InternetAddress>> byLanguage = new LinkedHashMap<>();
        for (Recipient recipient : recipients) {
            try {
                byLanguage
                        .computeIfAbsent(MailContent.supported(recipient.language()), language -> new ArrayList<>())
                        .add(new InternetAddress(recipient.address(), true));
            } catch (AddressException e) {
                throw new DeliveryFailure(
                        "Mail via " + server + " not sent: the recipient address '" + recipient.address()
                                + "' is malformed (" + e.getMessage() + ")",
                        false,
                        e);
            }
        }
        List<MimeMessage> messages = new ArrayList<>();
        try {
            for (Map.Entry<Locale, List<InternetAddress>> language : byLanguage.entrySet()) {
                messages.add(message(session, digest, language.getKey(), language.getValue()));
            }
        } catch (MessagingException e) {
            throw new DeliveryFailure(
                    "Mail via " + server + " not sent: could not compose the message: " + e, false, e);
        }

        Optional<String> login = user.filter(name -> !name.isBlank());
        Transport transport = null;
        try {
            transport = session.getTransport("smtp");
            if (login.isPresent()) {
                transport.connect(login.get(), password.orElse(""));
            } else {
                transport.connect();
            }
            for (MimeMessage message : messages) {
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (MessagingException e) {
            throw failure(server, e);
        } finally {
            close(transport);
        }
    }

    /** Closes quietly: once the messages are sent, a failed QUIT must not turn into a retry (and a second mail). */
    private static void close(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // the messages went out (or the failure is already reported)
            }
        }
    }

    /** The session's properties: WildFly's (or the test's) plus timeouts, TLS and authentication. */
    Properties sessionProperties() throws DeliveryFailure {
        Properties properties = new Properties();
        Properties base = baseProperties != null
                ? baseProperties
                : serverSession != null ? serverSession.getProperties() : new Properties();
        properties.putAll(base);
        String timeout = String.valueOf(TIMEOUT_MILLIS);
        properties.setProperty("mail.smtp.connectiontimeout", timeout);
        properties.setProperty("mail.smtp.timeout", timeout);
        properties.setProperty("mail.smtp.writetimeout", timeout);
        properties.remove("mail.smtp.starttls.enable");
        properties.remove("mail.smtp.starttls.required");
        properties.remove("mail.smtp.ssl.enable");
        String mode = tls == null ? "none" : tls.strip().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "none", "" -> {}
            case "starttls" -> {
                properties.setProperty("mail.smtp.starttls.enable", "true");
                properties.setProperty("mail.smtp.starttls.required", "true");
            }
            case "tls" -> properties.setProperty("mail.smtp.ssl.enable", "true");
            default ->
                throw new DeliveryFailure(
                        "Mail not sent: lookout.mail.tls (LOOKOUT_MAIL_TLS) is '" + tls
                                + "'; it must be none, starttls or tls",
                        false);
        }
        if (user.filter(name -> !name.isBlank()).isPresent()) {
            properties.setProperty("mail.smtp.auth", "true");
        } else {
            properties.remove("mail.smtp.auth");
        }
        return properties;
    }

    private static MimeMessage message(Session session, Digest digest, Locale language, List<InternetAddress> to)
            throws MessagingException {
        MailContent content = new MailContent(digest, language);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(); // mail.from: the session's "from" (lookout.mail.from)
        message.setRecipients(Message.RecipientType.TO, to.toArray(new Address[0]));
        message.setSubject(content.subject, "UTF-8");
        message.setSentDate(new Date());
        message.setHeader("X-Lookout-Dispatch", String.valueOf(digest.dispatchId()));
        // RFC 3834: no vacation replies to an automatic mail
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader("Content-Language", language.getLanguage());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(content.text, "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(content.html, "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /** Classifies a failed send: transient (unreachable, timeout, 4xx) or permanent (5xx for all, login refused). */
    static DeliveryFailure failure(String server, MessagingException e) {
        String cause = describe(e);
        if (e instanceof AuthenticationFailedException) {
            return new DeliveryFailure(
                    "Mail via " + server + " not sent: the server refused the login (lookout.mail.user): " + cause,
                    false,
                    e);
        }
        if (hasIoCause(e)) {
            return new DeliveryFailure(
                    "Mail via " + server + " not sent: the server is unreachable or timed out: " + cause, true, e);
        }
        List<Integer> codes = replyCodes(e);
        boolean permanent = !codes.isEmpty() && codes.stream().allMatch(code -> code >= 500);
        if (e instanceof SendFailedException refused && isEmpty(refused.getValidSentAddresses())) {
            // with mail.smtp.sendpartial unset nothing was sent; permanent only if every refusal was a 5xx reply
            return new DeliveryFailure(
                    "Mail via " + server + " not sent: the server refused "
                            + (isEmpty(refused.getValidUnsentAddresses()) ? "every recipient" : "recipients") + ": "
                            + cause,
                    !permanent,
                    e);
        }
        if (e instanceof SendFailedException refused) {
            // sent to some, refused for others: sending again would repeat the mail to those who got it
            return new DeliveryFailure(
                    "Mail via " + server + " sent only in part: refused for "
                            + Arrays.toString(refused.getInvalidAddresses()) + ": " + cause,
                    false,
                    e);
        }
        if (permanent) {
            return new DeliveryFailure("Mail via " + server + " not sent: the server answered " + cause, false, e);
        }
        // 4xx replies and anything else unclear: worth another try
        return new DeliveryFailure("Mail via " + server + " not sent: " + cause, true, e);
    }

    private static boolean isEmpty(Address[] addresses) {
        return addresses == null || addresses.length == 0;
    }

    /** Whether the failure comes from the connection: refused, timed out, reset, unknown host. */
    private static boolean hasIoCause(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = next(t), depth++) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SMTP reply codes in the chain (Angus' {@code SMTPSendFailedException}, {@code SMTPAddressFailedException}
     * ... have {@code getReturnCode()}; read reflectively so that this class needs only the Jakarta Mail API).
     */
    static List<Integer> replyCodes(Throwable e) {
        List<Integer> codes = new ArrayList<>();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = next(t), depth++) {
            try {
                Object value = t.getClass().getMethod("getReturnCode").invoke(t);
                if (value instanceof Integer code && code > 0) {
                    codes.add(code);
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // not an SMTP reply exception
            }
        }
        return codes;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 4; t = next(t), depth++) {
            if (depth > 0) {
                out.append("; caused by ");
            }
            out.append(t.getClass().getSimpleName())
                    .append(": ")
                    .append(String.valueOf(t.getMessage()).strip());
        }
        return out.toString();
    }
}
