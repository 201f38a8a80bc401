package io.lookout.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts survive {@code kill -9}: the server killed (a) after the events were stored and their
 * notifications raised but before the digest went out, and (b) while the SMTP server is down and
 * the mail is being retried; started again on the same data, every notification is mailed, and
 * none twice. The design is at-least-once only in the moment between the SMTP server's accepting a
 * mail and the database's recording it; the test does not kill there, and fails on any duplicate.
 */
class AlertsCrashIT {

    /** The test's own server and SMTP server, beside the managed one (and any other suite's). */
    private static final int PORT_OFFSET = Integer.getInteger("lookout.port-offset", 0) + 70;

    private static final int SMTP_PORT = Integer.getInteger("lookout.it.smtp-port", 3025) + 70;

    /** The server's sweeper interval and what it takes as lost (lookout.alerts.sweep-seconds, .overdue-seconds). */
    private static final Duration SWEEP = Duration.ofSeconds(2);

    private static final Duration OVERDUE = Duration.ofSeconds(5);

    private ServerProcess server;
    private GreenMail mail;
    /** The mails an SMTP server received before it was stopped. */
    private final List<MimeMessage> earlier = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    void everyNotificationIsMailedExactlyOnceAcrossKills() throws Exception {
        mail = startMail();
        server = ServerProcess.prepare("alerts-crash", PORT_OFFSET)
                .property("lookout.mail.host", "127.0.0.1")
                .property("lookout.mail.port", String.valueOf(SMTP_PORT))
                // the digest waits 10 s for its neighbours: time to kill before it goes out
                .property("lookout.alerts.gather-seconds", "10")
                .property("lookout.alerts.digest-seconds", "4")
                .property("lookout.alerts.retry-initial-seconds", "2")
                .property("lookout.alerts.retry-max-seconds", "4")
                // the sweeper every 2 s for what is due 5 s: the sweeps the test waits for at the end
                .property("lookout.alerts.sweep-seconds", String.valueOf(SWEEP.toSeconds()))
                .property("lookout.alerts.overdue-seconds", String.valueOf(OVERDUE.toSeconds()))
                .start();
        Api api = new Api(server);
        String address = "crash-" + TestData.letters(8) + "@example.com";
        Api.Reply created = api.call("POST", "/api/1/alerts", """
                {"name": "Crash", "trigger": "new-group", "email": ["%s"]}""".formatted(address));
        assertEquals(201, created.status(), created.body());
        long rule = created.json().getJsonNumber("id").longValue();
        List<String> messages = new ArrayList<>();

        // (a) the notifications are in the database, their digest is not formed yet: kill
        List<String> roundA = send(api, "Before the kill", 5);
        messages.addAll(roundA);
        List<JsonObject> raised = ServerProcess.await(
                () -> history(api, rule).size() == 5 ? history(api, rule) : null,
                Duration.ofSeconds(60),
                "the notifications of round (a) to be raised");
        raised.forEach(n -> assertEquals("pending", n.getString("state"), "not sent before the kill: " + n));
        server.kill();
        assertEquals(0, mail.getReceivedMessages().length, "nothing went out before the kill");
        server.start();
        ServerProcess.await(
                () -> mailed(roundA) ? true : null, Duration.ofSeconds(90), "round (a) mailed after the restart");

        // (b) the SMTP server is down, the delivery retrying: kill, then the SMTP server comes back
        earlier.addAll(List.of(mail.getReceivedMessages()));
        mail.stop();
        List<String> roundB = send(api, "While SMTP is down", 3);
        messages.addAll(roundB);
        ServerProcess.await(
                () -> history(api, rule).stream()
                                        .filter(n -> "retrying".equals(n.getString("state")))
                                        .count()
                                == 3
                        ? true
                        : null,
                Duration.ofSeconds(60),
                "round (b) to be retrying");
        server.kill();
        mail = startMail();
        server.start();
        ServerProcess.await(
                () -> mailed(roundB) ? true : null, Duration.ofSeconds(90), "round (b) mailed after the restart");

        // two sweeps after whatever was still due is overdue: still each notification once
        Thread.sleep(OVERDUE.plus(SWEEP.multipliedBy(2)).plusSeconds(1).toMillis());
        Map<String, Integer> mailsPerMessage = new HashMap<>();
        Map<String, Integer> mailsPerDispatch = new HashMap<>();
        for (MimeMessage m : mails()) {
            String text = TestData.mailText(m);
            messages.stream().filter(text::contains).forEach(msg -> mailsPerMessage.merge(msg, 1, Integer::sum));
            mailsPerDispatch.merge(m.getHeader("X-Lookout-Dispatch", null), 1, Integer::sum);
        }
        System.out.printf(
                "alerts-crash: %d mails, per notification %s, per dispatch %s%n",
                mails().size(), mailsPerMessage, mailsPerDispatch);
        for (String msg : messages) {
            assertEquals(1, mailsPerMessage.getOrDefault(msg, 0), "mails of '" + msg + "': " + mailsPerMessage);
        }
        mailsPerDispatch.forEach(
                (dispatch, n) -> assertEquals(1, n, "mails of dispatch " + dispatch + ": " + mailsPerDispatch));
        List<JsonObject> history = history(api, rule);
        assertEquals(8, history.size(), history.toString());
        history.forEach(n -> assertEquals("sent", n.getString("state"), n.toString()));
    }

    private GreenMail startMail() {
        GreenMail greenMail = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return greenMail;
    }

    /** {@code n} events of new groups, one request each; returns their messages. */
    private static List<String> send(Api api, String prefix, int n) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String message = prefix + " " + TestData.letters(12);
            Api.Reply reply = api.send("{\"type\": \"message\", \"message\": \"" + message + "\"}");
            assertEquals(202, reply.status(), reply.body());
            messages.add(message);
        }
        return messages;
    }

    private boolean mailed(List<String> messages) {
        List<String> texts = new ArrayList<>();
        for (MimeMessage m : mails()) {
            texts.add(TestData.mailText(m));
        }
        return messages.stream().allMatch(msg -> texts.stream().anyMatch(t -> t.contains(msg)));
    }

    private List<MimeMessage> mails() {
        List<MimeMessage> all = new ArrayList<>(earlier);
        all.addAll(List.of(mail.getReceivedMessages()));
        return all;
    }

    private static List<JsonObject> history(Api api, long rule) {
        Api.Reply reply = api.get("/api/1/alerts/" + rule + "/notifications");
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("notifications").getValuesAs(JsonObject.class);
    }
}
