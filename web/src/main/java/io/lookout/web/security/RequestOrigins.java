package io.lookout.web.security;

import io.lookout.security.RequestOrigin;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Tells the audit log where each request comes from ({@link RequestOrigin}): the client's address,
 * and the API token that authenticated it (the authentication mechanism ran before any filter).
 */
@WebFilter(filterName = "RequestOrigins", urlPatterns = "/*", asyncSupported = true)
public class RequestOrigins extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    private RequestOrigin origin;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        origin.setAddress(request.getRemoteAddr());
        if (request.getAttribute(LookoutAuthenticationMechanism.TOKEN_ATTRIBUTE) instanceof String token) {
            origin.setToken(token);
        }
        chain.doFilter(request, response);
    }
}
