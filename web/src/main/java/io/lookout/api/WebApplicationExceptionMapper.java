package io.lookout.api;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JAX-RS's own errors (unknown path, wrong method, missing role) in the API's error shape. A
 * missing role for a caller who did not sign in at all is {@code 401} with a Basic challenge,
 * not {@code 403}.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    private SecurityContext security;

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        if (exception instanceof ForbiddenException && security.getUserPrincipal() == null) {
            return ApiErrors.unauthorized("sign in: this needs a Lookout user (HTTP Basic)");
        }
        String message = switch (original.getStatus()) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed here";
            case 406 -> "cannot produce the requested media type";
            case 415 -> "unsupported media type";
            case 403 -> "not allowed for your roles";
            default ->
                exception.getMessage() == null ? original.getStatusInfo().getReasonPhrase() : exception.getMessage();
        };
        Response.ResponseBuilder response = Response.fromResponse(ApiErrors.error(original.getStatus(), message, null));
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }
}
