package io.lookout.ui;

import io.lookout.Problem;
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

    /** Answers 404 for a page about something that does not exist or the user may not read. */
    public static void notFound(Problem problem) throws IOException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        external.responseSendError(HttpServletResponse.SC_NOT_FOUND, problem.getMessage());
        FacesContext.getCurrentInstance().responseComplete();
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
