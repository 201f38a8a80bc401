package io.lookout.alerts;

import io.lookout.JsonFactories;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers a {@link Digest} to a webhook: one {@code POST} of JSON, in Lookout's own shape
 * ({@code format = "json"}) or as a Slack/Mattermost incoming-webhook message ({@code "slack"}),
 * signed with the rule's secret ({@code X-Lookout-Signature: sha256=<hex HMAC-SHA256>}).
 *
 * <p>Redirects are not followed. 2xx is success; 408, 429, 5xx, timeouts and connection errors are
 * {@linkplain DeliveryFailure#retryable() retryable}; 3xx and other 4xx answers, and URLs that are
 * not {@code http}/{@code https}, are not. docs/alerts-channels.md describes the body.
 */
@ApplicationScoped
public class WebhookChannel {

    /** Connect timeout, and the time the whole answer (status, headers, the start of the body) may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Lines of items in a Slack message; the rest are counted ("… and N more"). */
    static final int SLACK_MAX_LINES = 20;
    /** Characters of the answer body a failure message quotes. */
    static final int QUOTED_BODY_CHARS = 200;
    /** Bytes of the answer body read at most. */
    private static final int READ_BODY_BYTES = 4096;

    private final Duration timeout;
    /** The one client of this application-scoped bean; built in {@link #init()}, not for CDI's proxy. */
    private HttpClient client;

    /** For CDI: the 5 s timeouts. */
    public WebhookChannel() {
        this.timeout = TIMEOUT;
    }

    /** Tests: a shorter timeout. */
    WebhookChannel(Duration timeout) {
        this.timeout = timeout;
        init();
    }

    @PostConstruct
    void init() {
        client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * POSTs the digest to {@code url}.
     *
     * @param format {@code json} or {@code slack}
     * @param secret the HMAC key of {@code X-Lookout-Signature}; null or empty: no signature header
     */
    public void send(Digest digest, String url, String format, String secret) throws DeliveryFailure {
        URI uri = checkedUri(url);
        byte[] body = body(digest, format).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Lookout-Alerts")
                .header("X-Lookout-Dispatch", String.valueOf(digest.dispatchId()))
                .header("X-Lookout-Trigger", trigger(digest))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null && !secret.isEmpty()) {
            request.header("X-Lookout-Signature", "sha256=" + signature(secret, body));
        }
        String target = "Webhook " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        CompletableFuture<HttpResponse<String>> future =
                client.sendAsync(request.build(), response -> new Prefix(READ_BODY_BYTES));
        HttpResponse<String> response;
        try {
            // the request timeout covers the headers; this also bounds a body that trickles in
            response = future.get(timeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DeliveryFailure(target + " not reached: interrupted", true, e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DeliveryFailure(target + " timed out after " + timeout.toMillis() * 2 + " ms", true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof IOException) {
                throw new DeliveryFailure(target + " not reached: " + describe(cause), true, cause);
            }
            throw new DeliveryFailure(target + " failed: " + describe(cause), false, cause);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String answer = response.body().length() > QUOTED_BODY_CHARS
                ? response.body().substring(0, QUOTED_BODY_CHARS)
                : response.body();
        if (status >= 300 && status < 400) {
            throw new DeliveryFailure(
                    target + " answered " + status + ": redirects are not followed: Location "
                            + response.headers().firstValue("Location").orElse("(none)") + "; body: " + answer,
                    false);
        }
        boolean retryable = status == 408 || status == 429 || status >= 500;
        throw new DeliveryFailure(target + " answered " + status + "; body: " + answer, retryable);
    }

    /** {@code hex(HMAC-SHA256(key = secret as UTF-8, body))}, lower case: the value of {@code X-Lookout-Signature} after {@code sha256=}. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static URI checkedUri(String url) throws DeliveryFailure {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        } catch (URISyntaxException e) {
            throw new DeliveryFailure("Webhook URL is malformed: " + e.getMessage(), false, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new DeliveryFailure("Webhook URL " + url + " is not an http or https URL with a host", false);
        }
        return uri;
    }

    /** {@code X-Lookout-Trigger}: the first notification's trigger, or {@code test} / {@code suppressed}. */
    static String trigger(Digest digest) {
        return switch (digest.kind()) {
            case TEST -> "test";
            case SUPPRESSED -> "suppressed";
            case NOTIFICATIONS ->
                digest.items().isEmpty() || digest.items().get(0).trigger() == null
                        ? "notifications"
                        : digest.items().get(0).trigger();
        };
    }

    static String body(Digest digest, String format) throws DeliveryFailure {
        String name = format == null ? "json" : format.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "json" -> json(digest).toString();
            case "slack" ->
                JsonFactories.BUILDERS
                        .createObjectBuilder()
                        .add("text", slack(digest))
                        .build()
                        .toString();
            default ->
                throw new DeliveryFailure("Webhook format '" + format + "' is unknown; it is json or slack", false);
        };
    }

    /** The {@code json} body: the first notification at the top level (API.md), all of them in {@code notifications}. */
    static JsonObject json(Digest digest) {
        List<Digest.Item> items = digest.items();
        Digest.Item first = items.isEmpty() ? null : items.get(0);
        JsonObjectBuilder json = JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("dispatch", digest.dispatchId())
                .add("kind", digest.kind().name().toLowerCase(Locale.ROOT))
                .add(
                        "rule",
                        JsonFactories.BUILDERS
                                .createObjectBuilder()
                                .add("id", digest.rule().id())
                                .add("name", string(digest.rule().name())))
                .add("trigger", trigger(digest))
                .add(
                        "project",
                        JsonFactories.BUILDERS
                                .createObjectBuilder()
                                .add("id", digest.project().id())
                                .add("slug", string(digest.project().slug()))
                                .add("name", string(digest.project().name())));
        if (first != null && first.detail() != null) {
            json.add("threshold", threshold(first.detail()));
        }
        if (first != null && first.quota() != null) {
            json.add("quota", quota(first));
        }
        json.add("group", first == null ? JsonValue.NULL : group(first.group()));
        json.add("event", first == null ? JsonValue.NULL : event(first.event()));
        JsonArrayBuilder notifications = JsonFactories.BUILDERS.createArrayBuilder();
        for (Digest.Item item : items) {
            JsonObjectBuilder notification = JsonFactories.BUILDERS
                    .createObjectBuilder()
                    .add("id", item.notificationId())
                    .add("trigger", string(item.trigger()));
            if (item.detail() != null) {
                notification.add("threshold", threshold(item.detail()));
            }
            if (item.quota() != null) {
                notification.add("quota", quota(item));
            }
            notification
                    .add("group", group(item.group()))
                    .add("event", event(item.event()))
                    .add("triggeredAt", time(item.triggeredAt()));
            notifications.add(notification);
        }
        json.add("notifications", notifications);
        if (digest.kind() == Digest.Kind.SUPPRESSED) {
            json.add("suppressed", digest.suppressed());
        }
        json.add("alertsUrl", MailContent.alertsPage(digest));
        return json.build();
    }

    private static JsonObject threshold(Digest.Threshold threshold) {
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("events", threshold.events())
                .add("minutes", threshold.minutes())
                .build();
    }

    /** A {@code quota-reached} notification's limit and window; {@code retryAfter}: seconds from its time to the window's end. */
    private static JsonObject quota(Digest.Item item) {
        Digest.Quota quota = item.quota();
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("limit", string(quota.limit()))
                .add("allowed", quota.allowed())
                .add("window", string(quota.window()))
                .add("windowStart", time(quota.windowStart()))
                .add("windowEnd", time(quota.windowEnd()))
                .add("retryAfter", quota.retryAfter(item.triggeredAt()))
                .add("refused", quota.refused())
                .add("url", string(quota.url()))
                .build();
    }

    private static JsonValue group(Digest.Group group) {
        if (group == null) {
            return JsonValue.NULL;
        }
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("id", group.id())
                .add("type", string(group.type()))
                .add("message", string(group.message()))
                .add("culprit", string(group.culprit()))
                .add("level", string(group.level()))
                .add(
                        "status",
                        string(group.status() == null ? null : group.status().wireName()))
                .add("count", group.count())
                .add("firstSeen", time(group.firstSeen()))
                .add("lastSeen", time(group.lastSeen()))
                .add("url", string(group.url()))
                .build();
    }

    private static JsonValue event(Digest.Event event) {
        if (event == null) {
            return JsonValue.NULL;
        }
        JsonObjectBuilder tags = JsonFactories.BUILDERS.createObjectBuilder();
        if (event.tags() != null) {
            for (Map.Entry<String, String> tag : event.tags().entrySet()) {
                tags.add(String.valueOf(tag.getKey()), string(tag.getValue()));
            }
        }
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("id", string(event.id()))
                .add("tags", tags)
                .build();
    }

    private static JsonValue string(String value) {
        return value == null ? JsonValue.NULL : JsonFactories.PROVIDER.createValue(value);
    }

    /** ISO-8601 UTC ({@code 2026-05-04T10:00:00.123Z}), or null. */
    private static JsonValue time(OffsetDateTime time) {
        return time == null
                ? JsonValue.NULL
                : JsonFactories.PROVIDER.createValue(time.toInstant().toString());
    }

    /** The {@code slack} text: one line per notification ({@code *[project] New group*: <url|summary>}), at most 20. */
    static String slack(Digest digest) {
        String project = slackEscape(digest.project().slug());
        String rule = slackEscape(digest.rule().name());
        String alerts = MailContent.alertsPage(digest);
        StringBuilder text = new StringBuilder();
        switch (digest.kind()) {
            case TEST ->
                text.append("*[")
                        .append(project)
                        .append("] Test notification* of the rule <")
                        .append(slackUrl(alerts))
                        .append('|')
                        .append(rule)
                        .append(">\n");
            case SUPPRESSED ->
                text.append("*[")
                        .append(project)
                        .append("] ")
                        .append(digest.suppressed())
                        .append(" more notifications suppressed* (hourly limit) of the rule <")
                        .append(slackUrl(alerts))
                        .append('|')
                        .append(rule)
                        .append(">\n");
            case NOTIFICATIONS -> {}
        }
        List<Digest.Item> items = digest.items();
        int shown = Math.min(items.size(), SLACK_MAX_LINES);
        for (int i = 0; i < shown; i++) {
            Digest.Item item = items.get(i);
            text.append("*[")
                    .append(project)
                    .append("] ")
                    .append(slackEscape(slackTrigger(item)))
                    .append("*: ");
            String summary = slackEscape(oneLine(MailContent.summary(item)));
            Digest.Group group = item.group();
            if (item.quota() != null) {
                summary = slackEscape(item.quota().refused() + " events refused so far in the "
                        + item.quota().window() + " from "
                        + MailContent.iso(item.quota().windowStart()));
                text.append('<')
                        .append(slackUrl(item.quota().url()))
                        .append('|')
                        .append(summary)
                        .append('>');
            } else if (group != null && group.url() != null) {
                text.append('<')
                        .append(slackUrl(group.url()))
                        .append('|')
                        .append(summary.replace("|", "¦"))
                        .append('>');
            } else {
                text.append(summary);
            }
            text.append('\n');
        }
        if (items.size() > shown) {
            text.append("… and ").append(items.size() - shown).append(" more\n");
        }
        if (digest.kind() == Digest.Kind.NOTIFICATIONS) {
            text.append("_Rule <")
                    .append(slackUrl(alerts))
                    .append('|')
                    .append(rule)
                    .append(">_\n");
        }
        return text.toString().stripTrailing();
    }

    private static String slackTrigger(Digest.Item item) {
        String trigger = item.trigger() == null ? "" : item.trigger();
        Digest.Threshold detail = item.detail();
        return switch (trigger) {
            case "new-group" -> "New group";
            case "regression" -> "Regression";
            case "test" -> "Test notification";
            case "quota-reached" -> {
                Digest.Quota quota = item.quota();
                yield quota == null
                        ? "Quota reached"
                        : "Quota reached: " + quota.limit() + " (" + quota.allowed() + " events a " + quota.window()
                                + ")";
            }
            case "frequency" ->
                detail == null ? trigger : detail.events() + " events in " + detail.minutes() + " minutes";
            case "view-frequency" ->
                detail == null
                        ? trigger
                        : "View/query: " + detail.events() + " events in " + detail.minutes() + " minutes";
            default -> trigger;
        };
    }

    /** Slack's escaping: {@code &}, {@code <} and {@code >} as entities (nothing else is decoded). */
    static String slackEscape(String text) {
        return text == null
                ? "null"
                : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * A URL inside {@code <url|text>}: {@code <}, {@code >}, {@code |} and spaces percent-encoded; {@code &} stays as it
     * is (Slack accepts it; Mattermost, which does not decode {@code &amp;} in link targets, needs it raw).
     */
    static String slackUrl(String url) {
        return url.replace("<", "%3C").replace(">", "%3E").replace("|", "%7C").replace(" ", "%20");
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 199) + "…";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** Reads the first {@code limit} bytes of an answer body (for the failure message) and drops the rest. */
    private static final class Prefix implements HttpResponse.BodySubscriber<String> {

        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final byte[] buffer;
        private int length;
        private Flow.Subscription subscription;

        Prefix(int limit) {
            this.buffer = new byte[limit];
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int n = Math.min(item.remaining(), buffer.length - length);
                item.get(buffer, length, n);
                length += n;
            }
            if (length == buffer.length && !result.isDone()) {
                result.complete(decoded());
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.complete(decoded());
        }

        @Override
        public void onComplete() {
            result.complete(decoded());
        }

        private String decoded() {
            return new String(buffer, 0, length, StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}&&[^\\t]]+", " ");
        }
    }
}
