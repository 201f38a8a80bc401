package io.lookout.web;

import io.lookout.consume.ReadersFirst;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Counts the people's requests in flight for {@link ReadersFirst}: every page ({@code *.xhtml}, its
 * postbacks included) and every API read ({@code GET}/{@code HEAD} under {@code /api/}). Not the
 * events sent in (their writes are what gives way), nor the pages' static resources.
 */
@WebFilter(filterName = "ReadersFirst", urlPatterns = "/*", asyncSupported = true)
public class ReadersFirstFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    private ReadersFirst readers;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!isRead(request)) {
            chain.doFilter(request, response);
            return;
        }
        readers.begin();
        try {
            chain.doFilter(request, response);
        } finally {
            readers.end();
        }
    }

    static boolean isRead(HttpServletRequest request) {
        String path = request.getServletPath();
        if (path == null) {
            return false;
        }
        if (path.endsWith(".xhtml")) {
            // the pages' scripts and styles come through the Faces servlet as well
            return !path.startsWith("/jakarta.faces.resource/");
        }
        String method = request.getMethod();
        return path.equals("/api") && ("GET".equals(method) || "HEAD".equals(method));
    }
}
