package io.lookout.alerts;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The subject and the two bodies (text and HTML) of one alert mail in one language. Texts come from
 * {@code io/lookout/alerts/mail_{en,de}.properties}; everything from events (messages, culprits,
 * tags) is HTML-escaped in the HTML body.
 */
final class MailContent {

    /** At most this many notifications are shown in one mail ("and N more"). */
    static final int MAX_ITEMS = 50;
    /** A summary in the subject is cut to this many characters. */
    static final int MAX_SUBJECT_SUMMARY = 120;

    private static final String BUNDLE = "io.lookout.alerts.mail";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    final String subject;
    final String text;
    final String html;

    private final ResourceBundle texts;

    MailContent(Digest digest, Locale language) {
        this.texts =
                ResourceBundle.getBundle(BUNDLE, supported(language), MailContent.class.getClassLoader(), NO_FALLBACK);
        this.subject = subject(digest);
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        body(digest, text, html);
        this.text = text.toString();
        this.html = html.toString();
    }

    /** The languages mails are written in: German for {@code de}, else English. */
    static Locale supported(Locale language) {
        return language != null && "de".equals(language.getLanguage()) ? Locale.GERMAN : Locale.ENGLISH;
    }

    private String subject(Digest digest) {
        String slug = digest.project().slug();
        String subject = switch (digest.kind()) {
            case TEST -> text("subject.test", slug, digest.rule().name());
            case SUPPRESSED -> text("subject.suppressed", slug, digest.suppressed());
            case NOTIFICATIONS -> {
                List<Digest.Item> items = digest.items();
                if (items.size() == 1 && items.get(0).quota() != null) {
                    yield text("subject.quota", slug, limit(items.get(0).quota()));
                }
                if (items.size() == 1) {
                    Digest.Group group = items.get(0).group();
                    yield text(
                            "subject.one",
                            slug,
                            group == null || group.level() == null
                                    ? "-"
                                    : group.level().toUpperCase(Locale.ROOT),
                            cut(summary(items.get(0))));
                }
                yield text("subject.many", slug, items.size(), items.isEmpty() ? "" : cut(summary(items.get(0))));
            }
        };
        // a line break in a message must not end the header
        return subject.replaceAll("[\\p{Cntrl}]+", " ").strip();
    }

    private void body(Digest digest, StringBuilder text, StringBuilder html) {
        html.append("<!DOCTYPE html>\n<html lang=\"")
                .append(texts.getLocale().getLanguage())
                .append("\"><head><meta charset=\"UTF-8\"><title>")
                .append(escape(subject))
                .append("</title></head>\n")
                .append("<body style=\"font-family: sans-serif; font-size: 14px; color: #222;\">\n");
        String project = digest.project().slug();
        String rule = digest.rule().name();
        switch (digest.kind()) {
            case TEST -> paragraph(text, html, text("intro.test", rule, project));
            case SUPPRESSED -> paragraph(text, html, text("intro.suppressed", rule, project, digest.suppressed()));
            case NOTIFICATIONS -> {
                if (digest.items().size() > 1) {
                    paragraph(text, html, text("intro.many", digest.items().size(), rule, project));
                } else if (!digest.items().isEmpty() && digest.items().get(0).quota() != null) {
                    paragraph(text, html, text("intro.quota", project, rule));
                }
            }
        }
        List<Digest.Item> items = digest.items();
        int shown = Math.min(items.size(), MAX_ITEMS);
        for (int i = 0; i < shown; i++) {
            item(items.get(i), text, html);
        }
        if (items.size() > shown) {
            paragraph(text, html, text("more", items.size() - shown));
        }
        String alerts = alertsPage(digest);
        text.append("-- \n")
                .append(text("footer.rule", rule))
                .append('\n')
                .append(text("footer.manage", alerts))
                .append('\n');
        html.append("<hr>\n<p style=\"color: #666; font-size: 12px;\">")
                .append(escape(text("footer.rule", rule)))
                .append("<br>\n")
                .append(escape(text("footer.manage", "")).strip())
                .append(" <a href=\"")
                .append(escape(alerts))
                .append("\">")
                .append(escape(alerts))
                .append("</a></p>\n</body></html>\n");
    }

    private void item(Digest.Item item, StringBuilder text, StringBuilder html) {
        if (item.quota() != null) {
            quota(item, text, html);
            return;
        }
        String what = trigger(item);
        Digest.Group group = item.group();
        Digest.Event event = item.event();
        text.append("== ").append(what).append(": ").append(summary(item)).append(" ==\n");
        html.append("<h3 style=\"margin-bottom: 4px;\">")
                .append(escape(what))
                .append(": ")
                .append(escape(summary(item)))
                .append("</h3>\n<table style=\"border-collapse: collapse;\">\n");
        row(text, html, "label.what", what);
        if (group != null) {
            row(text, html, "label.message", group.message());
            row(text, html, "label.culprit", group.culprit());
            row(text, html, "label.type", group.type());
            row(text, html, "label.level", group.level());
            row(
                    text,
                    html,
                    "label.status",
                    group.status() == null ? null : group.status().wireName());
            row(text, html, "label.count", String.valueOf(group.count()));
            row(text, html, "label.first-seen", iso(group.firstSeen()));
            row(text, html, "label.last-seen", iso(group.lastSeen()));
        }
        row(text, html, "label.triggered-at", iso(item.triggeredAt()));
        if (event != null) {
            row(text, html, "label.event", event.id());
        }
        html.append("</table>\n");
        if (event != null) {
            Map<String, String> tags = event.tags() == null ? Map.of() : event.tags();
            text.append(texts.getString("label.tags")).append(":\n");
            html.append("<p style=\"margin-bottom: 2px;\"><b>")
                    .append(escape(texts.getString("label.tags")))
                    .append("</b></p>\n");
            if (tags.isEmpty()) {
                text.append("  ").append(texts.getString("label.no-tags")).append('\n');
                html.append("<p>")
                        .append(escape(texts.getString("label.no-tags")))
                        .append("</p>\n");
            } else {
                html.append("<table style=\"border-collapse: collapse;\">\n");
                for (Map.Entry<String, String> tag : tags.entrySet()) {
                    text.append("  ")
                            .append(tag.getKey())
                            .append(": ")
                            .append(tag.getValue())
                            .append('\n');
                    html.append("<tr><td style=\"padding: 1px 12px 1px 0; color: #666;\">")
                            .append(escape(String.valueOf(tag.getKey())))
                            .append("</td><td>")
                            .append(escape(String.valueOf(tag.getValue())))
                            .append("</td></tr>\n");
                }
                html.append("</table>\n");
            }
        }
        if (group != null && group.url() != null) {
            text.append(texts.getString("link.group"))
                    .append(": ")
                    .append(group.url())
                    .append('\n');
            html.append("<p><a href=\"")
                    .append(escape(group.url()))
                    .append("\">")
                    .append(escape(texts.getString("link.group")))
                    .append("</a></p>\n");
        }
        text.append('\n');
    }

    /** A {@code quota-reached} notification: the limit, the window, the refused events, the quota settings' page. */
    private void quota(Digest.Item item, StringBuilder text, StringBuilder html) {
        Digest.Quota quota = item.quota();
        String what = trigger(item);
        text.append("== ").append(what).append(" ==\n");
        html.append("<h3 style=\"margin-bottom: 4px;\">")
                .append(escape(what))
                .append("</h3>\n<table style=\"border-collapse: collapse;\">\n");
        row(text, html, "label.limit", quota.limit() + " = " + quota.allowed());
        row(text, html, "label.window", iso(quota.windowStart()) + " – " + iso(quota.windowEnd()));
        row(text, html, "label.refused", String.valueOf(quota.refused()));
        row(text, html, "label.accepted-again", iso(quota.windowEnd()));
        row(text, html, "label.triggered-at", iso(item.triggeredAt()));
        html.append("</table>\n");
        if (quota.url() != null) {
            text.append(texts.getString("link.project"))
                    .append(": ")
                    .append(quota.url())
                    .append('\n');
            html.append("<p><a href=\"")
                    .append(escape(quota.url()))
                    .append("\">")
                    .append(escape(texts.getString("link.project")))
                    .append("</a></p>\n");
        }
        text.append('\n');
    }

    /** The limit in words: "100 events a minute". */
    private String limit(Digest.Quota quota) {
        String key = "limit." + quota.limit();
        return texts.containsKey(key) ? text(key, quota.allowed()) : quota.limit() + " " + quota.allowed();
    }

    private void row(StringBuilder text, StringBuilder html, String label, String value) {
        String name = texts.getString(label);
        text.append(name).append(": ").append(value).append('\n');
        html.append("<tr><td style=\"padding: 1px 12px 1px 0; color: #666; vertical-align: top;\">")
                .append(escape(name))
                .append("</td><td>")
                .append(escape(String.valueOf(value)))
                .append("</td></tr>\n");
    }

    private static void paragraph(StringBuilder text, StringBuilder html, String paragraph) {
        text.append(paragraph).append("\n\n");
        html.append("<p>").append(escape(paragraph)).append("</p>\n");
    }

    /** The trigger in words: "New group", "120 events in 5 minutes", ... */
    String trigger(Digest.Item item) {
        String trigger = item.trigger() == null ? "" : item.trigger();
        Digest.Threshold detail = item.detail();
        return switch (trigger) {
            case "new-group", "regression", "test" -> texts.getString("trigger." + trigger);
            case "quota-reached" -> item.quota() == null ? trigger : text("trigger.quota-reached", limit(item.quota()));
            case "frequency", "view-frequency" ->
                detail == null ? trigger : text("trigger." + trigger, detail.events(), detail.minutes());
            default -> trigger;
        };
    }

    static String summary(Digest.Item item) {
        if (item.quota() != null) {
            return "quota " + item.quota().limit() + " (" + item.quota().allowed() + ")";
        }
        Digest.Group group = item.group();
        if (group == null) {
            return "";
        }
        return group.message() != null ? group.message() : group.type() != null ? group.type() : "#" + group.id();
    }

    static String alertsPage(Digest digest) {
        return digest.publicUrl() + "/alerts.xhtml?project=" + digest.project().id();
    }

    /** ISO-8601 in UTC, to the second: {@code 2026-05-04T10:00:00Z}; null as "null". */
    static String iso(OffsetDateTime time) {
        return time == null
                ? "null"
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    }

    private static String cut(String summary) {
        String line = summary.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return line.length() <= MAX_SUBJECT_SUMMARY ? line : line.substring(0, MAX_SUBJECT_SUMMARY - 1) + "…";
    }

    /** The bundle's text {@code key} with {@code {0}}, {@code {1}}, ... replaced by the arguments, verbatim. */
    private String text(String key, Object... arguments) {
        String pattern = texts.getString(key);
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i) : -1;
            if (close > i + 1 && pattern.substring(i + 1, close).chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(pattern.substring(i + 1, close));
                out.append(
                        index < arguments.length ? String.valueOf(arguments[index]) : pattern.substring(i, close + 1));
                i = close;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
