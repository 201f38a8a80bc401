package io.lookout.web.security;

import io.lookout.api.ApiErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Refuses, before any resource or page sees it, what Undertow 2.3's lenient parser lets through
 * (docs/security-strict-input.md): a method that is not one of the upper-case ones Lookout serves
 * (methods are case-sensitive, RFC 9110 §9.1: {@code post} is not {@code POST}), a transfer coding
 * other than {@code chunked} (Undertow would read any as chunked, and wait for chunks that never
 * come), control characters in header values (RFC 9110 §5.5), and path parameters ({@code ;} in the
 * path: JAX-RS would drop {@code ;drop} from {@code /api/1;drop/envelope/} and serve project 1).
 * What Undertow refuses itself (header names that are not tokens, {@code Transfer-Encoding} with
 * {@code Content-Length}, bad or conflicting lengths) is not repeated here; the corpus of
 * {@code BadInputIT} shows which layer answers what.
 *
 * <p>Answers in the API's error shape. A refusal of the message framing also closes the connection
 * ({@code Connection: close}, flushed at once), so Undertow does not wait to drain a body it cannot
 * delimit.
 */
@WebFilter(filterName = "StrictRequests", urlPatterns = "/*", asyncSupported = true)
public class StrictRequests extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The methods Lookout's pages and API answer; anything else is 501 (RFC 9110 §9.1, §15.6.2). */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    /** Why a request is refused, and whether the connection must close after the answer. */
    record Refusal(int status, String error, String field, boolean close) {}

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        Refusal refusal = check(request.getMethod(), request.getRequestURI(), headers);
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        response.resetBuffer();
        response.setStatus(refusal.status());
        response.setContentType("application/json");
        if (refusal.close()) {
            // committed with this header, Undertow marks the exchange not persistent and closes the
            // request channel instead of draining a body it cannot delimit
            response.setHeader("Connection", "close");
        }
        String body = ApiErrors.error(refusal.status(), refusal.error(), refusal.field())
                .getEntity()
                .toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(bytes);
        }
        response.flushBuffer();
    }

    /**
     * @param method the request method as sent
     * @param rawUri the request URI as sent, not decoded, without the query
     * @param headers every header's values by name
     * @return why the request is refused, or {@code null} when it may pass
     */
    static Refusal check(String method, String rawUri, Map<String, List<String>> headers) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey();
            for (String value : header.getValue()) {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c < 0x20 && c != '\t' || c == 0x7f) {
                        return new Refusal(
                                400,
                                "the header " + name + " holds the control character 0x" + Integer.toHexString(c)
                                        + " (RFC 9110 §5.5)",
                                null,
                                true);
                    }
                }
            }
        }
        List<String> transferCodings = values(headers, "Transfer-Encoding");
        if (!transferCodings.isEmpty()
                && (transferCodings.size() != 1 || !transferCodings.get(0).equalsIgnoreCase("chunked"))) {
            return new Refusal(
                    501,
                    "Transfer-Encoding '" + printable(String.join(", ", transferCodings))
                            + "' is not supported: send chunked or a Content-Length (RFC 9112 §6.1)",
                    null,
                    true);
        }
        if (!METHODS.contains(method)) {
            String hint = METHODS.contains(method.toUpperCase(Locale.ROOT))
                    ? "; methods are case-sensitive (RFC 9110 §9.1): send " + method.toUpperCase(Locale.ROOT)
                    : "";
            return new Refusal(501, "the method '" + printable(method) + "' is not implemented" + hint, null, false);
        }
        if (rawUri != null && rawUri.indexOf(';') >= 0) {
            return new Refusal(
                    400, "path parameters (';' in the path) are not accepted: " + printable(rawUri), null, false);
        }
        return null;
    }

    /** Every value of a header, split at commas into list members (RFC 9110 §5.3); a blank value stays, to be refused. */
    private static List<String> values(Map<String, List<String>> headers, String name) {
        List<String> values = new ArrayList<>();
        headers.forEach((key, list) -> {
            if (key.equalsIgnoreCase(name)) {
                for (String value : list) {
                    for (String member : value.split(",", -1)) {
                        values.add(member.strip());
                    }
                }
            }
        });
        return values;
    }

    /** At most 100 characters, control characters shown as '?', for an error message. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 100; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return text.length() > 100 ? out + "…" : out.toString();
    }
}
