package io.lookout.ui.session;

import io.lookout.security.SingleSignOn;
import io.lookout.web.security.LookoutAuthenticationMechanism;
import io.lookout.web.security.SingleSignOnMechanism;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/** The login form: signs in through the application's authentication mechanism, then goes back where the user wanted to be. */
@Named
@RequestScoped
public class Login {

    @Inject
    private SecurityContext security;

    @Inject
    private FacesContext faces;

    @Inject
    private Messages messages;

    @Inject
    private SingleSignOn sso;

    private String username;
    private String password;

    public void submit() throws IOException {
        ExternalContext external = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        AuthenticationStatus status = security.authenticate(
                request,
                (HttpServletResponse) external.getResponse(),
                AuthenticationParameters.withParams()
                        .newAuthentication(true)
                        .credential(new UsernamePasswordCredential(username, new Password(password))));
        password = null;
        if (status == AuthenticationStatus.SUCCESS) {
            String path = LookoutAuthenticationMechanism.takeContinueTarget(request);
            external.redirect(external.getRequestContextPath() + path);
        } else if (status == AuthenticationStatus.SEND_CONTINUE) {
            faces.responseComplete();
        } else if (request.getAttribute(LookoutAuthenticationMechanism.THROTTLED_ATTRIBUTE) instanceof Long minutes) {
            // the same answer whether or not the user exists: the lock counts names, not accounts
            faces.addMessage(
                    null,
                    new FacesMessage(FacesMessage.SEVERITY_ERROR, messages.get("login.throttled", minutes), null));
        } else {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, messages.get("login.failed"), null));
        }
    }

    /** The single sign-on button: "Sign in with" the provider's name ({@code lookout.oidc.button-label}). */
    public String getSingleSignOnButton() {
        return messages.get("login.sso", sso.getButtonLabel());
    }

    /** Says on the login page why single sign-on did not sign the user in (once). */
    public void showSingleSignOnRefusal() {
        HttpServletRequest request =
                (HttpServletRequest) faces.getExternalContext().getRequest();
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SingleSignOnMechanism.REFUSED_ATTRIBUTE) instanceof String key) {
            session.removeAttribute(SingleSignOnMechanism.REFUSED_ATTRIBUTE);
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, messages.get(key), null));
        }
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
