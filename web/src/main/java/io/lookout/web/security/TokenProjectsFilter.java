package io.lookout.web.security;

import io.lookout.security.TokenRestriction;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * Hands the projects an API token is restricted to ({@link LookoutAuthenticationMechanism} keeps them
 * in the request) to the ejb's project checks ({@link TokenRestriction}), before any resource runs: the
 * mechanism refuses other projects in the address ({@code /api/7/…}), and this covers what names a
 * project elsewhere (saved searches, lists across projects).
 */
@Provider
public class TokenProjectsFilter implements ContainerRequestFilter {

    @Context
    private HttpServletRequest request;

    @Inject
    private TokenRestriction restriction;

    @Override
    @SuppressWarnings("unchecked")
    public void filter(ContainerRequestContext context) {
        if (request.getAttribute(LookoutAuthenticationMechanism.TOKEN_PROJECTS_ATTRIBUTE) instanceof Set<?> projects) {
            restriction.restrictTo((Set<Long>) projects);
        }
    }
}
