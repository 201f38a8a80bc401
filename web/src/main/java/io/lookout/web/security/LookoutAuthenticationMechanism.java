package io.lookout.web.security;

import io.lookout.JsonFactories;
import io.lookout.ProblemCode;
import io.lookout.api.ApiErrors;
import io.lookout.operations.LookoutLog;
import io.lookout.security.ApiTokens;
import io.lookout.security.LoginThrottles;
import io.lookout.security.Roles;
import io.lookout.security.TokenGrant;
import io.lookout.security.TokenScope;
import io.lookout.security.TokenSecrets;
import io.lookout.security.Users;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one authentication mechanism of the application (Jakarta Security allows one), checking
 * users against Lookout's own tables (passwords hashed with PBKDF2).
 *
 * <ul>
 * <li>The API ({@code /api/*}): HTTP Basic when sent, or an API token ({@code Authorization: Bearer
 * lkt_…}, {@link ApiTokens}): the token's user with the roles they have now, if the token's scopes
 * cover the request ({@link TokenScope#needed}; else 403) and its projects the project in the path
 * (else 404, like any project the caller cannot see); a wrong, expired or revoked token is a 401 with
 * a Bearer challenge. Otherwise anonymous, and resources that need a user answer 401 with a Basic
 * challenge. Sending events uses the project key, checked by the
 * edge itself. The API never redirects.</li>
 * <li>Pages: the login page calls {@code SecurityContext.authenticate} with the user's credential;
 * the HTTP session (a new id on login) then keeps the user, and a login token ({@link LoginCookies})
 * signs them in again on a node that does not know their session (their node died). A page that needs a user redirects an
 * anonymous caller to the login page, which brings them back afterwards.</li>
 * </ul>
 * Sign-ins by password (the login page and HTTP Basic) are throttled ({@link LoginThrottles}): while
 * the user name or the address is locked, attempts are refused before the password is checked, even
 * a remembered one (the API answers 429 with {@code Retry-After}, the login page says how long to
 * wait).
 * Each protected page request reads the user's roles again (one indexed query), so a deleted user
 * is signed out and a changed role applies at once; successful API checks are remembered for a
 * minute ({@link ValidatedCredentials}).
 * The API ignores page sessions, so a browser's session can never act on the API for a forged
 * cross-site request; pages are protected by Faces' view state on POST.
 *
 * <p>Single sign-on ({@code /sso/*}, when {@code lookout.oidc.issuer} is set) is Jakarta Security's
 * OpenID Connect mechanism, which {@link SingleSignOnMechanism} defines and this mechanism hands
 * those paths to; the signed-in user then lives in the session like one from the login page. Being an
 * enabled alternative makes this the mechanism the container calls, beside the OpenID one.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
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
    /** Request attribute: the minutes a refused sign-in must wait (for the login page's message). */
    public static final String THROTTLED_ATTRIBUTE = "io.lookout.throttled";
    /** Request attribute: the name of the API token that authenticated the request. */
    public static final String TOKEN_ATTRIBUTE = "io.lookout.token";

    /** The projects the request's API token is restricted to (absent: no restriction); {@link TokenProjectsFilter}. */
    public static final String TOKEN_PROJECTS_ATTRIBUTE = "io.lookout.token.projects";

    private static final Pattern PROJECT_PATH = Pattern.compile("/api/(\\d{1,18})(?:/.*)?");

    /** A signed-in page user as the session keeps them. */
    record Caller(String name, Set<String> groups) implements Serializable {}

    @Inject
    private ValidatedCredentials validated;

    @Inject
    private IdentityStoreHandler identityStores;

    @Inject
    private Users users;

    @Inject
    private ApiTokens tokens;

    @Inject
    private LoginThrottles throttles;

    @Inject
    private SingleSignOnMechanism singleSignOn;

    @Inject
    private LoginCookies loginCookies;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        // before any filter: the answers given here (login redirect, 401, 429) carry them too
        SecurityHeaders.apply(request, response);
        if (isApi(request)) {
            return api(request, response, context);
        }
        if (context.isAuthenticationRequest()) {
            Credential credential = context.getAuthParameters().getCredential();
            if (credential instanceof UsernamePasswordCredential password) {
                String address = request.getRemoteAddr();
                LoginThrottles.Verdict verdict = throttles.check(password.getCaller(), address);
                if (verdict.refused()) {
                    LookoutLog.LOG.loginRefused(password.getCaller(), address);
                    request.setAttribute(THROTTLED_ATTRIBUTE, verdict.minutes());
                    return AuthenticationStatus.SEND_FAILURE;
                }
                CredentialValidationResult result = identityStores.validate(credential);
                if (result.getStatus() != CredentialValidationResult.Status.VALID) {
                    throttles.failed(password.getCaller(), address);
                } else {
                    throttles.succeeded(password.getCaller(), verdict);
                    request.getSession();
                    request.changeSessionId();
                    Caller caller =
                            new Caller(result.getCallerPrincipal().getName(), Set.copyOf(result.getCallerGroups()));
                    request.getSession().setAttribute(CALLER_ATTRIBUTE, caller);
                    loginCookies.issue(request, response, caller.name(), caller.groups());
                    return context.notifyContainerAboutLogin(result);
                }
            }
            return AuthenticationStatus.SEND_FAILURE;
        }
        HttpSession session = request.getSession(false);
        boolean signedIn = session != null && session.getAttribute(CALLER_ATTRIBUTE) instanceof Caller;
        if (!signedIn
                && singleSignOn.handles(request.getRequestURI()
                        .substring(request.getContextPath().length()))) {
            return singleSignOn.validateRequest(request, response, context);
        }
        if (!signedIn && context.isProtected()) {
            // a session this node does not know (its node died): the login token signs the user in again
            Optional<Caller> restored = loginCookies.restore(request, response);
            if (restored.isPresent()) {
                if (session != null) {
                    request.changeSessionId();
                }
                request.getSession().setAttribute(CALLER_ATTRIBUTE, restored.get());
                return context.notifyContainerAboutLogin(
                        restored.get().name(), restored.get().groups());
            }
        }
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

    /**
     * Where a user who just signed in goes: the page they wanted (taken from the session), else the
     * start page; always a path within the application.
     */
    public static String takeContinueTarget(HttpServletRequest request) {
        HttpSession session = request.getSession();
        Object target = session.getAttribute(CONTINUE_ATTRIBUTE);
        session.removeAttribute(CONTINUE_ATTRIBUTE);
        return target instanceof String text
                        && text.startsWith("/")
                        && !text.startsWith("//")
                        && !text.startsWith(LOGIN_PAGE)
                ? text
                : "/index.xhtml";
    }

    private static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/api") || path.startsWith("/api/");
    }

    private AuthenticationStatus api(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String secret = authorization.substring(7).trim();
            // other bearer credentials (a project's key on the ingest edge) are for the resources
            if (TokenSecrets.meantAsToken(secret)) {
                return token(secret, request, response, context);
            }
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            UsernamePasswordCredential credential =
                    decode(authorization.substring(6).trim());
            if (credential != null) {
                String address = request.getRemoteAddr();
                LoginThrottles.Verdict verdict = throttles.check(credential.getCaller(), address);
                if (verdict.refused()) {
                    LookoutLog.LOG.loginRefused(credential.getCaller(), address);
                    return throttled(response, verdict);
                }
                CredentialValidationResult result = validateCached(credential);
                if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                    throttles.succeeded(credential.getCaller(), verdict);
                    return context.notifyContainerAboutLogin(result);
                }
                throttles.failed(credential.getCaller(), address);
            }
            return challenge(response, "wrong user name or password");
        }
        return context.isProtected() ? challenge(response, "sign in: this needs a Lookout user") : context.doNothing();
    }

    /** A request with an API token: its user now, within its scopes and projects. */
    private AuthenticationStatus token(
            String secret, HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        Optional<TokenGrant> found = tokens.authenticate(secret);
        if (found.isEmpty()) {
            return refuse(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    BEARER_CHALLENGE,
                    "invalid API token: unknown, revoked or expired");
        }
        TokenGrant grant = found.get();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        TokenScope needed = TokenScope.needed(request.getMethod(), path);
        if (!grant.scopes().contains(needed)) {
            return refuse(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    null,
                    "this API token lacks the scope " + needed.word() + ", which this request needs");
        }
        Matcher project = PROJECT_PATH.matcher(path);
        if (project.matches() && !grant.reaches(Long.parseLong(project.group(1)))) {
            return refuse(
                    response,
                    HttpServletResponse.SC_NOT_FOUND,
                    null,
                    ProblemCode.NO_PROJECT.api(null, project.group(1)));
        }
        request.setAttribute(TOKEN_ATTRIBUTE, grant.name());
        if (grant.projects() != null) {
            request.setAttribute(TOKEN_PROJECTS_ATTRIBUTE, grant.projects());
        }
        return context.notifyContainerAboutLogin(grant.username(), grant.roles());
    }

    /** 429 with {@code Retry-After}: the user name or the address is locked. */
    private static AuthenticationStatus throttled(HttpServletResponse response, LoginThrottles.Verdict verdict) {
        response.setHeader("Retry-After", String.valueOf(verdict.seconds()));
        return refuse(
                response,
                429,
                null,
                "too many failed sign-ins; try again in " + verdict.minutes()
                        + (verdict.minutes() == 1 ? " minute" : " minutes"));
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
        return refuse(response, HttpServletResponse.SC_UNAUTHORIZED, ApiErrors.BASIC_CHALLENGE, message);
    }

    /** The challenge of a request with a bad API token. */
    static final String BEARER_CHALLENGE = "Bearer realm=\"Lookout\", error=\"invalid_token\"";

    /** The status with the API's JSON error (and a challenge, if any); the request goes no further. */
    private static AuthenticationStatus refuse(
            HttpServletResponse response, int status, String challenge, String message) {
        response.setStatus(status);
        if (challenge != null) {
            response.setHeader("WWW-Authenticate", challenge);
        }
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
