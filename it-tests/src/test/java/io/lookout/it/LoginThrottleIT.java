package io.lookout.it;

import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Login throttling through the real server: five failures for a user name or from an address lock
 * it, the sixth attempt waits even with the right password (429, {@code Retry-After}), unknown user
 * names get the same answers as known ones, an admin unlocks, and the audit log has it all. Each
 * test signs in from addresses of its own on the loopback network ({@code 127.x.y.z}), so locked
 * addresses never lock the test's admin out.
 */
class LoginThrottleIT extends LookoutIT {

    private static final String PASSWORD = "throttle-password-1";

    /**
     * The failures from one address that lock it on the test server ({@code
     * lookout.login-throttle.address-failures} in arquillian.xml; the default is 5, which the suite's
     * own wrong passwords from 127.0.0.1 would reach).
     */
    private static final int ADDRESS_LIMIT = 30;

    /** A loopback address nobody else used. */
    private static String freshAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(2, 255);
    }

    /** {@code GET /api/1/groups} with HTTP Basic, sent from {@code address}. */
    private static RawHttp.Answer signIn(String address, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String request = "GET /api/1/groups HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + basic
                + "\r\nConnection: close\r\n\r\n";
        return RawHttp.exchange(request.getBytes(StandardCharsets.US_ASCII), 15_000, address);
    }

    private static void assertStatus(int status, RawHttp.Answer answer) {
        assertEquals(status, answer.status(), answer.toString());
    }

    private static String createMember() {
        String name = "t-" + uniqueWord();
        Reply created = call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": ["member"]}""".formatted(name, PASSWORD));
        assertEquals(201, created.status(), created.body());
        assertEquals(
                201, call("PUT", "/api/admin/projects/1/members/" + name, null).status());
        return name;
    }

    /** Five failures for the user name, each from another address (so only the name locks). */
    private static RawHttp.Answer failFiveTimes(String user) {
        RawHttp.Answer last = null;
        for (int i = 0; i < 5; i++) {
            last = signIn(freshAddress(), user, "wrong-password-" + i);
            assertStatus(401, last);
        }
        return last;
    }

    private static void assertThrottled(RawHttp.Answer answer) {
        assertStatus(429, answer);
        String retryAfter = answer.headers().get("retry-after");
        assertNotNull(retryAfter, answer.headers().toString());
        int seconds = Integer.parseInt(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 60, retryAfter);
        assertEquals(
                "too many failed sign-ins; try again in 1 minute",
                answer.error().getString("error"));
    }

    private static List<JsonObject> audit(String action, String actor) {
        Reply reply = LookoutClient.get("/api/admin/audit?limit=50&action=" + action + "&actor=" + actor);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("entries").getValuesAs(JsonObject.class);
    }

    @Test
    void theSixthAttemptWaitsEvenWithTheRightPasswordUntilAnAdminUnlocks() {
        String user = createMember();
        // a success first: remembered by the API's credential cache, which must not bypass the lock
        assertStatus(200, signIn(freshAddress(), user, PASSWORD));
        failFiveTimes(user);
        assertThrottled(signIn(freshAddress(), user, PASSWORD));
        assertThrottled(signIn(freshAddress(), user, "another-guess"));

        // logged: each failure with its address, and the lock
        List<JsonObject> failures = audit("login.failed", user);
        assertEquals(5, failures.size(), failures.toString());
        assertTrue(failures.stream().allMatch(e -> e.getString("address").startsWith("127.")), failures.toString());
        assertEquals(1, audit("login.locked", user).size());

        // the admin unlocks: the right password works at once
        Reply unlock = call("DELETE", "/api/admin/users/" + user + "/lockout", null);
        assertEquals(204, unlock.status(), unlock.body());
        assertStatus(200, signIn(freshAddress(), user, PASSWORD));
        List<JsonObject> unlocks = LookoutClient.get("/api/admin/audit?action=login.unlock&limit=20")
                .json()
                .getJsonArray("entries")
                .getValuesAs(JsonObject.class);
        assertTrue(
                unlocks.stream()
                        .anyMatch(e -> e.getString("target").equals("user " + user)
                                && e.getString("actor").equals("admin")
                                && e.getString("details").equals("was locked")),
                unlocks.toString());
        assertEquals(
                404,
                call("DELETE", "/api/admin/users/nobody-" + uniqueWord() + "/lockout", null)
                        .status());
        // members cannot unlock
        Reply byMember = LookoutClient.callAs(user, PASSWORD, "DELETE", "/api/admin/users/" + user + "/lockout", null);
        assertEquals(403, byMember.status(), byMember.body());
    }

    @Test
    void anUnknownUserNameGetsTheSameAnswers() {
        String known = createMember();
        String unknown = "ghost-" + uniqueWord();
        RawHttp.Answer knownWrong = signIn(freshAddress(), known, "wrong-password");
        RawHttp.Answer unknownWrong = signIn(freshAddress(), unknown, "wrong-password");
        assertStatus(401, knownWrong);
        assertStatus(401, unknownWrong);
        assertEquals(knownWrong.text(), unknownWrong.text());
        assertEquals(
                knownWrong.headers().get("www-authenticate"),
                unknownWrong.headers().get("www-authenticate"));

        for (int i = 0; i < 4; i++) {
            assertStatus(401, signIn(freshAddress(), known, "wrong-" + i));
            assertStatus(401, signIn(freshAddress(), unknown, "wrong-" + i));
        }
        RawHttp.Answer knownLocked = signIn(freshAddress(), known, PASSWORD);
        RawHttp.Answer unknownLocked = signIn(freshAddress(), unknown, PASSWORD);
        assertThrottled(knownLocked);
        assertThrottled(unknownLocked);
        assertEquals(knownLocked.text(), unknownLocked.text());
        assertEquals(
                204,
                call("DELETE", "/api/admin/users/" + known + "/lockout", null).status());
    }

    @Test
    void failuresFromOneAddressLockItForEveryUserName() {
        String address = freshAddress();
        String user = createMember();
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            // different names: none of them is locked, the address is
            assertStatus(401, signIn(address, "guess-" + i + "-" + uniqueWord(), "password-" + i));
        }
        assertThrottled(signIn(address, user, PASSWORD));
        // from elsewhere the user signs in
        assertStatus(200, signIn(freshAddress(), user, PASSWORD));
        List<JsonObject> locks = LookoutClient.get("/api/admin/audit?action=login.locked&limit=50")
                .json()
                .getJsonArray("entries")
                .getValuesAs(JsonObject.class);
        assertTrue(locks.stream().anyMatch(e -> e.getString("target").equals("address " + address)), locks.toString());

        assertEquals(
                204,
                call("DELETE", "/api/admin/lockouts/addresses/" + address, null).status());
        assertStatus(200, signIn(address, user, PASSWORD));
    }
}
