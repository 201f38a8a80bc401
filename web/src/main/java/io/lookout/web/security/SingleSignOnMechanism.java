package io.lookout.web.security;

import io.lookout.operations.LookoutLog;
import io.lookout.security.SingleSignOn;
import io.lookout.web.security.LookoutAuthenticationMechanism.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContextWrapper;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.openid.Claims;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Single sign-on through an OpenID Connect provider, done by Jakarta Security's own OpenID Connect
 * mechanism (Soteria in WildFly), defined here with the {@code lookout.oidc.*} settings
 * ({@link SingleSignOn}, read through EL when first used).
 *
 * <p>Jakarta Security 3.0 lets an application have one mechanism: {@link LookoutAuthenticationMechanism}
 * is an enabled alternative and so the one the container calls; it hands the two single sign-on paths
 * to the OpenID mechanism, which this class finds as the other {@link HttpAuthenticationMechanism}
 * bean. {@value #LOGIN} sends the browser to the provider; the provider sends it back to
 * {@value #CALLBACK}, where the OpenID mechanism checks the state, exchanges the code for tokens and
 * validates them. Its verdict comes to {@link SsoContext#notifyContainerAboutLogin}, which maps the
 * caller to a Lookout user ({@link SingleSignOn#signIn}) and signs them in like the login page does: a
 * new session id, the user in the session. Anything refused or failed goes back to the login page with
 * a message.
 */
@ApplicationScoped
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "${lookoutSso.issuer}",
        clientId = "${lookoutSso.clientId}",
        clientSecret = "${lookoutSso.clientSecret}",
        redirectURI = "${baseURL}" + SingleSignOnMechanism.CALLBACK,
        scopeExpression = "${lookoutSso.scopes}",
        claimsDefinition =
                @ClaimsDefinition(
                        callerNameClaim = "${lookoutSso.usernameClaim}",
                        callerGroupsClaim = "${lookoutSso.groupsClaim}"),
        jwksConnectTimeout = 5000,
        jwksReadTimeout = 5000)
public class SingleSignOnMechanism {

    /** Where the login page's button leads: on to the provider. */
    public static final String LOGIN = "/sso/login";
    /** Where the provider sends the browser back (the redirect URI to register at the provider). */
    public static final String CALLBACK = "/sso/callback";
    /** Session attribute: this session went to the provider from {@value #LOGIN} and may come back. */
    static final String STARTED_ATTRIBUTE = "io.lookout.sso.started";
    /** Session attribute: the message key of why single sign-on did not sign the user in. */
    public static final String REFUSED_ATTRIBUTE = "io.lookout.sso.refused";

    @Inject
    private SingleSignOn sso;

    @Inject
    private BeanManager beans;

    @Inject
    private LoginCookies loginCookies;

    private volatile HttpAuthenticationMechanism openIdMechanism;

    @Inject
    private Instance<OpenIdContext> openId;

    /** Whether the request is one of single sign-on's (and single sign-on is on). */
    boolean handles(String path) {
        return path.startsWith("/sso/") && sso.isEnabled();
    }

    AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        SsoContext ssoContext = new SsoContext(context, request);
        if (path.equals(LOGIN)) {
            request.getSession().setAttribute(STARTED_ATTRIBUTE, Boolean.TRUE);
        } else if (path.equals(CALLBACK)) {
            HttpSession session = request.getSession(false);
            if (session == null || session.getAttribute(STARTED_ATTRIBUTE) == null) {
                // an answer to no sign-in this session started: stale, replayed or forged
                LookoutLog.LOG.ssoInvalid(request.getRemoteAddr());
                return ssoContext.backToLogin("login.sso.failed");
            }
        } else {
            return context.doNothing();
        }
        try {
            return openIdMechanism().validateRequest(request, response, ssoContext);
        } catch (AuthenticationException | RuntimeException e) {
            // the provider cannot be reached, its metadata or keys are unusable, the client is refused
            LookoutLog.LOG.ssoUnavailable(request.getRemoteAddr(), sso.getIssuer(), e);
            return ssoContext.backToLogin("login.sso.unavailable");
        }
    }

    /**
     * Jakarta Security's OpenID Connect mechanism: the mechanism bean that is not ours. Looked up with
     * {@link BeanManager#getBeans}, which lists both; typesafe resolution (an injection point, {@code
     * Instance}) sees only the enabled alternative, ours.
     */
    private HttpAuthenticationMechanism openIdMechanism() {
        HttpAuthenticationMechanism found = openIdMechanism;
        if (found == null) {
            for (Bean<?> bean : beans.getBeans(HttpAuthenticationMechanism.class)) {
                if (!bean.getTypes().contains(LookoutAuthenticationMechanism.class)) {
                    found = (HttpAuthenticationMechanism) beans.getReference(
                            bean, HttpAuthenticationMechanism.class, beans.createCreationalContext(bean));
                    openIdMechanism = found;
                    break;
                }
            }
        }
        if (found == null) {
            throw new IllegalStateException("Jakarta Security's OpenID Connect mechanism is missing");
        }
        return found;
    }

    /** The claims to look in, in order: the identity token, the access token, the provider's userinfo. */
    private List<Supplier<Claims>> claimSources() {
        OpenIdContext context = openId.get();
        return List.of(
                () -> context.getIdentityToken().getJwtClaims(),
                () -> context.getAccessToken().getJwtClaims(),
                context::getClaims);
    }

    /** A text claim's first value, or null. */
    private String textClaim(String name) {
        for (Supplier<Claims> source : claimSources()) {
            Optional<String> value = source.get().getStringClaim(name);
            if (value.isPresent()) {
                return value.get();
            }
        }
        return null;
    }

    /** A list claim's first non-empty value, or an empty list. */
    private List<String> listClaim(String name) {
        for (Supplier<Claims> source : claimSources()) {
            List<String> value = source.get().getArrayStringClaim(name);
            if (!value.isEmpty()) {
                return value;
            }
        }
        return List.of();
    }

    /**
     * The context the OpenID mechanism works with: the login path counts as protected (so it redirects to
     * the provider), the session is Lookout's own, and a validated caller becomes a Lookout user.
     */
    private final class SsoContext extends HttpMessageContextWrapper {

        private final HttpServletRequest request;

        SsoContext(HttpMessageContext wrapped, HttpServletRequest request) {
            super(wrapped);
            this.request = request;
        }

        @Override
        public boolean isProtected() {
            return request.getRequestURI().equals(request.getContextPath() + LOGIN) || super.isProtected();
        }

        @Override
        public void setRegisterSession(String callerName, Set<String> groups) {
            // Lookout keeps its signed-in users itself (LookoutAuthenticationMechanism.Caller)
        }

        @Override
        public AuthenticationStatus notifyContainerAboutLogin(CredentialValidationResult result) {
            if (result.getStatus() != CredentialValidationResult.Status.VALID) {
                LookoutLog.LOG.ssoInvalid(request.getRemoteAddr());
                return backToLogin("login.sso.failed");
            }
            String username = textClaim(sso.getUsernameClaim());
            String email = textClaim("email");
            List<String> groups = listClaim(sso.getGroupsClaim());
            SingleSignOn.Outcome outcome = sso.signIn(username, email, groups, request.getRemoteAddr());
            if (!outcome.signedIn()) {
                return backToLogin(outcome.refusal().messageKey());
            }
            request.changeSessionId();
            request.getSession().removeAttribute(STARTED_ATTRIBUTE);
            request.getSession()
                    .setAttribute(
                            LookoutAuthenticationMechanism.CALLER_ATTRIBUTE,
                            new Caller(outcome.username(), outcome.roles()));
            loginCookies.issue(request, getResponse(), outcome.username(), outcome.roles());
            return getWrapped().notifyContainerAboutLogin(outcome.username(), outcome.roles());
        }

        /** To the login page, which says why; the provider's tokens leave with the old session. */
        AuthenticationStatus backToLogin(String messageKey) {
            HttpSession session = request.getSession(false);
            Object target = null;
            if (session != null) {
                target = session.getAttribute(LookoutAuthenticationMechanism.CONTINUE_ATTRIBUTE);
                session.invalidate();
            }
            HttpSession fresh = request.getSession(true);
            fresh.setAttribute(REFUSED_ATTRIBUTE, messageKey);
            if (target != null) {
                fresh.setAttribute(LookoutAuthenticationMechanism.CONTINUE_ATTRIBUTE, target);
            }
            return getWrapped().redirect(request.getContextPath() + LookoutAuthenticationMechanism.LOGIN_PAGE);
        }
    }
}
