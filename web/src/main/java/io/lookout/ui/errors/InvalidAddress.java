package io.lookout.ui.errors;

import io.lookout.ui.Pages;
import jakarta.faces.component.UIViewParameter;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseEvent;
import jakarta.faces.event.PhaseId;
import jakarta.faces.event.PhaseListener;
import jakarta.faces.view.ViewMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A page opened with a parameter its view cannot take ({@code group.xhtml?id=abc}) answers 400
 * naming the parameter, before the page runs: Faces would otherwise skip the page's load and
 * render it without its data.
 */
public class InvalidAddress implements PhaseListener {

    private static final long serialVersionUID = 1L;

    @Override
    public PhaseId getPhaseId() {
        return PhaseId.PROCESS_VALIDATIONS;
    }

    @Override
    public void beforePhase(PhaseEvent event) {}

    @Override
    public void afterPhase(PhaseEvent event) {
        FacesContext faces = event.getFacesContext();
        if (faces.isPostback() || !faces.isValidationFailed() || faces.getViewRoot() == null) {
            return;
        }
        for (UIViewParameter parameter : ViewMetadata.getViewParameters(faces.getViewRoot())) {
            if (!parameter.isValid()) {
                String value =
                        faces.getExternalContext().getRequestParameterMap().get(parameter.getName());
                try {
                    Pages.sendError(400, "error.invalidParameter", parameter.getName(), shorten(value));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return;
            }
        }
    }

    private static String shorten(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 100 ? value : value.substring(0, 99) + "…";
    }
}
