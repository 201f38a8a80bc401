package io.lookout.web.security;

import io.lookout.security.SingleSignOn;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What a single sign-on path answers once the mechanisms let the request through
 * ({@link SingleSignOnMechanism}): a signed-in user goes on to the page they wanted, anyone else to
 * the login page; with single sign-on off the paths do not exist.
 */
@WebServlet("/sso/*")
public class SingleSignOnServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    private SingleSignOn sso;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!sso.isEnabled()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        } else if (request.getUserPrincipal() != null) {
            response.sendRedirect(
                    request.getContextPath() + LookoutAuthenticationMechanism.takeContinueTarget(request));
        } else {
            response.sendRedirect(request.getContextPath() + LookoutAuthenticationMechanism.LOGIN_PAGE);
        }
    }
}
