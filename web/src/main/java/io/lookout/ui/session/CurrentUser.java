package io.lookout.ui.session;

import io.lookout.security.Roles;
import io.lookout.web.security.LoginCookies;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/** Who is signed in, and signing out. */
@Named
@RequestScoped
public class CurrentUser {

    @Inject
    private SecurityContext security;

    @Inject
    private FacesContext faces;

    @Inject
    private LoginCookies loginCookies;

    /** The signed-in user's name; null when nobody is signed in (not the container's "anonymous"). */
    public String getName() {
        if (faces.getExternalContext().getRemoteUser() == null) {
            return null;
        }
        Principal caller = security.getCallerPrincipal();
        return caller == null ? null : caller.getName();
    }

    public boolean isAdmin() {
        return security.isCallerInRole(Roles.ADMIN);
    }

    public void logout() throws IOException, ServletException {
        ExternalContext external = faces.getExternalContext();
        loginCookies.forget((HttpServletRequest) external.getRequest(), (HttpServletResponse) external.getResponse());
        ((HttpServletRequest) external.getRequest()).logout();
        external.invalidateSession();
        external.redirect(external.getRequestContextPath() + "/login.xhtml");
    }
}
