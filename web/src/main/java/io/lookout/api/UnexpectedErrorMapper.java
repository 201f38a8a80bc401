package io.lookout.api;

import io.lookout.operations.LookoutLog;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/**
 * Anything unexpected (JAX-RS's own exceptions have their own mapper, the more specific one) is a 500 in the API's error shape with an incident id, never a stack trace
 * or SQL in the answer; the server log has the details under the same id.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<RuntimeException> {

    @Override
    public Response toResponse(RuntimeException exception) {
        String incident = UUID.randomUUID().toString();
        LookoutLog.LOG.apiFailure(exception, incident);
        return ApiErrors.error(500, "internal error; the server log has the details under incident " + incident, null);
    }
}
