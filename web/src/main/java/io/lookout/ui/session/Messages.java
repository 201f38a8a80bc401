package io.lookout.ui.session;

import io.lookout.Problem;
import io.lookout.ProblemTexts;
import io.lookout.query.language.QuerySyntaxException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** Texts of the message bundle in the current view's language, for beans. */
@RequestScoped
public class Messages {

    public static final String BUNDLE = "io.lookout.ui.i18n.messages";

    @Inject
    private FacesContext faces;

    public String get(String key, Object... arguments) {
        String text;
        try {
            text = ResourceBundle.getBundle(BUNDLE, faces.getViewRoot().getLocale())
                    .getString(key);
        } catch (MissingResourceException e) {
            text = "???" + key + "???";
        }
        return arguments.length == 0
                ? text
                : new MessageFormat(text, faces.getViewRoot().getLocale()).format(arguments);
    }

    public void info(String key, Object... arguments) {
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, get(key, arguments), null));
    }

    public void warn(String key, Object... arguments) {
        faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_WARN, get(key, arguments), null));
    }

    /**
     * A service's problem, shown beside the component {@code clientId} (or for the page when
     * {@code null}); the one place pages turn a {@link Problem} into text.
     */
    public void problem(String clientId, Problem problem) {
        error(clientId, describe(problem));
    }

    /** The problem as a sentence in the page's language (the API keeps {@link Problem#describe()}). */
    public String describe(Problem problem) {
        return ProblemTexts.page(problem, faces.getViewRoot().getLocale());
    }

    /** A query's syntax error as a sentence in the page's language. */
    public String describe(QuerySyntaxException mistake) {
        return ProblemTexts.page(
                mistake.code(), null, mistake.arguments(), faces.getViewRoot().getLocale());
    }

    /** An error whose text is not from the bundle (a service's reason); shown escaped like every text. */
    public void error(String clientId, String text) {
        faces.addMessage(clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    }
}
