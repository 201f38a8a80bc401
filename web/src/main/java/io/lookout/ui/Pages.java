package io.lookout.ui;

import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small helpers of the page beans. */
public final class Pages {

    private Pages() {}

    /**
     * Answers 404 for a page about something that does not exist or the user may not read: the
     * error page says so in the user's language, from the bundle's {@code key} and its arguments.
     */
    public static void notFound(String key, Object... arguments) throws IOException {
        sendError(HttpServletResponse.SC_NOT_FOUND, key, arguments);
    }

    /** Answers an error status; the error page (error.xhtml) shows the bundle's text for the reason. */
    public static void sendError(int status, String key, Object... arguments) throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        external.getRequestMap().put(ErrorReason.ATTRIBUTE, new ErrorReason(key, List.of(arguments)));
        external.responseSendError(status, key);
        faces.responseComplete();
    }

    /** Why a page answered an error, as a bundle key and its arguments (a request attribute). */
    public record ErrorReason(String key, List<Object> arguments) implements java.io.Serializable {
        public static final String ATTRIBUTE = "io.lookout.ui.error-reason";
    }

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A query term that matches a tag's value, or its absence (null). */
    public static String term(String key, String value) {
        if (value == null) {
            return "!has:" + key;
        }
        boolean plain = !value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"');
        return key + ":" + (plain ? value : "\"" + value.replace("\"", "") + "\"");
    }

    /** Splits a comma-separated input into trimmed, non-empty parts. */
    public static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(part -> !part.isEmpty())
                .toList();
    }
}
