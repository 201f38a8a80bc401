package io.lookout.web.security;

import io.lookout.JsonFactories;
import io.lookout.api.ApiErrors;
import io.lookout.security.Roles;
import io.lookout.security.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * The one authentication mechanism of the application (Jakarta Security allows one), checking
 * users against Lookout's own tables (passwords hashed with PBKDF2).
 *
 * <ul>
 * <li>The API ({@code /api/*}): HTTP Basic when sent; otherwise anonymous, and resources that need
 * a user answer 401 with a Basic challenge. Sending events uses the project key, checked by the
 * edge itself. The API never redirects.</li>
 * <li>Pages: the login page calls {@code SecurityContext.authenticate} with the user's credential;
 * the HTTP session (a new id on login) then keeps the user. A page that needs a user redirects an
 * anonymous caller to the login page, which brings them back afterwards.</li>
 * </ul>
 * Each protected page request reads the user's roles again (one indexed query), so a deleted user
 * is signed out and a changed role applies at once; successful API checks are remembered for a
 * minute ({@link ValidatedCredentials}).
 * The API ignores page sessions, so a browser's session can never act on the API for a forged
 * cross-site request; pages are protected by Faces' view state on POST.
 */
@ApplicationScoped
@DatabaseIdentityStoreDefinition(
        dataSourceLookup = "java:comp/DefaultDataSource",
        callerQuery = "SELECT password_hash FROM app_user WHERE username = ?",
        groupsQuery = "SELECT r.role FROM user_role r JOIN app_user u ON u.id = r.user_id WHERE u.username = ?",
        hashAlgorithm = Pbkdf2PasswordHash.class,
        hashAlgorithmParameters = {
            Roles.HASH_ALGORITHM,
            Roles.HASH_ITERATIONS,
            Roles.HASH_SALT_BYTES,
            Roles.HASH_KEY_BYTES
        })
public class LookoutAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** The page that signs users in; it alone (with static resources) needs no user. */
    public static final String LOGIN_PAGE = "/login.xhtml";
    /** Session attribute: where to go after signing in. */
    public static final String CONTINUE_ATTRIBUTE = "io.lookout.continue";
    /** Session attribute: the signed-in user of the pages. */
    static final String CALLER_ATTRIBUTE = "io.lookout.caller";

    /** A signed-in page user as the session keeps them. */
    record Caller(String name, Set<String> groups) implements Serializable {}

    @Inject
    private ValidatedCredentials validated;

    @Inject
    private IdentityStoreHandler identityStores;

    @Inject
    private Users users;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        if (isApi(request)) {
            return api(request, response, context);
        }
        if (context.isAuthenticationRequest()) {
            Credential credential = context.getAuthParameters().getCredential();
            if (credential instanceof UsernamePasswordCredential) {
                CredentialValidationResult result = identityStores.validate(credential);
                if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                    request.getSession();
                    request.changeSessionId();
                    request.getSession()
                            .setAttribute(
                                    CALLER_ATTRIBUTE,
                                    new Caller(
                                            result.getCallerPrincipal().getName(),
                                            Set.copyOf(result.getCallerGroups())));
                    return context.notifyContainerAboutLogin(result);
                }
            }
            return AuthenticationStatus.SEND_FAILURE;
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(CALLER_ATTRIBUTE) instanceof Caller caller) {
            if (!context.isProtected()) {
                return context.notifyContainerAboutLogin(caller.name(), caller.groups());
            }
            // the user as the database has them now: a deleted user is signed out, changed roles apply at once
            Set<String> roles = users.currentRoles(caller.name());
            if (!roles.isEmpty()) {
                if (!roles.equals(caller.groups())) {
                    session.setAttribute(CALLER_ATTRIBUTE, new Caller(caller.name(), roles));
                }
                return context.notifyContainerAboutLogin(caller.name(), roles);
            }
            session.invalidate();
        }
        if (context.isProtected()) {
            String target =
                    request.getRequestURI().substring(request.getContextPath().length());
            if (request.getQueryString() != null) {
                target += "?" + request.getQueryString();
            }
            if ("GET".equals(request.getMethod())) {
                request.getSession().setAttribute(CONTINUE_ATTRIBUTE, target);
            }
            return context.redirect(request.getContextPath() + LOGIN_PAGE);
        }
        return context.doNothing();
    }

    private static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/api") || path.startsWith("/api/");
    }

    private AuthenticationStatus api(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            UsernamePasswordCredential credential =
                    decode(authorization.substring(6).trim());
            if (credential != null) {
                CredentialValidationResult result = validateCached(credential);
                if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                    return context.notifyContainerAboutLogin(result);
                }
            }
            return challenge(response, "wrong user name or password");
        }
        return context.isProtected() ? challenge(response, "sign in: this needs a Lookout user") : context.doNothing();
    }

    /**
     * HTTP Basic sends the password with every request, and checking it costs a deliberately slow
     * PBKDF2 hash: a successful check is remembered ({@link ValidatedCredentials}), so
     * a password or role change made on another node applies to API calls within a minute. Failures
     * are never cached.
     */
    private CredentialValidationResult validateCached(UsernamePasswordCredential credential) {
        String key = digest(credential.getCaller() + '\0' + credential.getPasswordAsString());
        long now = System.nanoTime();
        CredentialValidationResult hit = validated.find(key, now);
        if (hit != null) {
            return hit;
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            validated.remember(key, result, now);
        } else {
            validated.forget(key);
        }
        return result;
    }

    private static String digest(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 401 with a Basic challenge and the API's JSON error; the request goes no further. */
    private static AuthenticationStatus challenge(HttpServletResponse response, String message) {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", ApiErrors.BASIC_CHALLENGE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        try {
            response.getWriter()
                    .write(JsonFactories.BUILDERS
                            .createObjectBuilder()
                            .add("error", message)
                            .build()
                            .toString());
            // committed now, so that no error page replaces the JSON
            response.flushBuffer();
        } catch (IOException e) {
            // the status says it all
        }
        return AuthenticationStatus.SEND_CONTINUE;
    }

    private static UsernamePasswordCredential decode(String encoded) {
        try {
            String pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon <= 0
                    ? null
                    : new UsernamePasswordCredential(pair.substring(0, colon), pair.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
