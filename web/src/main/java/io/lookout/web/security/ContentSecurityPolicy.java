package io.lookout.web.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Content-Security-Policy, built in one place ({@link #PAGES}, {@link #API}) so that a later need
 * (a single sign-on provider the login form posts to, say) is one {@link #with} away instead of a
 * string edited in several files. The header value lists {@code script-src} last, because
 * PrimeFaces' CSP mode appends the page's nonce ({@code 'nonce-…'}) to the policy it is given.
 *
 * @param directives each directive's sources, in the order written (script-src always last)
 */
public record ContentSecurityPolicy(Map<String, List<String>> directives) {

    /** The name of the directive PrimeFaces completes with the nonce of each rendered page. */
    static final String SCRIPT_SRC = "script-src";

    /**
     * The pages: everything from Lookout itself; scripts only from Lookout's own files and the
     * nonce-carrying blocks PrimeFaces writes (its CSP mode turns components' {@code on…} handlers
     * into such blocks); styles also inline, because PrimeFaces' renderers and the pages write
     * {@code style} attributes, which a nonce cannot cover; images also as {@code data:} URIs (the
     * theme's icons); never in a frame; forms only to Lookout; no plug-ins; no {@code <base>} elsewhere.
     */
    public static final ContentSecurityPolicy PAGES = new ContentSecurityPolicy(Map.of())
            .with("default-src", "'self'")
            .with("style-src", "'self'", "'unsafe-inline'")
            .with("img-src", "'self'", "data:")
            .with("object-src", "'none'")
            .with("base-uri", "'self'")
            .with("form-action", "'self'")
            .with("frame-ancestors", "'none'")
            .with(SCRIPT_SRC, "'self'");

    /** API answers (JSON, never rendered): nothing may load, nothing may frame them. */
    public static final ContentSecurityPolicy API =
            new ContentSecurityPolicy(Map.of()).with("default-src", "'none'").with("frame-ancestors", "'none'");

    public ContentSecurityPolicy {
        directives = Collections.unmodifiableMap(new LinkedHashMap<>(directives));
    }

    /**
     * @param directive a directive's name, e.g. {@code form-action}
     * @param sources sources added to that directive's (the directive is created if missing)
     * @return this policy with the sources added
     */
    public ContentSecurityPolicy with(String directive, String... sources) {
        Map<String, List<String>> copy = new LinkedHashMap<>(directives);
        List<String> values = new ArrayList<>(copy.getOrDefault(directive, List.of()));
        for (String source : sources) {
            if (!values.contains(source)) {
                values.add(source);
            }
        }
        copy.put(directive, List.copyOf(values));
        return new ContentSecurityPolicy(copy);
    }

    /** @return the header value: directives separated by "; ", script-src last, no trailing ";" */
    public String header() {
        List<String> parts = new ArrayList<>();
        directives.forEach((name, sources) -> {
            if (!name.equals(SCRIPT_SRC)) {
                parts.add(name + " " + String.join(" ", sources));
            }
        });
        List<String> scripts = directives.get(SCRIPT_SRC);
        if (scripts != null) {
            parts.add(SCRIPT_SRC + " " + String.join(" ", scripts));
        }
        return String.join("; ", parts);
    }

    @Override
    public String toString() {
        return header();
    }
}
