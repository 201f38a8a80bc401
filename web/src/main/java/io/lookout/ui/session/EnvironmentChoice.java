package io.lookout.ui.session;

import io.lookout.query.Releases;
import jakarta.enterprise.context.SessionScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * The environment selector of the top bar (docs/releases.md): all environments until the user picks one,
 * then kept for the session. The group list adds {@code environment:VALUE} to the searches it runs.
 */
@Named
@SessionScoped
public class EnvironmentChoice implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private Releases releases;

    /** The chosen environment; null: all. */
    private String selected;

    public String getSelected() {
        return selected;
    }

    public void setSelected(String selected) {
        this.selected = selected == null || selected.isBlank() ? null : selected;
    }

    /** The environments of the user's projects. */
    public List<String> getChoices() {
        return releases.environments();
    }

    /** The query with the chosen environment's term added ({@code environment:VALUE}); unchanged for all. */
    public String filter(String query) {
        if (selected == null) {
            return query;
        }
        String term =
                Releases.ENVIRONMENT + ":\"" + selected.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return query == null || query.isBlank() ? term : query + " " + term;
    }

    /** Keeps the choice and shows the same page again, with its view parameters. */
    public void choose() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        String url = faces.getApplication()
                .getViewHandler()
                .getBookmarkableURL(faces, faces.getViewRoot().getViewId(), java.util.Map.of(), true);
        faces.getExternalContext().redirect(url);
    }
}
