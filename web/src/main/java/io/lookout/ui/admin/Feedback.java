package io.lookout.ui.admin;

import io.lookout.Problem;
import io.lookout.ui.session.Messages;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;

/**
 * The answer to an administration form, addressed to that form: each form shows its own messages
 * beside it ({@code <p:messages for="formId" forType="key">}), so the answer appears where the
 * user acted and not at the top of a long page.
 */
@RequestScoped
public class Feedback {

    @Inject
    private FacesContext faces;

    @Inject
    private Messages messages;

    /** A confirmation from the bundle, shown beside the form {@code form}. */
    public void info(String form, String key, Object... arguments) {
        faces.addMessage(form, new FacesMessage(FacesMessage.SEVERITY_INFO, messages.get(key, arguments), null));
    }

    /** A refusal from the bundle, shown beside the form {@code form}. */
    public void error(String form, String key, Object... arguments) {
        messages.error(form, messages.get(key, arguments));
    }

    /** A service's problem, shown beside the form {@code form}. */
    public void problem(String form, Problem problem) {
        messages.problem(form, problem);
    }
}
