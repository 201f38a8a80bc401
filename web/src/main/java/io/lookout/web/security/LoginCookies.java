package io.lookout.web.security;

import io.lookout.operations.LookoutLog;
import io.lookout.security.LoginTokens;
import io.lookout.web.security.LookoutAuthenticationMechanism.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.RememberMeCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.Set;

/**
 * The login cookie of the pages (docs/architecture.md, "Sign-in across nodes"): set with each sign-in
 * beside the session cookie, it carries a {@link LoginTokens} token, so that a node that does not know
 * the browser's session (its node died) signs the user in again instead of sending them to the login
 * page. HttpOnly; {@code WEB-INF/undertow-handlers.conf} adds SameSite=Lax and, over TLS, Secure.
 * Only page requests read it: the API ignores page cookies.
 */
@ApplicationScoped
public class LoginCookies {

    /** The cookie's name. */
    public static final String NAME = "lookout_login";

    @Inject
    private LoginTokens tokens;

    /** Gives the user who just signed in a new login token. */
    void issue(HttpServletRequest request, HttpServletResponse response, String username, Set<String> roles) {
        String token = tokens.generateLoginToken(new CallerPrincipal(username), roles);
        response.addCookie(cookie(request, token, (int) LoginTokens.LIFETIME.toSeconds()));
    }

    /**
     * The user of the request's login token, with the roles they have now, or empty (no token, or one
     * that is unknown, expired or of a user without roles: then the cookie is cleared).
     */
    Optional<Caller> restore(HttpServletRequest request, HttpServletResponse response) {
        String token = value(request);
        if (token == null) {
            return Optional.empty();
        }
        CredentialValidationResult result = tokens.validate(new RememberMeCredential(token));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            response.addCookie(cookie(request, "", 0));
            return Optional.empty();
        }
        String username = result.getCallerPrincipal().getName();
        LookoutLog.LOG.signedInFromLoginToken(username);
        return Optional.of(new Caller(username, Set.copyOf(result.getCallerGroups())));
    }

    /** Signing out: the token is deleted and the cookie cleared. */
    public void forget(HttpServletRequest request, HttpServletResponse response) {
        String token = value(request);
        if (token != null) {
            tokens.removeLoginToken(token);
            response.addCookie(cookie(request, "", 0));
        }
    }

    private static String value(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (NAME.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    private static Cookie cookie(HttpServletRequest request, String value, int maxAge) {
        Cookie cookie = new Cookie(NAME, value);
        cookie.setHttpOnly(true);
        cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
        cookie.setMaxAge(maxAge);
        return cookie;
    }
}
