package io.lookout.ui.session;

import io.lookout.web.security.LookoutAuthenticationMechanism;
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
            Object target = request.getSession().getAttribute(LookoutAuthenticationMechanism.CONTINUE_ATTRIBUTE);
            request.getSession().removeAttribute(LookoutAuthenticationMechanism.CONTINUE_ATTRIBUTE);
            String path = target instanceof String text
                            && text.startsWith("/")
                            && !text.startsWith("//")
                            && !text.startsWith(LookoutAuthenticationMechanism.LOGIN_PAGE)
                    ? text
                    : "/index.xhtml";
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
