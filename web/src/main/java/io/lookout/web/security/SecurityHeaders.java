package io.lookout.web.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The security headers of every answer of the web module — pages, the API, static resources,
 * error pages — docs/security.md says why each:
 *
 * <ul>
 * <li>{@code Content-Security-Policy}: {@link ContentSecurityPolicy#API} under {@code /api},
 * {@link ContentSecurityPolicy#PAGES} elsewhere. A rendered page replaces it with PrimeFaces' own
 * header, the same policy with the page's nonce ({@code primefaces.CSP} in web.xml): the answer
 * is wrapped so that header replaces this one instead of adding a second policy, which the
 * browser would enforce as well;</li>
 * <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: same-origin};</li>
 * <li>{@code Strict-Transport-Security} when the request came over TLS ({@code isSecure()}: WildFly's
 * own HTTPS listener, or a proxy's {@code X-Forwarded-Proto: https} with proxy-address-forwarding).</li>
 * </ul>
 *
 * The authentication mechanism runs before any filter and answers some requests itself (the
 * redirect to the login page, 401, 429): it calls {@link #apply} first, so those answers carry the
 * headers too. This filter also runs on error and forward dispatches, so that the error page's
 * PrimeFaces header replaces rather than adds.
 */
@WebFilter(
        filterName = "SecurityHeaders",
        urlPatterns = "/*",
        asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ERROR})
public class SecurityHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String CSP = "Content-Security-Policy";
    /** One year; subdomains are not included, as other hosts of the domain may not have TLS. */
    static final String HSTS = "max-age=31536000";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        apply(request, response);
        chain.doFilter(request, new OnePolicy(response));
    }

    /**
     * Sets (never adds) the security headers for this request's answer.
     *
     * @param request the request answered
     * @param response its answer, not yet committed
     */
    public static void apply(HttpServletRequest request, HttpServletResponse response) {
        if (response.isCommitted()) {
            return;
        }
        headers(path(request), request.isSecure()).forEach(response::setHeader);
    }

    /**
     * @param path the request's path inside the application
     * @param secure whether the request came over TLS
     * @return the security headers of the answer, by name
     */
    static Map<String, String> headers(String path, boolean secure) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CSP, policyFor(path).header());
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "same-origin");
        if (secure) {
            headers.put("Strict-Transport-Security", HSTS);
        }
        return headers;
    }

    /**
     * @param path the request's path inside the application
     * @return the API's policy for {@code /api} and below, else the pages'
     */
    static ContentSecurityPolicy policyFor(String path) {
        return path.equals("/api") || path.startsWith("/api/")
                ? ContentSecurityPolicy.API
                : ContentSecurityPolicy.PAGES;
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /** An answer with one Content-Security-Policy: a later one (PrimeFaces') replaces the default. */
    static final class OnePolicy extends HttpServletResponseWrapper {

        OnePolicy(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void addHeader(String name, String value) {
            if (CSP.equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            } else {
                super.addHeader(name, value);
            }
        }
    }
}
