package io.lookout.ui.errors;

import io.lookout.operations.LookoutLog;
import io.lookout.ui.Pages;
import io.lookout.ui.session.Messages;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.RequestDispatcher;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What error.xhtml shows: a title and a reason in the user's language, never a stack trace or the
 * server's name and version. A failure (500) is logged with an incident id the page shows, so a
 * user can quote it and an operator find it (LOOKOUT0055).
 */
@Named
@RequestScoped
public class ErrorPage {

    @Inject
    private FacesContext faces;

    @Inject
    private Messages messages;

    /** The query string of the request that failed (Servlet 6.1's RequestDispatcher.ERROR_QUERY_STRING). */
    static final String ERROR_QUERY_STRING = "jakarta.servlet.error.query_string";

    private int status;
    private String originalUrl;
    private String reason;
    private String incident;

    /** Reads the error the container forwarded here; logs a failure once. */
    public void load() {
        ExternalContext external = faces.getExternalContext();
        Map<String, Object> request = external.getRequestMap();
        Object code = request.get(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable failure = (Throwable) request.get(RequestDispatcher.ERROR_EXCEPTION);
        // opened directly, not as the answer to an error: there is nothing at this address
        status = code instanceof Integer number ? number : failure == null ? 404 : 500;
        Object uri = request.get(RequestDispatcher.ERROR_REQUEST_URI);
        Object query = request.get(ERROR_QUERY_STRING);
        if (query == null && uri != null) {
            // an error dispatch keeps the failed request's query string
            query = ((jakarta.servlet.http.HttpServletRequest) external.getRequest()).getQueryString();
        }
        originalUrl = uri == null ? null : uri + (query == null ? "" : "?" + query);
        if (request.get(Pages.ErrorReason.ATTRIBUTE) instanceof Pages.ErrorReason why) {
            reason = messages.get(why.key(), why.arguments().toArray());
        } else if (status >= 500 || failure != null) {
            status = 500;
            incident = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            LookoutLog.LOG.pageFailure(
                    failure, incident, String.valueOf(request.get(RequestDispatcher.ERROR_REQUEST_URI)));
            reason = messages.get("error.text.500", incident);
        } else {
            reason = messages.get(
                    switch (status) {
                        case 400 -> "error.text.400";
                        case 403 -> "error.text.403";
                        case 404 -> "error.text.404";
                        case 405 -> "error.text.405";
                        default -> "error.text.other";
                    });
        }
        external.setResponseStatus(status);
    }

    /**
     * The address that failed (path and query), for the language switch to go back to: switching
     * reloads the page, and this page's own address would answer nothing.
     */
    public String getOriginalUrl() {
        return originalUrl;
    }

    public int getStatus() {
        return status;
    }

    public String getTitle() {
        return messages.get(
                switch (status) {
                    case 400, 403, 404, 405, 500 -> "error.title." + status;
                    default -> "error.title.other";
                });
    }

    public String getReason() {
        return reason;
    }

    /** The id a failure was logged with; null for the other errors. */
    public String getIncident() {
        return incident;
    }
}
