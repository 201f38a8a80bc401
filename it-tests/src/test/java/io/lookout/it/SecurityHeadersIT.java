package io.lookout.it;

import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.BASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, item 5: every answer carries the security headers — pages (with PrimeFaces' nonce in
 * the one policy they get), the redirect to the login page, API answers and their errors, the
 * Sentry endpoint, static resources, error pages, refusals of bad input and the OpenAPI document —
 * and the session cookie is HttpOnly and SameSite=Lax (not Secure over plain HTTP). The OpenAPI
 * document does not ask senders of events for a user or a token.
 */
class SecurityHeadersIT extends LookoutIT {

    private static final String PAGES_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; script-src 'self'";
    private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    private static final Pattern NONCE = Pattern.compile(" 'nonce-([A-Za-z0-9+/=]{20,})';?$");

    private static Reply raw(String method, String path, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(BASE + path)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return LookoutClient.execute(request);
    }

    /** The headers every answer has, over plain HTTP: no HSTS, which would pin a TLS that is not there. */
    private static void common(Reply reply, String what) {
        HttpResponse<String> response = reply.response();
        assertEquals(List.of("nosniff"), response.headers().allValues("X-Content-Type-Options"), what + ": nosniff");
        assertEquals(List.of("same-origin"), response.headers().allValues("Referrer-Policy"), what + ": referrer");
        assertTrue(
                response.headers().allValues("Strict-Transport-Security").isEmpty(),
                what + ": no HSTS over plain HTTP");
    }

    private static String onePolicy(Reply reply, String what) {
        List<String> policies = reply.response().headers().allValues("Content-Security-Policy");
        assertEquals(1, policies.size(), what + ": exactly one policy (two would both be enforced): " + policies);
        return policies.get(0);
    }

    private static void apiHeaders(Reply reply, String what) {
        common(reply, what);
        assertEquals(API_POLICY, onePolicy(reply, what), what);
    }

    /** A page's policy without a nonce (an answer that is no rendered page). */
    private static void pageHeaders(Reply reply, String what) {
        common(reply, what);
        assertEquals(PAGES_POLICY, onePolicy(reply, what), what);
    }

    /** A rendered page: the pages' policy with a nonce that every script element of the page carries. */
    private static String renderedPage(Reply reply, String what) {
        common(reply, what);
        String policy = onePolicy(reply, what);
        Matcher nonce = NONCE.matcher(policy);
        assertTrue(nonce.find(), what + ": a nonce ends the policy: " + policy);
        assertEquals(PAGES_POLICY, policy.substring(0, nonce.start()), what);
        String body = reply.body();
        Matcher scripts = Pattern.compile("<script\\b[^>]*>").matcher(body);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertTrue(
                    scripts.group().contains("nonce=\"" + nonce.group(1) + "\""),
                    what + ": a script without the page's nonce: " + scripts.group());
        }
        assertTrue(count > 0, what + ": PrimeFaces' scripts are on the page");
        assertFalse(
                Pattern.compile("\\son[a-z]+=\"", Pattern.CASE_INSENSITIVE)
                        .matcher(body)
                        .find(),
                what + ": no inline event handler attribute");
        return nonce.group(1);
    }

    @Test
    void pagesTheLoginRedirectAndErrorPagesCarryThem() {
        Reply login = raw("GET", "/login.xhtml");
        assertEquals(200, login.status());
        String first = renderedPage(login, "the login page");
        String second = renderedPage(raw("GET", "/login.xhtml"), "the login page again");
        assertFalse(first.equals(second), "a fresh nonce for every page");

        Reply redirect = raw("GET", "/groups.xhtml?project=1");
        assertEquals(302, redirect.status());
        assertTrue(redirect.header("Location").orElseThrow().endsWith("/login.xhtml"));
        pageHeaders(redirect, "the redirect to the login page");

        Reply missing = raw("GET", "/no-such-file.txt");
        assertEquals(404, missing.status());
        renderedPage(missing, "the 404 error page");

        // a post with a view state this session never rendered: the expired page, answered 500
        Reply forged = LookoutClient.execute(HttpRequest.newBuilder(URI.create(BASE + "/login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("login=login&jakarta.faces.ViewState=1234567890%3A1")));
        assertEquals(500, forged.status(), forged.body());
        renderedPage(forged, "the 500 page of an expired view");

        Reply css = raw("GET", "/jakarta.faces.resource/lookout/lookout.css.xhtml");
        assertEquals(200, css.status());
        pageHeaders(css, "a static resource through Faces");
        Reply icon = raw("GET", "/resources/lookout/favicon.svg");
        assertEquals(200, icon.status());
        pageHeaders(icon, "a static file");

        Reply refused = raw("GET", "/login.xhtml;drop");
        assertEquals(400, refused.status());
        pageHeaders(refused, "a refusal of bad input");
    }

    @Test
    void apiAnswersAndTheirErrorsCarryTheStrictPolicy() {
        Reply groups = LookoutClient.get("/api/1/groups");
        assertEquals(200, groups.status(), groups.body());
        apiHeaders(groups, "an API answer");

        Reply anonymous = raw("GET", "/api/1/groups");
        assertEquals(401, anonymous.status());
        apiHeaders(anonymous, "a 401");

        Reply badToken = raw("GET", "/api/1/groups", "Authorization", "Bearer lkt_wrong");
        assertEquals(401, badToken.status());
        apiHeaders(badToken, "a 401 for a wrong token");

        Reply missing = LookoutClient.get("/api/1/groups/999999999");
        assertEquals(404, missing.status());
        apiHeaders(missing, "an API 404");

        Reply nowhere = LookoutClient.get("/api/no/such/resource");
        assertEquals(404, nowhere.status());
        apiHeaders(nowhere, "a 404 of no resource");

        Reply refused = raw("GET", "/api/1;drop/groups");
        assertEquals(400, refused.status());
        apiHeaders(refused, "a refusal of bad input");

        Reply badMethod = raw("get", "/api/1/groups");
        assertEquals(501, badMethod.status());
        apiHeaders(badMethod, "a refused method");

        String event = "{\"event_id\":\"" + LookoutClient.newId() + "\"}\n{\"type\":\"event\"}\n"
                + "{\"message\":\"security headers " + LookoutClient.uniqueWord() + "\",\"level\":\"error\"}\n";
        Reply envelope = SentryIngestIT.post(
                "/api/1/envelope/",
                event.getBytes(StandardCharsets.UTF_8),
                "X-Sentry-Auth",
                SentryIngestIT.AUTH,
                "Content-Type",
                "application/x-sentry-envelope");
        assertEquals(200, envelope.status(), envelope.body());
        apiHeaders(envelope, "the Sentry envelope endpoint");
        Server.awaitQueueDrained(management);

        Reply native1 = LookoutClient.send("[]");
        apiHeaders(native1, "the native ingest endpoint");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLaxAlsoAfterLogin() {
        Reply login = raw("GET", "/login.xhtml");
        String before = sessionCookie(login).orElseThrow(() -> new AssertionError("the login page starts a session"));
        cookieAttributes(before, "the login page's session cookie");

        String viewState = hidden(login.body(), "jakarta.faces.ViewState");
        String session = before.substring(0, before.indexOf(';'));
        String form = "login=login&login%3Ausername=admin&login%3Apassword=" + LookoutClient.encode(ADMIN_PASSWORD)
                + "&login%3Asubmit=&jakarta.faces.ViewState=" + LookoutClient.encode(viewState);
        Reply signedIn = LookoutClient.execute(HttpRequest.newBuilder(URI.create(BASE + "/login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", session)
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(302, signedIn.status(), "signed in and sent on: " + signedIn.body());
        pageHeaders(signedIn, "the redirect after signing in");
        String after = sessionCookie(signedIn)
                .orElseThrow(() -> new AssertionError(
                        "a new session id on login: " + signedIn.response().headers()));
        assertFalse(after.startsWith(session + ";"), "the session id changed on login");
        cookieAttributes(after, "the signed-in session cookie");

        Reply dashboard = LookoutClient.execute(HttpRequest.newBuilder(URI.create(BASE + "/index.xhtml"))
                .header("Cookie", after.substring(0, after.indexOf(';')))
                .GET());
        assertEquals(200, dashboard.status());
        assertTrue(dashboard.body().contains("section class=\"project\""), "the dashboard, signed in");
        renderedPage(dashboard, "the dashboard");

        // the login token (docs/scaling.md, "Sign-ins that survive a node"): the same attributes; alone it
        // signs the user in again on a page (a node that does not know the session), never on the API
        String token = signedIn.response().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("lookout_login="))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "a login token on login: " + signedIn.response().headers()));
        cookieAttributes(token, "the login token's cookie");
        String tokenOnly = token.substring(0, token.indexOf(';'));
        Reply again = LookoutClient.execute(HttpRequest.newBuilder(URI.create(BASE + "/index.xhtml"))
                .header("Cookie", tokenOnly)
                .GET());
        assertEquals(200, again.status(), "a page with the login token alone");
        assertTrue(again.body().contains("section class=\"project\""), "the dashboard, signed in again");
        assertTrue(sessionCookie(again).isPresent(), "a new session for the user signed in again");
        Reply api = LookoutClient.execute(HttpRequest.newBuilder(URI.create(BASE + "/api/admin/dead-letters"))
                .header("Cookie", tokenOnly)
                .GET());
        assertEquals(401, api.status(), "the API ignores the login token");
        Reply forged = LookoutClient.execute(HttpRequest.newBuilder(URI.create(BASE + "/index.xhtml"))
                .header("Cookie", "lookout_login=" + "A".repeat(43))
                .GET());
        assertEquals(302, forged.status(), "an unknown login token signs nobody in");
        assertTrue(forged.response().headers().firstValue("Location").orElse("").endsWith("/login.xhtml"));
    }

    /**
     * Over TLS — WildFly's own HTTPS listener of standalone-full.xml, with its self-signed
     * certificate for localhost — the answers carry HSTS and the session cookie is Secure too.
     */
    @Test
    void overTlsHstsAndASecureSessionCookie() throws Exception {
        javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
        trustAll.init(
                null,
                new javax.net.ssl.TrustManager[] {
                    new javax.net.ssl.X509TrustManager() {
                        @Override
                        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {}

                        @Override
                        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {}

                        @Override
                        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                            return new java.security.cert.X509Certificate[0];
                        }
                    }
                },
                null);
        java.net.http.HttpClient tls = java.net.http.HttpClient.newBuilder()
                .sslContext(trustAll)
                .connectTimeout(java.time.Duration.ofSeconds(5))
                .build();
        String https = "https://localhost:" + (8443 + LookoutClient.PORT_OFFSET);

        HttpResponse<String> login = tls.send(
                HttpRequest.newBuilder(URI.create(https + "/login.xhtml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode());
        assertEquals(List.of("max-age=31536000"), login.headers().allValues("Strict-Transport-Security"));
        String cookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("a session cookie over TLS: " + login.headers()));
        List<String> attributes = List.of(cookie.split(";")).stream()
                .skip(1)
                .map(a -> a.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toList());
        assertTrue(attributes.contains("secure"), "Secure over TLS: " + cookie);
        assertTrue(attributes.contains("httponly"), "HttpOnly over TLS: " + cookie);
        assertTrue(attributes.contains("samesite=lax"), "SameSite=Lax over TLS: " + cookie);

        String basic = java.util.Base64.getEncoder()
                .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> api = tls.send(
                HttpRequest.newBuilder(URI.create(https + "/api/1/groups"))
                        .header("Authorization", "Basic " + basic)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, api.statusCode());
        assertEquals(List.of("max-age=31536000"), api.headers().allValues("Strict-Transport-Security"));
        assertEquals(List.of(API_POLICY), api.headers().allValues("Content-Security-Policy"));
    }

    private static Optional<String> sessionCookie(Reply reply) {
        return reply.response().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst();
    }

    private static void cookieAttributes(String cookie, String what) {
        List<String> attributes = List.of(cookie.split(";")).stream()
                .skip(1)
                .map(a -> a.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toList());
        assertTrue(attributes.contains("httponly"), what + ": HttpOnly: " + cookie);
        assertTrue(attributes.contains("samesite=lax"), what + ": SameSite=Lax: " + cookie);
        assertFalse(attributes.contains("secure"), what + ": not Secure over plain HTTP: " + cookie);
    }

    private static String hidden(String html, String name) {
        Matcher input = Pattern.compile("name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]+)\"")
                .matcher(html);
        assertTrue(input.find(), name + " on the page");
        return input.group(1);
    }

    @Test
    void theOpenApiDocumentCarriesThemAndIngestNeedsNoUserOrToken() {
        Reply document = raw("GET", "/openapi?format=JSON", "Accept", "application/json");
        assertEquals(200, document.status(), document.body());
        apiHeaders(document, "the OpenAPI document");

        JsonObject openapi = document.json();
        assertFalse(openapi.containsKey("security"), "no global requirement: " + openapi.get("security"));
        JsonObject paths = openapi.getJsonObject("paths");

        JsonObject envelope = operation(paths, "/api/{projectId}/envelope", "post");
        JsonObject store = operation(paths, "/api/{projectId}/store", "post");
        JsonObject send = operation(paths, "/api/{projectId}/events", "post");
        for (JsonObject ingest : List.of(envelope, store, send)) {
            assertTrue(
                    !ingest.containsKey("security")
                            || ingest.getJsonArray("security").isEmpty(),
                    "ingest needs no user or token: " + ingest);
        }

        for (String[] read : new String[][] {
            {"/api/{projectId}/events", "get"}, {"/api/{projectId}/groups", "get"}, {"/api/tokens", "post"}
        }) {
            JsonObject operation = operation(paths, read[0], read[1]);
            JsonArray security = operation.getJsonArray("security");
            assertNotNull(security, read[1] + " " + read[0] + " has a security requirement: " + operation);
            assertEquals(
                    List.of("basic", "token"),
                    security.stream()
                            .map(JsonValue::asJsonObject)
                            .flatMap(r -> r.keySet().stream())
                            .sorted()
                            .collect(Collectors.toList()),
                    read[1] + " " + read[0] + " takes a token or a user, each alone: " + security);
        }
    }

    /** The operation of the one path that is {@code path}, or {@code path} and a trailing template ({slash}). */
    private static JsonObject operation(JsonObject paths, String path, String method) {
        List<String> keys = paths.keySet().stream()
                .filter(k -> k.equals(path) || k.startsWith(path + "{"))
                .collect(Collectors.toList());
        assertEquals(1, keys.size(), path + " in " + paths.keySet());
        JsonObject item = paths.getJsonObject(keys.get(0));
        JsonObject operation = item.getJsonObject(method);
        assertNotNull(operation, method + " " + path);
        return operation;
    }
}
