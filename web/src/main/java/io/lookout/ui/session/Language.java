package io.lookout.ui.session;

import jakarta.enterprise.context.SessionScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/** The language of the pages: the browser's (English or German) until the user picks one. */
@Named
@SessionScoped
public class Language implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final List<String> SUPPORTED = List.of("en", "de");

    private Locale chosen;

    public Locale getLocale() {
        if (chosen != null) {
            return chosen;
        }
        FacesContext faces = FacesContext.getCurrentInstance();
        return faces.getApplication().getViewHandler().calculateLocale(faces);
    }

    public List<String> getSupported() {
        return SUPPORTED;
    }

    /** Switches the language and reloads the page (a POST: it changes the session). */
    public void choose(String language) throws IOException {
        if (SUPPORTED.contains(language)) {
            chosen = Locale.forLanguageTag(language);
        }
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.getViewRoot().setLocale(getLocale());
        // the error page: the address that failed again (a path of this application only)
        String back = faces.getExternalContext().getRequestParameterMap().get("back");
        String root = faces.getExternalContext().getRequestContextPath() + "/";
        if ("/error.xhtml".equals(faces.getViewRoot().getViewId())
                && back != null
                && back.startsWith(root)
                && !back.startsWith("//")
                && back.chars().noneMatch(c -> c < 0x20 || c == '\\')) {
            faces.getExternalContext().redirect(back);
            return;
        }
        // the same page again, with its view parameters (project, id, query...)
        String url = faces.getApplication()
                .getViewHandler()
                .getBookmarkableURL(faces, faces.getViewRoot().getViewId(), java.util.Map.of(), true);
        faces.getExternalContext().redirect(url);
    }
}
